/**
 * The loss of a real network on a 2-D slice through its parameters (Li et al. 2018, "Visualizing
 * the Loss Landscape of Neural Nets"): θ(a, b) = θ* + a·δ + b·η around the trained parameters θ*.
 * Types shared by the panel, its worker and the protocol; the computation is in networkSliceCompute.ts.
 */

/** Random filter-normalized directions, or the two principal directions of the training trajectory. */
export type SliceBasis = 'random' | 'pca';

export interface NetworkSliceRequest {
  /** The config's text (the worker parses it) and its path (for messages). */
  readonly configText: string;
  readonly configPath: string;
  readonly basis: SliceBasis;
  /** Points per side of the grid (41 gives 41 × 41 losses). */
  readonly gridSize: number;
  /** The grid covers a, b in [−span, span] (in units of the directions). */
  readonly span: number;
  /** Training samples the loss is averaged over (the first ones of the training set). */
  readonly samples: number;
  /** Training steps before slicing (at most the config's); the trajectory is recorded along them. */
  readonly maxSteps: number;
}

export interface NetworkSliceResult {
  readonly basis: SliceBasis;
  readonly gridSize: number;
  readonly span: number;
  /** Losses, row 0 at b = +span (top), column 0 at a = −span; NaN where the loss is not finite. */
  readonly values: Float64Array;
  /** The trained parameters' loss (the centre of the grid). */
  readonly centerLoss: number;
  /** The training run's parameters projected onto the two directions, [a, b] per recorded step. */
  readonly trajectory: readonly (readonly [number, number])[];
  readonly steps: number;
  readonly samples: number;
  readonly parameterCount: number;
  /** Wall time of the training run and of the grid of losses, ms. */
  readonly trainMs: number;
  readonly gridMs: number;
  /** For PCA: the fraction of the trajectory's variance each direction explains. */
  readonly explained: readonly [number, number] | null;
}
