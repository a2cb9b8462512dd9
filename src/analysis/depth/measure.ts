/**
 * Per-layer numbers read off one forward and one backward pass: gradient norms, the exact split of
 * each layer's gradient ratio into an activation part and a weight part, forward statistics with a
 * histogram, and where values stopped being finite. This runs on every slider step, so each layer's
 * arrays are read in as few plain indexed passes as possible.
 */
import { DEFAULT_SATURATION_THRESHOLD, l2Norm, type Tensor } from '../../engine';
import { evaluatePhi } from './activation';
import type { BackwardTrace, DepthNetwork, ForwardTrace } from './network';
import type { ForwardLayerStats, Histogram, LayerMeasurement, OverflowReport } from './types';

const HISTOGRAM_BINS = 40;

/** One layer's backward numbers, read in one pass over delta, g and h. */
interface BackwardPass {
  /** Sums of squares of delta = dL/dh and g = dL/dx, summed in index order (as l2Norm sums). */
  deltaSquares: number;
  gSquares: number;
  /** Sum of |phi'(h)| over the layer's elements, and how many are below the saturation threshold. */
  absSum: number;
  saturated: number;
}

/**
 * Per layer: the squared norms of delta and g and the slope statistics. The backward pass computed
 * delta = phi'(h) ⊙ g, so phi' = delta / g wherever g is a usable non-zero number; the rest (g = 0,
 * overflow) is evaluated directly, in one batch. This avoids running every activation a second time,
 * and reading each array once keeps this pass a small part of a slider step.
 */
function backwardPasses(net: DepthNetwork, fwd: ForwardTrace, bwd: BackwardTrace): BackwardPass[] {
  const passes: BackwardPass[] = [];
  const missingLayer: number[] = [], missingH: number[] = [];
  for (let l = 0; l < fwd.pre.length; l++) {
    const h = fwd.pre[l].data, d = bwd.dPre[l].data, g = bwd.dOut[l].data;
    let absSum = 0, saturated = 0, deltaSquares = 0, gSquares = 0;
    for (let i = 0; i < h.length; i++) {
      const gi = g[i], di = d[i];
      deltaSquares += di * di;
      gSquares += gi * gi;
      const a = Math.abs(di / gi);
      if (Math.abs(gi) > 1e-280 && a - a === 0) { // a - a === 0: finite
        absSum += a;
        if (a < SATURATION) saturated++;
      } else {
        missingLayer.push(l);
        missingH.push(h[i]);
      }
    }
    passes.push({ deltaSquares, gSquares, absSum, saturated });
  }
  if (missingH.length > 0) {
    const { dphi } = evaluatePhi(net.activation.apply, Float64Array.from(missingH));
    for (let k = 0; k < dphi.length; k++) {
      const a = Math.abs(dphi[k]);
      passes[missingLayer[k]].absSum += a;
      if (a < SATURATION) passes[missingLayer[k]].saturated++;
    }
  }
  return passes;
}

const SATURATION = DEFAULT_SATURATION_THRESHOLD;

/** l2Norm(v) given the sum of squares its first pass would compute (it only rescans when that over- or underflows). */
function normFrom(squares: number, v: Float64Array): number {
  return squares > 1e-280 && squares < 1e280 ? Math.sqrt(squares) : l2Norm(v);
}

interface Moments {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly nonFinite: number;
}

/**
 * Mean, population std, extent and non-finite count in one pass (sums of v - data[0], which keeps
 * the variance accurate when the mean is large); a rescaled pass if the squares overflow.
 */
function moments(data: Float64Array): Moments {
  const n = data.length;
  const shift = data[0] - data[0] === 0 ? data[0] : 0;
  let sum = 0, sq = 0, min = Infinity, max = -Infinity, nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v - v !== 0) {
      nonFinite++;
      continue;
    }
    const d = v - shift;
    sum += d;
    sq += d * d;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (nonFinite > 0) return { mean: NaN, std: NaN, min, max, nonFinite };
  if (Number.isFinite(sq) && Number.isFinite(sum)) {
    const m = sum / n;
    return { mean: shift + m, std: Math.sqrt(Math.max(0, sq / n - m * m)), min, max, nonFinite };
  }
  // Huge but finite values: scale first so that no intermediate overflows.
  let m = 0;
  for (let i = 0; i < n; i++) m += data[i] / n;
  const root = Math.sqrt(n);
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) scaled[i] = data[i] / root - m / root;
  return { mean: m, std: l2Norm(scaled), min, max, nonFinite };
}

function histogram(data: Float64Array, m: Moments): Histogram {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const { min, max, nonFinite } = m;
  if (!(min <= max)) return { min: 0, max: 0, counts, nonFinite };
  if (min === max) {
    counts[Math.floor(HISTOGRAM_BINS / 2)] = data.length - nonFinite;
    return { min: min - 0.5, max: max + 0.5, counts, nonFinite };
  }
  const scale = HISTOGRAM_BINS / (max - min);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v === 0) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) * scale))]++;
  }
  return { min, max, counts, nonFinite };
}

function hasNonFinite(data: Float64Array): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] - data[i] !== 0) return true;
  return false;
}

export interface Measurements {
  readonly layers: LayerMeasurement[];
  readonly forward: ForwardLayerStats[];
  readonly overflow: OverflowReport;
  readonly readoutWeightGradNorm: number;
}

/** A layer's forward numbers that depend on its forward pass only (kept when only the depth changes). */
export interface ForwardMoments {
  readonly mean: number;
  readonly std: number;
  readonly preStd: number;
  readonly histogram: Histogram;
  readonly nonFinite: number;
}

function forwardMoments(x: Float64Array, h: Float64Array): ForwardMoments {
  const xm = moments(x), hm = moments(h);
  return { mean: xm.mean, std: xm.std, preStd: hm.std, histogram: histogram(x, xm), nonFinite: xm.nonFinite + hm.nonFinite };
}

/** ||W|| / sqrt(rows) per weight tensor: weights are kept across slider steps, so this is read once per tensor. */
const weightScales = new WeakMap<Tensor, number>();
function weightScale(w: Tensor, rows: number): number {
  let scale = weightScales.get(w);
  if (scale === undefined) weightScales.set(w, (scale = l2Norm(w.data) / Math.sqrt(rows)));
  return scale;
}

/**
 * `keptForward` holds the forward moments of the first layers when they are known to be unchanged
 * (same weights, same input: resizeDepth kept them); those layers are not read again.
 */
export function measure(
  net: DepthNetwork, fwd: ForwardTrace, bwd: BackwardTrace, params: readonly Tensor[],
  keptForward: readonly ForwardMoments[] = [],
): Measurements & { forwardMoments: ForwardMoments[] } {
  const depth = fwd.pre.length;
  const passes = backwardPasses(net, fwd, bwd);
  const gradOf = new Map<Tensor, Tensor>(params.map((p, i) => [p, bwd.dParams[i]]));
  const deltaNorms = bwd.dPre.map((d, l) => normFrom(passes[l].deltaSquares, d.data));
  const layers: LayerMeasurement[] = [];
  const forwardStats: ForwardLayerStats[] = [];
  const allMoments: ForwardMoments[] = [];
  let forwardLayer: number | null = null;
  for (let l = 0; l < depth; l++) {
    const lin = net.hidden[l];
    const gNorm = normFrom(passes[l].gSquares, bwd.dOut[l].data);
    const nextNorm = l + 1 < depth ? deltaNorms[l + 1] : l2Norm(bwd.dY.data);
    const n = fwd.pre[l].size;
    layers.push({
      index: l + 1,
      gradNorm: deltaNorms[l],
      weightGradNorm: l2Norm(gradOf.get(lin.weight)!.data),
      biasGradNorm: lin.bias ? l2Norm(gradOf.get(lin.bias)!.data) : 0,
      meanAbsDphi: passes[l].absSum / n,
      activationFactor: deltaNorms[l] / gNorm,
      weightFactor: gNorm / nextNorm,
      weightScale: weightScale(lin.weight, lin.outFeatures),
    });
    const fm = l < keptForward.length ? keptForward[l] : forwardMoments(fwd.out[l].data, fwd.pre[l].data);
    allMoments.push(fm);
    forwardStats.push({
      index: l + 1,
      mean: fm.mean,
      std: fm.std,
      preStd: fm.preStd,
      saturatedFraction: passes[l].saturated / n,
      histogram: fm.histogram,
    });
    if (forwardLayer === null && fm.nonFinite > 0) forwardLayer = l + 1;
  }
  // Every element is finite when the norm is (l2Norm rescales sums that merely overflow), so only
  // layers with a non-finite norm are scanned.
  let backwardLayer: number | null = null;
  for (let l = depth - 1; l >= 0 && backwardLayer === null; l--) {
    if (!Number.isFinite(deltaNorms[l]) && hasNonFinite(bwd.dPre[l].data)) backwardLayer = l + 1;
  }
  return {
    layers,
    forward: forwardStats,
    forwardMoments: allMoments,
    overflow: { forwardLayer, backwardLayer, lossFinite: Number.isFinite(fwd.loss.item()) },
    readoutWeightGradNorm: l2Norm(gradOf.get(net.readout.weight)!.data),
  };
}
