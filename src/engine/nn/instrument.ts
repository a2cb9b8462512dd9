/**
 * Per-layer instrumentation of an MLP: the numbers the gradient charts plot.
 *
 * Read after `mlp.forward(x, { trace: true })` and `backward(loss)`: weight and bias norms and
 * their gradients' norms, dL/dz_k at each linear output (the vanishing/exploding signature, as
 * mlp_grads.json defines it), mean |φ'| at each activation's input (computed by autograd, like
 * every derivative in the engine), and activation statistics: mean, std and the saturated
 * fraction (units whose |φ'(u)| is below a threshold, i.e. that pass almost no gradient).
 */

import { Tensor } from '../tensor';
import { enableGrad, grad } from '../autograd';
import { sum } from '../ops/reduce';
import type { MLP, LayerActivation } from './mlp';

/** |φ'(u)| below this counts a unit as saturated (tanh: |u| > 2.2, sigmoid: |u| > 2.9, relu: u < 0). */
export const DEFAULT_SATURATION_THRESHOLD = 0.05;

export interface LayerStats {
  /** 1-based index of the linear layer, input side first (the last one is the output layer). */
  readonly layer: number;
  readonly fanIn: number;
  readonly fanOut: number;
  /** The hidden layer's activation name; null for the output layer. */
  readonly activation: string | null;
  readonly weightNorm: number;
  readonly biasNorm: number | null;
  /** ‖dL/dW_k‖_F; null before a backward pass. */
  readonly weightGradNorm: number | null;
  /** ‖dL/db_k‖₂; null before a backward pass or without bias. */
  readonly biasGradNorm: number | null;
  /** (1/batch)·Σ_i ‖dL/dz_k[i, :]‖₂: per-sample size of the gradient at the linear output. */
  readonly preactGradNormMean: number | null;
  /** √mean(z_k²): the forward signal's size at the linear output. */
  readonly preactRms: number;
  /** mean |φ'(u_k)| over the batch and units; null for the output layer. */
  readonly meanAbsDerivative: number | null;
  /** Mean and (population) std of φ(u_k); null for the output layer. */
  readonly activationMean: number | null;
  readonly activationStd: number | null;
  /** Fraction of φ'(u_k) with |φ'| below the saturation threshold; null for the output layer. */
  readonly saturatedFraction: number | null;
}

/**
 * ‖v‖₂ that neither underflows nor overflows: a vanishing gradient of 1e-170 per element has
 * squares below the smallest double, so the plain sum of squares would report 0. When the plain
 * sum is out of safe range, the values are rescaled by their largest magnitude first.
 */
export function l2Norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  if (s > 1e-280 && s < 1e280) return Math.sqrt(s);
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  if (m === 0 || !Number.isFinite(m)) return m;
  s = 0;
  for (let i = 0; i < v.length; i++) { const r = v[i] / m; s += r * r; }
  return m * Math.sqrt(s);
}

/** Mean over rows of each row's 2-norm, for a [rows, cols] array. */
export function meanRowNorm(t: Tensor): number {
  const cols = t.shape[t.ndim - 1] ?? 1;
  const rows = t.size / cols;
  let total = 0;
  for (let r = 0; r < rows; r++) total += l2Norm(t.data.subarray(r * cols, (r + 1) * cols));
  return total / rows;
}

export function rms(v: ArrayLike<number>): number {
  return v.length === 0 ? 0 : l2Norm(v) / Math.sqrt(v.length);
}

/** φ'(u) elementwise, by autograd on a detached copy of u. */
export function activationDerivative(act: LayerActivation, u: Tensor): Tensor {
  return enableGrad(() => {
    const x = new Tensor(u.data, u.shape, true);
    const [d] = grad(sum(act.spec.apply(x, act.params)), x, { materializeGrads: true });
    return d;
  });
}

function meanAndStd(v: ArrayLike<number>): [number, number] {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i] - mean) * (v[i] - mean);
  return [mean, Math.sqrt(sq / v.length)];
}

/** Statistics of every linear layer of the last traced forward (and backward, if one ran since). */
export function layerStats(mlp: MLP, options: { saturationThreshold?: number } = {}): LayerStats[] {
  const trace = mlp.lastTrace;
  if (trace === null) throw new Error('layerStats: run mlp.forward(x, { trace: true }) first');
  const threshold = options.saturationThreshold ?? DEFAULT_SATURATION_THRESHOLD;
  return mlp.layers.map((linear, k): LayerStats => {
    const t = trace.layers[k];
    const hidden = k < mlp.depth;
    let meanAbsDerivative: number | null = null, saturatedFraction: number | null = null;
    let activationMean: number | null = null, activationStd: number | null = null;
    if (hidden && t.preActivation !== null && t.activation !== null) {
      const d = activationDerivative(mlp.activations[k], t.preActivation).data;
      let abs = 0, saturated = 0;
      for (let i = 0; i < d.length; i++) {
        const a = Math.abs(d[i]);
        abs += a;
        if (a < threshold) saturated++;
      }
      meanAbsDerivative = abs / d.length;
      saturatedFraction = saturated / d.length;
      [activationMean, activationStd] = meanAndStd(t.activation.data);
    }
    const zGrad = t.linearOut.grad;
    return {
      layer: k + 1,
      fanIn: linear.inFeatures,
      fanOut: linear.outFeatures,
      activation: hidden ? mlp.activations[k].spec.name : null,
      weightNorm: l2Norm(linear.weight.data),
      biasNorm: linear.bias === null ? null : l2Norm(linear.bias.data),
      weightGradNorm: linear.weight.grad === null ? null : l2Norm(linear.weight.grad.data),
      biasGradNorm: linear.bias?.grad ? l2Norm(linear.bias.grad.data) : null,
      preactGradNormMean: zGrad === null ? null : meanRowNorm(zGrad),
      preactRms: rms(t.linearOut.data),
      meanAbsDerivative,
      activationMean,
      activationStd,
      saturatedFraction,
    };
  });
}
