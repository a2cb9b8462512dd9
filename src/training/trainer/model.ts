/** The network a config describes, built with the engine's MLP, and the names its layers go by. */
import { Rng, type InitOptions, type MLP } from '../../engine';
import type { InitConfig, ModelConfig, TrainingConfig } from '../config/types';
import { mlpWithActivation } from './activation';

/** "linear1", ..., "linear3 (output)": the names records, charts and the PyTorch export share. */
export function layerNames(widths: readonly number[]): string[] {
  const count = widths.length - 1;
  return Array.from({ length: count }, (_, i) => `linear${i + 1}${i === count - 1 ? ' (output)' : ''}`);
}

function initOptions(init: InitConfig, gain: number): InitOptions {
  return {
    gain,
    ...(init.std !== undefined ? { std: init.std } : {}),
    ...(init.low !== undefined ? { low: init.low } : {}),
    ...(init.high !== undefined ? { high: init.high } : {}),
    ...(init.mode !== undefined ? { mode: init.mode } : {}),
    ...(init.nonlinearity !== undefined ? { nonlinearity: init.nonlinearity } : {}),
  };
}

/** Explicit starting values per Linear layer, e.g. read back from an exported state. */
export interface InitialParameters {
  readonly weights: readonly ArrayLike<number>[];
  readonly biases: readonly ArrayLike<number>[];
}

/**
 * The engine head for a config's output head and loss: softmax probabilities meet cross-entropy as
 * log_softmax + NLL (never log(softmax), which underflows), so both give the same loss as logits.
 */
export function engineHead(config: Pick<TrainingConfig, 'model' | 'loss'>): 'identity' | 'log_softmax' | 'softmax' | 'sigmoid' {
  switch (config.model.head) {
    case 'linear': return 'identity';
    case 'softmax': return config.loss === 'cross_entropy' ? 'log_softmax' : 'softmax';
    case 'sigmoid': return 'sigmoid';
  }
}

/** The model with its initial weights drawn from the config's seed (fork "model", one fork per layer). */
export function buildModel(config: Pick<TrainingConfig, 'model' | 'seed' | 'loss'>, initial?: InitialParameters): MLP {
  const m: ModelConfig = config.model;
  return mlpWithActivation({
    sizes: m.widths,
    batchNorm: m.batchNorm,
    residual: m.residual,
    head: engineHead(config),
    init: m.init.name,
    initOptions: initOptions(m.init, m.gain),
    biasInit: m.biasInit,
    rng: new Rng(config.seed).fork('model'),
    ...(initial ? { weights: initial.weights, biases: initial.biases } : {}),
  }, m.activation);
}
