/**
 * One-click stories. Each preset is a full set of settings (not a patch), so the same preset shows
 * the same network whatever the user changed before. The numbers were chosen by running them: the
 * tests in depthPresets.test.ts check that each story still happens (vanishing, critical, exploding,
 * rescued).
 */
import { DEFAULT_DEPTH_SETTINGS, DEFAULT_TRAINING_SETTINGS, type DepthSettings, type TrainingSettings } from './settings';

export type DepthPresetId =
  | 'sigmoid-vanishes'
  | 'relu-he-critical'
  | 'large-init-explodes'
  | 'batchnorm-rescues'
  | 'residual-rescues'
  | 'clipping-rescues';

export interface DepthPreset {
  readonly id: DepthPresetId;
  /** English; the panel shows the translation. */
  readonly title: string;
  readonly description: string;
  readonly settings: DepthSettings;
  readonly training: TrainingSettings;
  /** The section the panel scrolls to after applying it. */
  readonly focus: 'gradients' | 'clipping';
}

const base: DepthSettings = { ...DEFAULT_DEPTH_SETTINGS, width: 64, batchSize: 64, seed: 0, biasStd: 0, clip: 'none' };

const sigmoidDeep: DepthSettings = { ...base, activation: 'sigmoid', init: 'xavier_normal', gain: 1, depth: 30 };

export const DEPTH_PRESETS: readonly DepthPreset[] = [
  {
    id: 'sigmoid-vanishes',
    title: 'Sigmoid at depth 30 vanishes',
    description:
      "sigma'(x) <= 0.25, so with Xavier weights every layer shrinks the gradient about fourfold: the first layer gets almost nothing.",
    settings: sigmoidDeep,
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
  },
  {
    id: 'relu-he-critical',
    title: 'ReLU with He initialization is critical',
    description:
      "E[relu'(z)²] = 1/2, so He's sigma_w² = 2 gives chi = 1: the gradient keeps its size through 100 layers.",
    settings: { ...base, activation: 'relu', init: 'kaiming_normal', gain: 1, depth: 100 },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
  },
  {
    id: 'large-init-explodes',
    title: 'Large initialization explodes',
    description:
      'tanh with weights of std 3/sqrt(fan_in): chi > 1, the network is chaotic and the gradient grows layer after layer toward the input.',
    settings: { ...base, activation: 'tanh', init: 'xavier_normal', gain: 3, depth: 50 },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
  },
  {
    id: 'batchnorm-rescues',
    title: 'Batch norm rescues',
    description:
      'The same sigmoid network at depth 30 with batch normalization: each layer rescales its input, so the gradient no longer shrinks fourfold per layer.',
    settings: { ...sigmoidDeep, batchNorm: true },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
  },
  {
    id: 'residual-rescues',
    title: 'Residual connections rescue',
    description:
      'The same sigmoid network with skip connections: the gradient reaches every layer through the identity path, so it cannot vanish.',
    settings: { ...sigmoidDeep, residual: true },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
  },
  {
    id: 'clipping-rescues',
    title: 'Clipping rescues',
    description:
      'A chaotic tanh network trained with a high learning rate: without clipping the loss blows up; with the global norm clipped to 1 it trains.',
    settings: { ...base, activation: 'tanh', init: 'xavier_normal', gain: 2, depth: 20, clip: 'norm', clipNorm: 1 },
    training: { learningRate: 0.5, steps: 100 },
    focus: 'clipping',
  },
];

export function findDepthPreset(id: string): DepthPreset | undefined {
  return DEPTH_PRESETS.find((p) => p.id === id);
}
