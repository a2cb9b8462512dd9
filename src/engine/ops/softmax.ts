/**
 * softmax and logSoftmax along one axis (the last by default: one row per sample).
 *
 * Both subtract the slice's maximum before exponentiating. Mathematically that changes nothing
 * (softmax(x) = softmax(x - c) for any c), but numerically it is the difference between working
 * and not: e^{1000} overflows to inf and inf/inf is NaN, while e^{x - max} lies in (0, 1] with at
 * least one 1, so the sum is in [1, n] and its log is finite. A logit 2000 below its row's max
 * then gives a probability of exactly 0 but a log-probability of exactly -2000, not log(0) = -inf.
 */

import { record } from '../graph';
import { Tensor, type Shape, sizeOf } from '../tensor';
import { mul, sub } from './elementwise';
import { exp } from './unary';
import { sum } from './reduce';

function axisOf(axis: number, ndim: number): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= ndim) throw new Error(`axis ${axis} is out of range for a ${ndim}-d tensor`);
  return a;
}

/**
 * Runs `rowKernel` on every slice along `axis`: it receives the slice's values (copied into a
 * contiguous buffer), writes its result into `out`, and the result is scattered back.
 */
function alongAxis(x: Tensor, axis: number, rowKernel: (row: Float64Array, out: Float64Array) => void): Tensor {
  const shape: Shape = x.shape;
  const outer = sizeOf(shape.slice(0, axis)), n = shape[axis], inner = sizeOf(shape.slice(axis + 1));
  const result = new Float64Array(x.size);
  const row = new Float64Array(n), out = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let j = 0; j < n; j++) row[j] = x.data[base + j * inner];
      rowKernel(row, out);
      for (let j = 0; j < n; j++) result[base + j * inner] = out[j];
    }
  }
  return new Tensor(result, shape);
}

function rowMax(row: Float64Array): number {
  let m = -Infinity;
  for (let j = 0; j < row.length; j++) if (row[j] > m || Number.isNaN(row[j])) m = row[j];
  return m;
}

/** e^{x_i} / Σ_j e^{x_j} along `axis`. Saves its output: backward y ⊙ (g - Σ g ⊙ y). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = axisOf(axis, x.ndim);
  const out = alongAxis(x, a, (row, o) => {
    const m = rowMax(row);
    let s = 0;
    for (let j = 0; j < row.length; j++) s += o[j] = Math.exp(row[j] - m);
    for (let j = 0; j < row.length; j++) o[j] /= s;
  });
  return record('softmax', out, [x], (g) => [mul(out, sub(g, sum(mul(g, out), a, true)))]);
}

/** x_i - log Σ_j e^{x_j} along `axis`. Saves its output: backward g - e^{y} ⊙ Σ g. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = axisOf(axis, x.ndim);
  const out = alongAxis(x, a, (row, o) => {
    const m = rowMax(row);
    let s = 0;
    for (let j = 0; j < row.length; j++) s += Math.exp(row[j] - m);
    // (x - m) - log s, not x - (m + log s): with m = 1000, m + log s would round log s to
    // 1e-13 absolute and the small log-probabilities would lose their relative accuracy.
    const logS = Math.log(s);
    for (let j = 0; j < row.length; j++) o[j] = row[j] - m - logS;
  });
  return record('logSoftmax', out, [x], (g) => [sub(g, mul(exp(out), sum(g, a, true)))]);
}
