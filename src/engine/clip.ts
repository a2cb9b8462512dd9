/**
 * Gradient clipping, in place on parameters' `.grad`, with PyTorch's and Keras's semantics, plus
 * the numbers the depth explorer shows: how many coordinates were clipped and how far clipping
 * turned the gradient (value clipping changes its direction, norm clipping only its length).
 */

/** Anything with a gradient slot: engine Tensors and optimizer Parameters qualify. */
export interface HasGrad {
  grad: { readonly data: Float64Array } | null;
}

/** A norm order: a positive number (2 is the usual) or Infinity (also spelled 'inf'). */
export type NormType = number | 'inf';

function gradsOf(params: Iterable<HasGrad>): Float64Array[] {
  const out: Float64Array[] = [];
  for (const p of params) if (p.grad !== null) out.push(p.grad.data);
  return out;
}

function normOrder(normType: NormType): number {
  const p = normType === 'inf' ? Infinity : normType;
  if (!(p > 0)) throw new RangeError(`norm type must be positive or 'inf', got ${normType}`);
  return p;
}

/** The p-norm of one array (max |x| for p = Infinity; NaN if any element is NaN). */
export function vectorNorm(data: ArrayLike<number>, normType: NormType = 2): number {
  const p = normOrder(normType);
  if (p === Infinity) {
    let max = 0;
    for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs(data[i])); // Math.max propagates NaN
    return max;
  }
  let sum = 0;
  if (p === 2) {
    for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
    return Math.sqrt(sum);
  }
  for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]) ** p;
  return sum ** (1 / p);
}

/**
 * The norm of all gradients together, computed as PyTorch does: the norm of the vector of
 * per-tensor norms (equal to the norm of everything concatenated). 0 when there are none.
 */
export function totalGradNorm(params: Iterable<HasGrad>, normType: NormType = 2): number {
  const norms = gradsOf(params).map((g) => vectorNorm(g, normType));
  return norms.length === 0 ? 0 : vectorNorm(norms, normType);
}

export interface ClipGradNormOptions {
  /** Throw instead of scaling when the total norm is NaN or infinite (torch's error_if_nonfinite). */
  errorIfNonfinite?: boolean;
}

export interface ClipGradNormResult {
  /** The total norm before clipping (what torch.nn.utils.clip_grad_norm_ returns). */
  totalNorm: number;
  /** The factor every gradient was multiplied by: min(1, max_norm / (total_norm + 1e-6)). */
  clipCoef: number;
}

/**
 * torch.nn.utils.clip_grad_norm_: scales all gradients together so their total norm is at most
 * `maxNorm`. The 1e-6 in the denominator is PyTorch's: it keeps the division finite when the
 * norm is 0 and makes the clipped norm slightly less than maxNorm. Like PyTorch, the gradients
 * are multiplied even when the coefficient is 1, and a NaN norm turns every gradient to NaN
 * (unless errorIfNonfinite asks for an error) rather than hiding the problem.
 */
export function clipGradNorm_(
  params: Iterable<HasGrad>, maxNorm: number, normType: NormType = 2, options: ClipGradNormOptions = {},
): ClipGradNormResult {
  const grads = gradsOf(params);
  if (grads.length === 0) return { totalNorm: 0, clipCoef: 1 };
  const norms = grads.map((g) => vectorNorm(g, normType));
  const totalNorm = vectorNorm(norms, normType);
  if (options.errorIfNonfinite && !Number.isFinite(totalNorm)) {
    const order = normType === 'inf' || normType === Infinity ? 'inf' : normType.toFixed(1);
    throw new Error(
      `The total norm of order ${order} for gradients is non-finite (${totalNorm}), so it cannot be ` +
        'clipped. To scale the gradients by the non-finite norm anyway, set errorIfNonfinite to false.',
    );
  }
  const clipCoef = Math.min(maxNorm / (totalNorm + 1e-6), 1); // Math.min keeps a NaN, like torch.clamp
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= clipCoef;
  return { totalNorm, clipCoef };
}

export interface ClipGradValueResult {
  /** Coordinates whose |value| exceeded clipValue (those the clamp changed). */
  clippedCount: number;
  totalCount: number;
  /** clippedCount / totalCount (0 when there are no coordinates). */
  fractionClipped: number;
}

/** torch.nn.utils.clip_grad_value_: clamps every gradient element to [-clipValue, clipValue]. */
export function clipGradValue_(params: Iterable<HasGrad>, clipValue: number): ClipGradValueResult {
  if (!(clipValue >= 0)) throw new RangeError(`clip value must be >= 0, got ${clipValue}`);
  let clippedCount = 0;
  let totalCount = 0;
  for (const g of gradsOf(params)) {
    totalCount += g.length;
    for (let i = 0; i < g.length; i++) {
      const v = g[i];
      if (v > clipValue) { g[i] = clipValue; clippedCount++; }
      else if (v < -clipValue) { g[i] = -clipValue; clippedCount++; }
      // NaN fails both tests and stays NaN, as torch.clamp leaves it.
    }
  }
  return { clippedCount, totalCount, fractionClipped: totalCount === 0 ? 0 : clippedCount / totalCount };
}

export interface ClipPerTensorResult {
  /** Each tensor's 2-norm before clipping, in parameter order (parameters without a gradient skipped). */
  norms: number[];
  /** The factor each tensor was multiplied by: clipNorm / max(norm, clipNorm). */
  coefs: number[];
}

/**
 * Keras's `clipnorm` (tf.clip_by_norm on each gradient separately): every tensor whose 2-norm
 * exceeds clipNorm is rescaled to exactly clipNorm; unlike clip_grad_norm_ there is no global
 * norm and no 1e-6, so tensors are clipped independently of each other.
 */
export function clipGradNormPerTensor_(params: Iterable<HasGrad>, clipNorm: number): ClipPerTensorResult {
  if (!(clipNorm > 0)) throw new RangeError(`clip norm must be > 0, got ${clipNorm}`);
  const norms: number[] = [];
  const coefs: number[] = [];
  for (const g of gradsOf(params)) {
    const norm = vectorNorm(g, 2);
    const denom = Math.max(norm, clipNorm);
    for (let i = 0; i < g.length; i++) g[i] = (g[i] * clipNorm) / denom;
    norms.push(norm);
    coefs.push(clipNorm / denom);
  }
  return { norms, coefs };
}

/** Copies of the current gradients, to compare with after clipping. */
export function snapshotGrads(params: Iterable<HasGrad>): Float64Array[] {
  return gradsOf(params).map((g) => Float64Array.from(g));
}

/**
 * The angle in radians between two gradients, each given as a list of tensors (concatenated).
 * Uses 2·atan2(|â − b̂|, |â + b̂|), which stays accurate for tiny angles where acos(cos) loses
 * half its digits. 0 when both are zero, NaN when only one is zero or a value is not finite.
 */
export function gradientAngle(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  if (a.length !== b.length) throw new RangeError('gradientAngle: different numbers of tensors');
  let na = 0, nb = 0;
  for (let t = 0; t < a.length; t++) {
    if (a[t].length !== b[t].length) throw new RangeError(`gradientAngle: tensor ${t} sizes differ`);
    na = Math.max(na, vectorNorm(a[t], Infinity));
    nb = Math.max(nb, vectorNorm(b[t], Infinity));
  }
  if (na === 0 && nb === 0) return 0;
  if (na === 0 || nb === 0 || !Number.isFinite(na) || !Number.isFinite(nb)) return NaN;
  // Scale by the max first so the sums of squares cannot overflow or underflow.
  let sa = 0, sb = 0;
  for (let t = 0; t < a.length; t++) {
    for (let i = 0; i < a[t].length; i++) {
      sa += (a[t][i] / na) ** 2;
      sb += (b[t][i] / nb) ** 2;
    }
  }
  const la = na * Math.sqrt(sa), lb = nb * Math.sqrt(sb);
  let diff = 0, sum = 0;
  for (let t = 0; t < a.length; t++) {
    for (let i = 0; i < a[t].length; i++) {
      const u = a[t][i] / la, v = b[t][i] / lb;
      diff += (u - v) ** 2;
      sum += (u + v) ** 2;
    }
  }
  return 2 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum));
}
