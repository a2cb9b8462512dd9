/**
 * What the depth explorer computes. Layer indices run from 1 (the first hidden layer, nearest the
 * input) to `depth` (the last hidden layer). Notation used throughout:
 *   h^l = the pre-activation (the activation's input; after batch normalization when it is on),
 *   x^l = phi(h^l) (plus x^(l-1) with residual connections),
 *   delta^l = dL/dh^l and g^l = dL/dx^l, both over the whole batch.
 * Values are plain numbers and may be NaN or ±Infinity where the network overflowed.
 */
import type { DepthSettings, ClipMode, TrainingSettings } from './settings';
import type { Regime } from '../meanField';

export type { Regime };

export interface LayerMeasurement {
  readonly index: number;
  /** ||delta^l||: the norm of dL/d(pre-activation) over the batch. */
  readonly gradNorm: number;
  /** ||dL/dW^l|| (Frobenius). */
  readonly weightGradNorm: number;
  readonly biasGradNorm: number;
  /** mean |phi'(h^l)| over the batch and the units. */
  readonly meanAbsDphi: number;
  /** ||delta^l|| / ||g^l||: how much the activation's slope scaled the gradient at this layer. */
  readonly activationFactor: number;
  /**
   * ||g^l|| / ||delta^(l+1)||: how much the next weight matrix (the readout after the last layer)
   * scaled it, skip path and batch norm included. activationFactor × weightFactor is exactly the
   * ratio ||delta^l|| / ||delta^(l+1)||.
   */
  readonly weightFactor: number;
  /** ||W^l|| / sqrt(rows): the typical gain of W^l, about sigma_w for a random matrix. */
  readonly weightScale: number;
}

export interface Histogram {
  readonly min: number;
  readonly max: number;
  /** Counts of equal-width bins from min to max (finite values only). */
  readonly counts: readonly number[];
  readonly nonFinite: number;
}

export interface ForwardLayerStats {
  readonly index: number;
  /** Mean and std of the layer's output x^l over the batch and the units. */
  readonly mean: number;
  readonly std: number;
  /** Std of the pre-activation h^l. */
  readonly preStd: number;
  /** Fraction of units whose |phi'(h)| is below the engine's DEFAULT_SATURATION_THRESHOLD (0.05). */
  readonly saturatedFraction: number;
  readonly histogram: Histogram;
}

/** Where values stopped being finite ("overflow from layer k"); null when they never did. */
export interface OverflowReport {
  /** First hidden layer whose pre-activations or outputs are not finite. */
  readonly forwardLayer: number | null;
  /** The backward pass runs from the output: the last layer (largest index) whose gradient is not finite. */
  readonly backwardLayer: number | null;
  readonly lossFinite: boolean;
}

export type TheoryVariant = 'plain' | 'batchnorm' | 'residual' | 'residual+batchnorm';

export interface TheoryLayer {
  readonly index: number;
  /** Predicted variance of the pre-activation h^l. */
  readonly q: number;
  /**
   * Predicted ||delta^l||² / ||delta^(l+1)||²; for a plain network
   * chi^l = sigma_w² E[phi'(sqrt(q^l) z)²], z ~ N(0, 1).
   */
  readonly chi: number;
  /** Predicted ||delta^l||, scaled to equal the measured value at the last hidden layer. */
  readonly gradNorm: number;
  /** Sigmoid only: the classic bound from sigma' <= 1/4, scaled like gradNorm. */
  readonly bound: number | null;
}

export interface DepthTheory {
  readonly variant: TheoryVariant;
  /** sigma_w = weight std × sqrt(fan_in); sigma_b = bias std. */
  readonly sigmaW: number;
  readonly sigmaB: number;
  /** The start of the variance map: the inputs' second moment (1: every input distribution has unit variance). */
  readonly q0: number;
  readonly layers: readonly TheoryLayer[];
  /** Fixed point q* of the plain variance map, or null when it has none (it diverges or collapses). */
  readonly qFixedPoint: number | null;
  /** chi at the fixed point of the plain map (batch norm: of its normalized map). */
  readonly chiFixedPoint: number;
  /** Gradient depth scale -1/ln(chi*): layers over which ||delta||² changes by a factor e (negative when it grows). */
  readonly depthScale: number;
  readonly regime: Regime;
  /** Geometric mean of this network's chi^l: the per-layer squared rate the overlay actually uses. */
  readonly effectiveChi: number;
}

export interface ClippedLayer {
  readonly index: number;
  /** Norm of the layer's weight gradient before and after clipping. */
  readonly before: number;
  readonly after: number;
}

export interface ClippingAnalysis {
  readonly mode: Exclude<ClipMode, 'none'>;
  readonly threshold: number;
  /** 2-norm of all parameter gradients together, before and after. */
  readonly totalNormBefore: number;
  readonly totalNormAfter: number;
  /** Norm clipping: min(1, max_norm / (total_norm + 1e-6)); value clipping: null. */
  readonly coefficient: number | null;
  readonly fractionClipped: number;
  /** Radians between the clipped and the unclipped gradient (0 for norm clipping). */
  readonly angle: number;
  /** Hidden layers 1..depth, then the readout as index depth + 1. */
  readonly layers: readonly ClippedLayer[];
}

export interface DepthAnalysis {
  readonly settings: DepthSettings;
  readonly loss: number;
  readonly layers: readonly LayerMeasurement[];
  /** The readout's weight-gradient norm (the layer after the last hidden one). */
  readonly readoutWeightGradNorm: number;
  readonly forward: readonly ForwardLayerStats[];
  readonly theory: DepthTheory;
  readonly clipping: ClippingAnalysis | null;
  readonly overflow: OverflowReport;
}

export interface SweepSeries {
  readonly activation: string;
  readonly depths: readonly number[];
  /** ||delta^1|| per depth, the geometric mean over the seeds. */
  readonly firstLayerGradNorm: readonly number[];
  /** The theory's ||delta^1|| per depth, anchored at each network's measured last layer. */
  readonly theoryFirstLayerGradNorm: readonly number[];
  /** exp(slope) of a least-squares line through ln ||delta^1|| against depth (finite points only). */
  readonly fittedRate: number;
  /** The theory's per-layer factor: sqrt(chi), the geometric mean over the deepest network's layers. */
  readonly theoryRate: number;
}

export interface DepthSweep {
  readonly settings: DepthSettings;
  readonly seeds: number;
  readonly series: readonly SweepSeries[];
}

export interface TrainingCurve {
  /** Loss before each step (NaN once the run diverged). */
  readonly losses: readonly number[];
  /** Total gradient norm before clipping, per step. */
  readonly gradNorms: readonly number[];
  /** Steps (0-based) at which clipping changed the gradient. */
  readonly clipEvents: readonly number[];
  /** First step whose loss was not finite, or null. */
  readonly divergedAt: number | null;
}

export interface TrainingComparison {
  readonly settings: DepthSettings;
  readonly training: TrainingSettings;
  readonly unclipped: TrainingCurve;
  readonly clipped: TrainingCurve;
  /** Steps done so far (a run reports progress before it finishes). */
  readonly stepsDone: number;
}
