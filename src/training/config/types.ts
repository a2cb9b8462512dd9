/**
 * A training config after parsing, validation and defaults: what the trainer, the CLI and the
 * PyTorch export read. Field names follow TypeScript conventions; the file's keys are snake_case
 * (schemas/gradlab.schema.json documents each one).
 */
import type { InitializerName, NormType, OptimizerName } from '../../engine';

export const SYNTHETIC_DATASETS = ['spiral', 'moons', 'circles', 'xor', 'gaussians'] as const;
export type SyntheticName = (typeof SYNTHETIC_DATASETS)[number];

export type DataConfig =
  | { readonly kind: 'mnist'; readonly train: number; readonly test: number }
  | { readonly kind: 'mnist-idx'; readonly folder?: string; readonly train: number; readonly test: number }
  /** The whole MNIST, found on this machine (see src/worker/training/fullMnist.ts). */
  | { readonly kind: 'mnist-full'; readonly train: number; readonly test: number }
  | {
      readonly kind: SyntheticName;
      readonly train: number;
      readonly test: number;
      readonly noise: number;
      readonly classes: number;
      /** circles: inner radius relative to the outer one. */
      readonly factor: number;
    };

export type ActivationConfig =
  | { readonly kind: 'named'; readonly name: string; readonly params: Readonly<Record<string, number | string>> }
  | { readonly kind: 'expression'; readonly expression: string; readonly label?: string };

export interface InitConfig {
  readonly name: InitializerName;
  readonly std?: number;
  readonly low?: number;
  readonly high?: number;
  readonly mode?: 'fan_in' | 'fan_out';
  readonly nonlinearity?: 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
}

export interface ModelConfig {
  /** Every width from the input to the output. */
  readonly widths: readonly number[];
  readonly activation: ActivationConfig;
  readonly init: InitConfig;
  readonly gain: number;
  readonly biasInit: 'zeros' | 'uniform';
  readonly batchNorm: boolean;
  readonly residual: boolean;
  /** What the output layer gives: logits, softmax probabilities or per-class sigmoids. */
  readonly head: OutputHead;
}

export type OutputHead = 'linear' | 'softmax' | 'sigmoid';

export interface OptimizerConfig {
  readonly name: OptimizerName;
  readonly lr: number;
  /** The engine's option object for this optimizer (camelCase keys, as src/engine/optim takes them). */
  readonly options: Readonly<Record<string, number | boolean | readonly [number, number]>>;
}

export type ClipConfig =
  | { readonly mode: 'none' }
  | { readonly mode: 'value'; readonly value: number }
  | { readonly mode: 'norm'; readonly maxNorm: number; readonly normType: NormType };

export type LossName = 'cross_entropy' | 'mse';

export interface TrainingConfig {
  readonly name?: string;
  readonly seed: number | string;
  readonly data: DataConfig;
  readonly model: ModelConfig;
  readonly loss: LossName;
  readonly optimizer: OptimizerConfig;
  readonly clip: ClipConfig;
  readonly batchSize: number;
  readonly shuffle: boolean;
  /** Either whole epochs or a number of optimizer steps. */
  readonly schedule: { readonly epochs: number } | { readonly steps: number };
  readonly record: { readonly every: number; readonly testEvery: number };
}

/** Input features and classes of a data config (fixed for MNIST, 2-D points for the synthetic sets). */
export function dataShape(data: DataConfig): { features: number; classes: number } {
  switch (data.kind) {
    case 'mnist':
    case 'mnist-idx':
    case 'mnist-full': return { features: 784, classes: 10 };
    case 'spiral':
    case 'gaussians': return { features: 2, classes: data.classes };
    default: return { features: 2, classes: 2 };
  }
}
