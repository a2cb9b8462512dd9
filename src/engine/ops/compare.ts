/**
 * Comparisons, selection and clamping.
 *
 * Comparisons return masks of 0s and 1s with no gradient history: they are piecewise constant,
 * so their derivative is zero wherever it exists. `where` routes the gradient to whichever branch
 * was selected, which is how piecewise functions (and custom expressions such as
 * `where(x > 0, x, exp(x) - 1)`) get their derivatives.
 */

import { record } from '../graph';
import { Tensor, type TensorLike, asTensor, sizeOf, type Shape } from '../tensor';
import { broadcastShapes, expandData, sumTo } from './broadcast';
import { binaryForward, mul, type BinaryKernel } from './elementwise';

// Comparisons are false when either side is NaN (IEEE 754), except `ne`, as in PyTorch.
const gtKernel: BinaryKernel = (a, sa, b, sb, o) => { for (let i = 0, ia = 0, ib = 0; i < o.length; i++, ia += sa, ib += sb) o[i] = a[ia] > b[ib] ? 1 : 0; };
const geKernel: BinaryKernel = (a, sa, b, sb, o) => { for (let i = 0, ia = 0, ib = 0; i < o.length; i++, ia += sa, ib += sb) o[i] = a[ia] >= b[ib] ? 1 : 0; };
const ltKernel: BinaryKernel = (a, sa, b, sb, o) => { for (let i = 0, ia = 0, ib = 0; i < o.length; i++, ia += sa, ib += sb) o[i] = a[ia] < b[ib] ? 1 : 0; };
const leKernel: BinaryKernel = (a, sa, b, sb, o) => { for (let i = 0, ia = 0, ib = 0; i < o.length; i++, ia += sa, ib += sb) o[i] = a[ia] <= b[ib] ? 1 : 0; };
const eqKernel: BinaryKernel = (a, sa, b, sb, o) => { for (let i = 0, ia = 0, ib = 0; i < o.length; i++, ia += sa, ib += sb) o[i] = a[ia] === b[ib] ? 1 : 0; };
const neKernel: BinaryKernel = (a, sa, b, sb, o) => { for (let i = 0, ia = 0, ib = 0; i < o.length; i++, ia += sa, ib += sb) o[i] = a[ia] !== b[ib] ? 1 : 0; };

export const gt = (a: TensorLike, b: TensorLike): Tensor => binaryForward(asTensor(a), asTensor(b), gtKernel);
export const ge = (a: TensorLike, b: TensorLike): Tensor => binaryForward(asTensor(a), asTensor(b), geKernel);
export const lt = (a: TensorLike, b: TensorLike): Tensor => binaryForward(asTensor(a), asTensor(b), ltKernel);
export const le = (a: TensorLike, b: TensorLike): Tensor => binaryForward(asTensor(a), asTensor(b), leKernel);
export const eq = (a: TensorLike, b: TensorLike): Tensor => binaryForward(asTensor(a), asTensor(b), eqKernel);
export const ne = (a: TensorLike, b: TensorLike): Tensor => binaryForward(asTensor(a), asTensor(b), neKernel);

/** Elementwise `cond ? a : b` (cond is nonzero), broadcasting all three. */
export function where(condition: TensorLike, ifTrue: TensorLike, ifFalse: TensorLike): Tensor {
  const c = asTensor(condition), a = asTensor(ifTrue), b = asTensor(ifFalse);
  const shape: Shape = broadcastShapes(broadcastShapes(c.shape, a.shape), b.shape);
  const cd = expandData(c.data, c.shape, shape);
  const ad = expandData(a.data, a.shape, shape);
  const bd = expandData(b.data, b.shape, shape);
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = cd[i] !== 0 ? ad[i] : bd[i];
  return record('where', new Tensor(out, shape), [a, b], (g, needs) => [
    needs[0] ? sumTo(where(c, g, 0), a.shape) : null,
    needs[1] ? sumTo(where(c, 0, g), b.shape) : null,
  ]);
}

/**
 * Clamps into [min, max] (either bound may be omitted). The gradient passes where
 * min <= x <= max, bounds included: PyTorch's clamp convention (hardtanh, by contrast, uses the
 * open interval; see activations). NaN stays NaN.
 */
export function clamp(v: TensorLike, min?: number, max?: number): Tensor {
  const x = asTensor(v);
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  const out = new Float64Array(x.size);
  const inside = new Float64Array(x.size);
  const s = x.data;
  for (let i = 0; i < s.length; i++) {
    const xi = s[i];
    out[i] = xi < lo ? lo : xi > hi ? hi : xi;
    inside[i] = xi >= lo && xi <= hi ? 1 : xi === xi ? 0 : NaN; // NaN input: NaN gradient
  }
  const mask = new Tensor(inside, x.shape);
  return record('clamp', new Tensor(out, x.shape), [x], (g) => [mul(g, mask)]);
}
