/**
 * One-click stories, named by what they show: the end-to-end factor ||delta^1|| / ||delta^L|| in the
 * title is the one the panel's verdict leads with. Each preset is a full set of settings (not a
 * patch), so the same preset shows the same network whatever the user changed before. The tests in
 * depthPresets.test.ts run every preset and check that its title, its verdict and the measured factor
 * agree.
 */
import { DEFAULT_DEPTH_SETTINGS, DEFAULT_TRAINING_SETTINGS, type DepthSettings, type TrainingSettings } from './settings';
import type { Behaviour } from './verdict';

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
  /** What the verdict must say the gradient does (depthVerdict's behaviour). */
  readonly shows: Behaviour;
}

const base: DepthSettings = { ...DEFAULT_DEPTH_SETTINGS, width: 64, batchSize: 64, seed: 0, biasStd: 0, clip: 'none' };

const sigmoidDeep: DepthSettings = { ...base, activation: 'sigmoid', init: 'xavier_normal', gain: 1, depth: 30 };

export const DEPTH_PRESETS: readonly DepthPreset[] = [
  {
    id: 'sigmoid-vanishes',
    title: 'Sigmoid, 30 layers: layer 1 gets 3e-19',
    description:
      "sigma'(x) <= 0.25, so with Xavier weights every layer shrinks the gradient about fourfold: the first layer gets almost nothing.",
    settings: sigmoidDeep,
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
    shows: 'vanish',
  },
  {
    id: 'relu-he-critical',
    title: 'ReLU + He init: ×0.23 over 100 layers',
    description:
      "E[relu'(z)²] = 1/2, so He's sigma_w² = 2 gives chi = 1: per layer the gradient keeps its size (×0.985); what is lost over 100 layers comes from the finite width of 64 units. Xavier would give ×0.71 per layer.",
    settings: { ...base, activation: 'relu', init: 'kaiming_normal', gain: 1, depth: 100 },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
    shows: 'shrink',
  },
  {
    id: 'large-init-explodes',
    title: 'tanh, gain 3: ×5e6 over 50 layers',
    description:
      'tanh with weights of std 3/sqrt(fan_in): chi > 1, the network is chaotic and the gradient grows layer after layer toward the input.',
    settings: { ...base, activation: 'tanh', init: 'xavier_normal', gain: 3, depth: 50 },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
    shows: 'explode',
  },
  {
    id: 'batchnorm-rescues',
    title: 'Batch norm: ×2.6 instead of 3e-19',
    description:
      'The same sigmoid network at depth 30 with batch normalization: each layer rescales its input, so the gradient no longer shrinks fourfold per layer. It even grows a little (chi* = 1.05, mildly chaotic): ×2.6 over 30 layers instead of 3e-19.',
    settings: { ...sigmoidDeep, batchNorm: true },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
    shows: 'grow',
  },
  {
    id: 'residual-rescues',
    title: 'Residual connections: ×2.8 instead of 3e-19',
    description:
      'The same sigmoid network with skip connections: the gradient reaches every layer through the identity path, so it cannot vanish: ×2.8 over 30 layers instead of 3e-19.',
    settings: { ...sigmoidDeep, residual: true },
    training: DEFAULT_TRAINING_SETTINGS,
    focus: 'gradients',
    shows: 'grow',
  },
  {
    id: 'clipping-rescues',
    title: 'Clipping: trains instead of diverging',
    description:
      'A chaotic tanh network trained with a high learning rate: without clipping the loss blows up; with the global norm clipped to 1 it trains.',
    settings: { ...base, activation: 'tanh', init: 'xavier_normal', gain: 2, depth: 20, clip: 'norm', clipNorm: 1 },
    training: { learningRate: 0.5, steps: 100 },
    focus: 'clipping',
    shows: 'grow',
  },
];

export function findDepthPreset(id: string): DepthPreset | undefined {
  return DEPTH_PRESETS.find((p) => p.id === id);
}
