/**
 * Per-layer numbers read off one forward and one backward pass: gradient norms, the exact split of
 * each layer's gradient ratio into an activation part and a weight part, forward statistics with a
 * histogram, and where values stopped being finite.
 */
import { DEFAULT_SATURATION_THRESHOLD, l2Norm, type Tensor } from '../engine';
import { evaluatePhi } from './depthActivation';
import type { BackwardTrace, DepthNetwork, ForwardTrace } from './depthNetwork';
import {
  type ForwardLayerStats,
  type Histogram,
  type LayerMeasurement,
  type OverflowReport,
} from './depthTypes';

const HISTOGRAM_BINS = 40;

function allFinite(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}

/**
 * phi'(h) for every element of every layer. The backward pass computed delta = phi'(h) ⊙ g, so
 * phi' = delta / g wherever g is a usable non-zero number; the rest (g = 0, overflow) is evaluated
 * directly in one batch. This avoids running every activation a second time.
 */
function slopes(net: DepthNetwork, fwd: ForwardTrace, bwd: BackwardTrace): Float64Array[] {
  const out: Float64Array[] = [];
  const missing: { layer: number; index: number; h: number }[] = [];
  fwd.pre.forEach((h, l) => {
    const d = bwd.dPre[l].data, g = bwd.dOut[l].data;
    const s = new Float64Array(h.size);
    for (let i = 0; i < s.length; i++) {
      const r = d[i] / g[i];
      if (g[i] !== 0 && Number.isFinite(r) && Math.abs(g[i]) > 1e-280) s[i] = r;
      else missing.push({ layer: l, index: i, h: h.data[i] });
    }
    out.push(s);
  });
  if (missing.length > 0) {
    const { dphi } = evaluatePhi(net.activation.apply, Float64Array.from(missing, (m) => m.h));
    missing.forEach((m, k) => (out[m.layer][m.index] = dphi[k]));
  }
  return out;
}

function histogram(data: Float64Array): Histogram {
  let min = Infinity, max = -Infinity, nonFinite = 0;
  for (const v of data) {
    if (!Number.isFinite(v)) nonFinite++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  if (!(min <= max)) return { min: 0, max: 0, counts, nonFinite };
  if (min === max) {
    counts[Math.floor(HISTOGRAM_BINS / 2)] = data.length - nonFinite;
    return { min: min - 0.5, max: max + 0.5, counts, nonFinite };
  }
  const scale = HISTOGRAM_BINS / (max - min);
  for (const v of data) if (Number.isFinite(v)) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) * scale))]++;
  return { min, max, counts, nonFinite };
}

/** Mean and population std that stay finite while the values do (no overflowing sum of squares). */
function meanStd(data: Float64Array): { mean: number; std: number } {
  const n = data.length;
  let mean = 0;
  for (const v of data) mean += v / n;
  const root = Math.sqrt(n);
  const scaled = new Float64Array(n); // (x - mean) / sqrt(n), formed so that no step overflows
  for (let i = 0; i < n; i++) scaled[i] = data[i] / root - mean / root;
  return { mean, std: l2Norm(scaled) };
}

export interface Measurements {
  readonly layers: LayerMeasurement[];
  readonly forward: ForwardLayerStats[];
  readonly overflow: OverflowReport;
  readonly readoutWeightGradNorm: number;
}

export function measure(net: DepthNetwork, fwd: ForwardTrace, bwd: BackwardTrace, params: readonly Tensor[]): Measurements {
  const depth = fwd.pre.length;
  const dphi = slopes(net, fwd, bwd);
  const gradOf = new Map<Tensor, Tensor>(params.map((p, i) => [p, bwd.dParams[i]]));
  const deltaNorms = bwd.dPre.map((d) => l2Norm(d.data));
  const layers: LayerMeasurement[] = [];
  const forwardStats: ForwardLayerStats[] = [];
  const threshold = DEFAULT_SATURATION_THRESHOLD;
  let forwardLayer: number | null = null;
  let backwardLayer: number | null = null;
  for (let l = 0; l < depth; l++) {
    const lin = net.hidden[l];
    const gNorm = l2Norm(bwd.dOut[l].data);
    const nextNorm = l + 1 < depth ? deltaNorms[l + 1] : l2Norm(bwd.dY.data);
    let absSum = 0, saturated = 0;
    for (const s of dphi[l]) {
      absSum += Math.abs(s);
      if (Math.abs(s) < threshold) saturated++;
    }
    const n = dphi[l].length;
    layers.push({
      index: l + 1,
      gradNorm: deltaNorms[l],
      weightGradNorm: l2Norm(gradOf.get(lin.weight)!.data),
      biasGradNorm: lin.bias ? l2Norm(gradOf.get(lin.bias)!.data) : 0,
      meanAbsDphi: absSum / n,
      activationFactor: deltaNorms[l] / gNorm,
      weightFactor: gNorm / nextNorm,
      weightScale: l2Norm(lin.weight.data) / Math.sqrt(lin.outFeatures),
    });
    const x = fwd.out[l].data, h = fwd.pre[l].data;
    const xs = meanStd(x);
    forwardStats.push({
      index: l + 1,
      mean: xs.mean,
      std: xs.std,
      preStd: meanStd(h).std,
      saturatedFraction: saturated / n,
      histogram: histogram(x),
    });
    if (forwardLayer === null && !(allFinite(h) && allFinite(x))) forwardLayer = l + 1;
  }
  for (let l = depth - 1; l >= 0 && backwardLayer === null; l--) {
    if (!allFinite(bwd.dPre[l].data)) backwardLayer = l + 1;
  }
  return {
    layers,
    forward: forwardStats,
    overflow: { forwardLayer, backwardLayer, lossFinite: Number.isFinite(fwd.loss.item()) },
    readoutWeightGradNorm: l2Norm(gradOf.get(net.readout.weight)!.data),
  };
}
