/**
 * The depth explorer's float32 preview: the same network, forward and backward pass and per-layer numbers as
 * analyzeDepth, computed in float32 with the engine's f32x4 WebAssembly kernels while a control is being
 * dragged. The panel replaces it with the float64 analysis once the input has been still for a moment, so
 * every number that stays on screen is the CLI's.
 *
 * Float32 cannot hold the gradients of a deep saturating network (sigmoid reaches 1e-60 at depth 100, 1e-120
 * at 200; float32 stops at 1e-45). The backward pass therefore carries each layer's gradient as a float32
 * array rescaled to about unit norm at every layer, its norm, and the natural log of its scale as a float64
 * number: every norm the analysis reports is rebuilt from these, and nothing flushes to zero. The per-layer
 * sums (norms, moments, saturation, histograms) are kernel passes too.
 *
 * The preview is only made where it can stand in for the float64 analysis: an activation with a float32
 * kernel (tanh, sigmoid, ReLU, identity), no batch norm, no clipping, a network of moderate size, WebAssembly
 * SIMD present, and a forward pass that stays finite in float32. Otherwise `previewDepth` returns null and
 * the caller computes in float64 as always.
 */
import { DEFAULT_SATURATION_THRESHOLD, F32_ACTIVATION_KINDS, F32_NORMALS_SCRATCH_BYTES, Rng, f32Kernels, getInitializer, initNormal, l2Norm, type F32Kernels } from '../../engine';
import { checkDepthSettings } from './analysis';
import { resolveDepthActivation } from './activation';
import { initOptions, layerValues, sampleBatch, sigmaW } from './network';
import type { DepthSettings } from './settings';
import { depthTheory } from './theory';
import type { DepthAnalysis, ForwardLayerStats, Histogram, LayerMeasurement } from './types';

const HISTOGRAM_BINS = 40;
/** depth × width × (width + batch): the float64 path keeps networks up to this size, and so does the preview. */
const MAX_PREVIEW_VALUES = 4_000_000;
/** Initializers that draw std·N(0, 1) with Rng.fillNormal: the preview draws their weights in float32 SIMD. */
const NORMAL_INITS = new Set(['normal', 'xavier_normal', 'kaiming_normal', 'lecun_normal']);

/** A weight matrix in float32, as the kernels read it: [out, in] for the backward pass, [in, out] forward. */
interface F32Weight {
  readonly w: Float32Array;
  readonly wt: Float32Array;
  /** ||W|| / sqrt(out), from the float64 values (as the float64 analysis reports it). */
  readonly scale: number;
}
const f32Weights = new WeakMap<Float64Array, F32Weight>();

function f32Weight(weight: Float64Array, out: number, inp: number): F32Weight {
  let hit = f32Weights.get(weight);
  if (hit === undefined) {
    const w = new Float32Array(weight.length), wt = new Float32Array(weight.length);
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < inp; i++) {
        const v = weight[o * inp + i];
        w[o * inp + i] = v;
        wt[i * out + o] = v;
      }
    }
    hit = { w, wt, scale: l2Norm(weight) / Math.sqrt(out) };
    f32Weights.set(weight, hit);
  }
  return hit;
}

/** Why a preview is not made for these settings (null: it is). */
export function previewUnavailable(settings: DepthSettings): string | null {
  if (f32Kernels() === null) return 'no WebAssembly SIMD';
  if (settings.batchNorm) return 'batch norm';
  if (settings.clip !== 'none') return 'clipping';
  const spec = resolveDepthActivation(settings).spec;
  if (spec === null || F32_ACTIVATION_KINDS[spec.name] === undefined) return 'no float32 kernel for the activation';
  if (settings.depth * settings.width * (settings.width + settings.batchSize) > MAX_PREVIEW_VALUES) return 'too large';
  return null;
}

/**
 * Float offsets of the preview's buffers in the kernels' memory: the input and scratch first, then one block per
 * hidden layer (its output, phi', weights both ways, bias), so a layer's place does not depend on the depth and
 * a depth step keeps the layers both depths share. Every buffer starts on 16 bytes, none at 0 (act32 reads
 * offset 0 as "no skip connection").
 */
class Layout {
  private size = 4;
  readonly state: number; readonly x0: number; readonly zero: number; readonly h: number; readonly g: number; readonly delta: number;
  readonly u: number; readonly dw: number; readonly deltaT: number;
  /** Results of the reductions: float64 sums, then the histogram's int32 counts. */
  readonly sums: number; readonly bins: number;
  private readonly first: number;
  private readonly block: number;
  constructor(readonly n: number, readonly w: number) {
    this.state = this.take(16 + F32_NORMALS_SCRATCH_BYTES / 4); this.x0 = this.take(n); this.zero = this.take(w); this.h = this.take(n); this.g = this.take(n);
    this.delta = this.take(n); this.u = this.take(n); this.dw = this.take(w * w); this.deltaT = this.take(n);
    this.sums = this.take(16); this.bins = this.take(HISTOGRAM_BINS);
    this.first = this.size;
    this.block = this.pad(n) * 2 + this.pad(w * w) * 2 + this.pad(w);
  }
  private pad(floats: number): number {
    return (floats + 3) & ~3;
  }
  private take(floats: number): number {
    const at = this.size;
    this.size += this.pad(floats);
    return at;
  }
  /** Floats needed for `depth` layers. */
  total(depth: number): number {
    return this.first + depth * this.block;
  }
  /** x^l (l = 0 is the input). */
  x(l: number): number {
    return l === 0 ? this.x0 : this.first + (l - 1) * this.block;
  }
  dphi(l: number): number {
    return this.x(l + 1) + this.pad(this.n);
  }
  weight(l: number): number {
    return this.dphi(l) + this.pad(this.n);
  }
  weightT(l: number): number {
    return this.weight(l) + this.pad(this.w * this.w);
  }
  bias(l: number): number {
    return this.weightT(l) + this.pad(this.w * this.w);
  }
}

/**
 * What the kernels' memory holds from the last preview: for settings that differ at most in depth (and
 * clipping), the first `layers` blocks (weights, outputs, phi') and their per-layer numbers are still right.
 */
let kept: { key: string; layers: number; forward: ForwardLayerStats[]; meanAbsDphi: number[]; weightScale: number[] } | null = null;

function keepKey(settings: DepthSettings): string {
  const { depth: _d, clip: _c, clipValue: _v, clipNorm: _n, ...rest } = settings;
  return JSON.stringify(rest);
}

/** The last input batch and its targets: a depth step or a drag of another control draws the same batch again. */
let lastBatch: { key: string; batch: ReturnType<typeof sampleBatch> } | null = null;

function batchFor(settings: DepthSettings): ReturnType<typeof sampleBatch> {
  const key = JSON.stringify([settings.seed, settings.input, settings.batchSize, settings.width]);
  if (lastBatch === null || lastBatch.key !== key) lastBatch = { key, batch: sampleBatch(settings) };
  return lastBatch.batch;
}

interface Moments {
  mean: number;
  std: number;
  min: number;
  max: number;
  nonFinite: number;
}

/** The kernels and views of their result slots, made once per preview (the memory does not grow meanwhile). */
interface Reductions {
  readonly kernels: F32Kernels;
  /** Float64 results of the last reduction. */
  readonly sums: Float64Array;
  /** The histogram's int32 counts. */
  readonly bins: Int32Array;
  readonly sumsAt: number;
  readonly binsAt: number;
}

function reductions(kernels: F32Kernels, heap: Float32Array, at: Layout): Reductions {
  return {
    kernels, sums: new Float64Array(heap.buffer, at.sums * 4, 8), bins: new Int32Array(heap.buffer, at.bins * 4, HISTOGRAM_BINS),
    sumsAt: at.sums * 4, binsAt: at.bins * 4,
  };
}

/** Mean, standard deviation, range and non-finite count of n floats at `v` (a kernel pass). */
function moments(r: Reductions, v: number, n: number): Moments {
  r.kernels.moments32(n, v * 4, r.sumsAt);
  const [sum, sq, min, max, nonFinite] = r.sums;
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sq / n - mean * mean)), min, max, nonFinite };
}

function histogram(r: Reductions, v: number, n: number, m: Moments): Histogram {
  const { min, max, nonFinite } = m;
  if (!(min <= max)) return { min: 0, max: 0, counts: new Array<number>(HISTOGRAM_BINS).fill(0), nonFinite };
  if (min === max) {
    const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
    counts[Math.floor(HISTOGRAM_BINS / 2)] = n - nonFinite;
    return { min: min - 0.5, max: max + 0.5, counts, nonFinite };
  }
  r.bins.fill(0);
  r.kernels.histogram32(n, v * 4, min, HISTOGRAM_BINS / (max - min), HISTOGRAM_BINS, r.binsAt);
  return { min, max, counts: Array.from(r.bins), nonFinite };
}

/**
 * The float32 preview of analyzeDepth(partial), or null where none is made (see previewUnavailable, and a
 * forward pass that overflows float32). The result has the float64 analysis's shape; clipping is null (the
 * preview is not made when clipping is on).
 */
export function previewDepth(partial: Partial<DepthSettings>): DepthAnalysis | null {
  const settings = checkDepthSettings(partial);
  if (previewUnavailable(settings) !== null) return null;
  const kernels = f32Kernels()!;
  const activation = resolveDepthActivation(settings);
  const kind = F32_ACTIVATION_KINDS[activation.spec!.name];
  const { depth, width: w, batchSize: B, residual } = settings;
  const n = B * w;

  const root = new Rng(settings.seed);
  const readout = layerValues(settings, root, 'readout', w, 1);
  const { input, target } = batchFor(settings);
  const at = new Layout(n, w);
  const heap = kernels.heap(at.total(depth));
  if (heap === null) return null;
  const r = reductions(kernels, heap, at);
  const key = keepKey(settings);
  const reuse = kept !== null && kept.key === key ? Math.min(kept.layers, depth) : 0;
  const forward = reuse > 0 ? kept!.forward.slice(0, reuse) : [];
  const meanAbsDphi = reuse > 0 ? kept!.meanAbsDphi.slice(0, reuse) : [];
  const weightScale = reuse > 0 ? kept!.weightScale.slice(0, reuse) : [];
  const keptBefore = kept !== null && kept.key === key ? kept : null;
  kept = null; // the blocks are rewritten below: nothing is kept unless this preview completes
  if (reuse === 0) {
    heap.fill(0, at.zero, at.zero + w);
    heap.set(input.data, at.x0);
  }

  // The weights of the layers not kept: the draws the float64 network starts from. Normal initializers draw
  // them here, four layers' streams at once in float32; the others take the float64 draws, rounded.
  const init = getInitializer(settings.init);
  const drawStd = NORMAL_INITS.has(init.name) ? init.std([w, w], initOptions(settings)) : null;
  if (drawStd !== null) {
    const words = new Int32Array(heap.buffer, at.state * 4, 16);
    for (let l0 = reuse; l0 < depth; l0 += 4) {
      const out = [0, 1, 2, 3].map((j) => (l0 + j < depth ? at.weight(l0 + j) : at.dw) * 4);
      for (let j = 0; j < 4; j++) {
        const state = root.fork(`layer${l0 + j + 1}`).getState().words;
        for (let q = 0; q < 4; q++) words[q * 4 + j] = state[q];
      }
      kernels.normals4(at.state * 4, w * w, drawStd, out[0], out[1], out[2], out[3]);
    }
  }

  // Forward through the layers not kept: h = x·Wᵀ + b, x' = phi(h) (+ x), phi'(h) kept for the backward pass.
  const saturation = DEFAULT_SATURATION_THRESHOLD;
  for (let l = reuse; l < depth; l++) {
    if (drawStd !== null) {
      kernels.transpose32(w, w, at.weight(l) * 4, at.weightT(l) * 4);
      const name = `layer${l + 1}.bias`;
      heap.set(settings.biasStd > 0 ? initNormal(root.fork(name), [w], settings.biasStd) : new Float64Array(w), at.bias(l));
      weightScale.push(Math.sqrt(kernels.sumsq32(w * w, at.weight(l) * 4) / w));
    } else {
      const values = layerValues(settings, root, `layer${l + 1}`, w, w);
      const f = f32Weight(values.weight, w, w);
      heap.set(f.w, at.weight(l));
      heap.set(f.wt, at.weightT(l));
      heap.set(values.bias, at.bias(l));
      weightScale.push(f.scale);
    }
    kernels.gemm32(B, w, w, at.x(l) * 4, w * 4, 4, at.weightT(l) * 4, at.h * 4, at.bias(l) * 4);
    kernels.act32(kind, n, at.h * 4, at.x(l + 1) * 4, at.dphi(l) * 4, residual ? at.x(l) * 4 : 0);
    // Only the pre-activations' spread is reported: two sums, non-finite if some h is (as is Σx²).
    kernels.sums32(n, at.h * 4, r.sumsAt);
    const [hSum, hSq] = r.sums;
    const hMean = hSum / n;
    const xm = moments(r, at.x(l + 1), n);
    if (!Number.isFinite(hSq) || xm.nonFinite > 0) return null; // float32 overflowed where float64 may not: no preview
    kernels.absBelow32(n, at.dphi(l) * 4, saturation, r.sumsAt);
    const [absSum, saturated] = r.sums;
    meanAbsDphi.push(absSum / n);
    forward.push({
      index: l + 1, mean: xm.mean, std: xm.std, preStd: Math.sqrt(Math.max(0, hSq / n - hMean * hMean)), saturatedFraction: saturated / n,
      histogram: histogram(r, at.x(l + 1), n, xm),
    });
  }
  // Layers beyond this depth that an earlier, deeper preview computed stay valid (they depend only on the
  // layers before them): a drag back up reuses them too.
  const valid = keptBefore !== null && keptBefore.layers > depth ? keptBefore : null;
  kept = valid
    ? { key, layers: valid.layers, forward: [...forward, ...valid.forward.slice(depth)], meanAbsDphi: [...meanAbsDphi, ...valid.meanAbsDphi.slice(depth)], weightScale: [...weightScale, ...valid.weightScale.slice(depth)] }
    : { key, layers: depth, forward: [...forward], meanAbsDphi: [...meanAbsDphi], weightScale: [...weightScale] };

  // Readout and loss in float64 (B × w values): y = x·w_r + b_r, L = mean (y - t)², dL/dy = 2 (y - t) / B.
  const xLast = at.x(depth);
  const dY = new Float64Array(B);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    let y = readout.bias[0];
    for (let i = 0; i < w; i++) y += heap[xLast + b * w + i] * readout.weight[i];
    const r = y - target.data[b];
    loss += r * r;
    dY[b] = (2 * r) / B;
  }
  loss /= B;
  const readoutGrad = new Float64Array(w);
  for (let b = 0; b < B; b++) for (let i = 0; i < w; i++) readoutGrad[i] += dY[b] * heap[xLast + b * w + i];
  const dyNorm = l2Norm(dY), wrNorm = l2Norm(readout.weight);

  // Backward with rescaled gradients. The buffer at gAt holds ĝ with ‖ĝ‖ = gNorm, and dL/dx^l = exp(logG) · ĝ / gNorm;
  // each layer divides by gNorm as it forms δ, so the float32 values stay near unit size at any depth.
  // δ = φ'(h) · ĝ / gNorm holds dL/dh^l / exp(logG); its norm is the layer's activation factor.
  let { g: gAt, u: uAt } = at;
  const { delta: deltaAt, deltaT: deltaTAt, dw: dwAt, zero: zeroAt } = at;
  const gradNorm = new Array<number>(depth), activationFactor = new Array<number>(depth), weightFactor = new Array<number>(depth);
  const weightGradNorm = new Array<number>(depth), biasGradNorm = new Array<number>(depth);
  let logG = Math.log(dyNorm) + Math.log(wrNorm);
  let gNorm = 1;
  for (let b = 0; b < B; b++) for (let i = 0; i < w; i++) heap[gAt + b * w + i] = (dY[b] / dyNorm) * (readout.weight[i] / wrNorm);
  let logNextDelta = Math.log(dyNorm); // the norm the last hidden layer's weight factor divides by
  for (let l = depth - 1; l >= 0; l--) {
    weightFactor[l] = Math.exp(logG - logNextDelta);
    const ratio = Math.sqrt(kernels.scaledProduct32(n, at.dphi(l) * 4, gAt * 4, 1 / gNorm, deltaAt * 4)); // ‖δ‖ / ‖g‖
    activationFactor[l] = ratio;
    const logDelta = logG + Math.log(ratio);
    gradNorm[l] = Math.exp(logDelta);
    if (!(ratio > 0) || !Number.isFinite(logDelta)) {
      // delta is exactly zero (every unit dead) or undefined: the layers below get no gradient either.
      for (let k = l; k >= 0; k--) {
        if (k < l) {
          weightFactor[k] = ratio > 0 ? NaN : 0;
          activationFactor[k] = NaN;
          gradNorm[k] = ratio > 0 ? NaN : 0;
        }
        weightGradNorm[k] = gradNorm[k];
        biasGradNorm[k] = gradNorm[k];
      }
      break;
    }
    // dW = deltaᵀ·x^(l-1) (w × w), db = column sums of delta; both in units of exp(logG).
    // δᵀ is read row by row: Chromium runs the product about half as fast when A is read down its columns.
    kernels.transpose32(B, w, deltaAt * 4, deltaTAt * 4);
    kernels.gemm32(w, w, B, deltaTAt * 4, B * 4, 4, at.x(l) * 4, dwAt * 4, zeroAt * 4);
    const gScale = Math.exp(logG);
    weightGradNorm[l] = gScale * Math.sqrt(kernels.sumsq32(w * w, dwAt * 4));
    biasGradNorm[l] = gScale * Math.sqrt(kernels.columnSumsSq32(B, w, deltaAt * 4));
    if (l === 0) break;
    // g^(l-1) = delta·W (+ g^l with the skip connection), in units of exp(logG): the next ĝ, with its norm.
    kernels.gemm32(B, w, w, deltaAt * 4, w * 4, 4, at.weight(l) * 4, uAt * 4, zeroAt * 4);
    const uSq = residual ? kernels.addScaled32(n, uAt * 4, 1 / gNorm, gAt * 4) : kernels.sumsq32(n, uAt * 4);
    [gAt, uAt] = [uAt, gAt];
    gNorm = Math.sqrt(uSq);
    logG += Math.log(gNorm);
    logNextDelta = logDelta;
  }

  const layerRows: LayerMeasurement[] = gradNorm.map((g, l) => ({
    index: l + 1,
    gradNorm: g,
    weightGradNorm: weightGradNorm[l],
    biasGradNorm: biasGradNorm[l],
    meanAbsDphi: meanAbsDphi[l],
    activationFactor: activationFactor[l],
    weightFactor: weightFactor[l],
    weightScale: weightScale[l],
  }));
  let backwardLayer: number | null = null;
  for (let l = depth - 1; l >= 0 && backwardLayer === null; l--) if (!Number.isFinite(gradNorm[l])) backwardLayer = l + 1;
  const theory = depthTheory({ settings, activation, sigmaW: sigmaW(settings), measured: gradNorm });
  return {
    settings,
    loss,
    layers: layerRows,
    readoutWeightGradNorm: l2Norm(readoutGrad),
    forward,
    theory,
    clipping: null,
    overflow: { forwardLayer: null, backwardLayer, lossFinite: Number.isFinite(loss) },
  };
}
