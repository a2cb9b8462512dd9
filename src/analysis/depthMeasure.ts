/**
 * Per-layer numbers read off one forward and one backward pass: gradient norms, the exact split of
 * each layer's gradient ratio into an activation part and a weight part, forward statistics with a
 * histogram, and where values stopped being finite. This runs on every slider step, so each layer's
 * arrays are read in as few plain indexed passes as possible.
 */
import { DEFAULT_SATURATION_THRESHOLD, l2Norm, type Tensor } from '../engine';
import { evaluatePhi } from './depthActivation';
import type { BackwardTrace, DepthNetwork, ForwardTrace } from './depthNetwork';
import type { ForwardLayerStats, Histogram, LayerMeasurement, OverflowReport } from './depthTypes';

const HISTOGRAM_BINS = 40;

interface SlopeStats {
  /** Sum of |phi'(h)| over the layer's elements, and how many are below the saturation threshold. */
  absSum: number;
  saturated: number;
}

/**
 * Sums of |phi'(h)| and saturation counts per layer. The backward pass computed delta = phi'(h) ⊙ g,
 * so phi' = delta / g wherever g is a usable non-zero number; the rest (g = 0, overflow) is evaluated
 * directly, in one batch. This avoids running every activation a second time.
 */
function slopeStats(net: DepthNetwork, fwd: ForwardTrace, bwd: BackwardTrace): SlopeStats[] {
  const stats: SlopeStats[] = [];
  const missingLayer: number[] = [], missingH: number[] = [];
  for (let l = 0; l < fwd.pre.length; l++) {
    const h = fwd.pre[l].data, d = bwd.dPre[l].data, g = bwd.dOut[l].data;
    let absSum = 0, saturated = 0;
    for (let i = 0; i < h.length; i++) {
      const gi = g[i];
      const a = Math.abs(d[i] / gi);
      if (Math.abs(gi) > 1e-280 && a - a === 0) { // a - a === 0: finite
        absSum += a;
        if (a < DEFAULT_SATURATION_THRESHOLD) saturated++;
      } else {
        missingLayer.push(l);
        missingH.push(h[i]);
      }
    }
    stats.push({ absSum, saturated });
  }
  if (missingH.length > 0) {
    const { dphi } = evaluatePhi(net.activation.apply, Float64Array.from(missingH));
    for (let k = 0; k < dphi.length; k++) {
      const a = Math.abs(dphi[k]);
      stats[missingLayer[k]].absSum += a;
      if (a < DEFAULT_SATURATION_THRESHOLD) stats[missingLayer[k]].saturated++;
    }
  }
  return stats;
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

export function measure(net: DepthNetwork, fwd: ForwardTrace, bwd: BackwardTrace, params: readonly Tensor[]): Measurements {
  const depth = fwd.pre.length;
  const slopes = slopeStats(net, fwd, bwd);
  const gradOf = new Map<Tensor, Tensor>(params.map((p, i) => [p, bwd.dParams[i]]));
  const deltaNorms = bwd.dPre.map((d) => l2Norm(d.data));
  const layers: LayerMeasurement[] = [];
  const forwardStats: ForwardLayerStats[] = [];
  let forwardLayer: number | null = null;
  for (let l = 0; l < depth; l++) {
    const lin = net.hidden[l];
    const gNorm = l2Norm(bwd.dOut[l].data);
    const nextNorm = l + 1 < depth ? deltaNorms[l + 1] : l2Norm(bwd.dY.data);
    const n = fwd.pre[l].size;
    layers.push({
      index: l + 1,
      gradNorm: deltaNorms[l],
      weightGradNorm: l2Norm(gradOf.get(lin.weight)!.data),
      biasGradNorm: lin.bias ? l2Norm(gradOf.get(lin.bias)!.data) : 0,
      meanAbsDphi: slopes[l].absSum / n,
      activationFactor: deltaNorms[l] / gNorm,
      weightFactor: gNorm / nextNorm,
      weightScale: l2Norm(lin.weight.data) / Math.sqrt(lin.outFeatures),
    });
    const x = fwd.out[l].data;
    const xm = moments(x), hm = moments(fwd.pre[l].data);
    forwardStats.push({
      index: l + 1,
      mean: xm.mean,
      std: xm.std,
      preStd: hm.std,
      saturatedFraction: slopes[l].saturated / n,
      histogram: histogram(x, xm),
    });
    if (forwardLayer === null && xm.nonFinite + hm.nonFinite > 0) forwardLayer = l + 1;
  }
  let backwardLayer: number | null = null;
  for (let l = depth - 1; l >= 0 && backwardLayer === null; l--) {
    if (hasNonFinite(bwd.dPre[l].data)) backwardLayer = l + 1;
  }
  return {
    layers,
    forward: forwardStats,
    overflow: { forwardLayer, backwardLayer, lossFinite: Number.isFinite(fwd.loss.item()) },
    readoutWeightGradNorm: l2Norm(gradOf.get(net.readout.weight)!.data),
  };
}
