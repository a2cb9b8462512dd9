/**
 * Binary elementwise arithmetic with broadcasting: add, sub, mul, div, pow, maximum, minimum.
 *
 * Each op is its forward kernel, then `record(...)` with its backward: the gradient for each
 * input, summed back down to that input's shape (`sumTo`) when the input was broadcast.
 * Kernels take a stride of 0 or 1 per operand, so the common "tensor op scalar" case needs no
 * broadcast copy; other broadcasts are expanded first (rare, and only ever small here).
 */

import { record } from '../graph';
import { Tensor, type TensorLike, asTensor, sameShape, sizeOf, type Shape } from '../tensor';
import { broadcastShapes, expandData, sumTo } from './broadcast';
import { neg, log } from './unary';
import { where } from './compare';
import { takeBuffer } from '../kernels/bufferPool';

/** out[i] = f(a[i * sa], b[i * sb]) with sa, sb in {0, 1}. One loop per op keeps V8's call sites monomorphic. */
export type BinaryKernel = (a: Float64Array, sa: number, b: Float64Array, sb: number, out: Float64Array) => void;

/** Runs a binary kernel over the broadcast of `a` and `b`; no autograd. */
export function binaryForward(a: Tensor, b: Tensor, kernel: BinaryKernel): Tensor {
  const shape: Shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape);
  const n = sizeOf(shape);
  const [ad, sa] = operand(a, shape, n);
  const [bd, sb] = operand(b, shape, n);
  const out = takeBuffer(n);
  kernel(ad, sa, bd, sb, out);
  return new Tensor(out, shape);
}

function operand(t: Tensor, shape: Shape, n: number): [Float64Array, number] {
  if (t.size === n) return [t.data, 1]; // same layout (at most leading 1s differ)
  if (t.size === 1) return [t.data, 0]; // a scalar: read element 0 every time
  return [expandData(t.data, t.shape, shape), 1];
}

/** The gradient `g` for an input of shape `shape`, or null when that input's gradient is not needed. */
function reduced(g: Tensor, shape: Shape, need: boolean): Tensor | null {
  return need ? sumTo(g, shape) : null;
}

// ---------------------------------------------------------------------------------------------

const addKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia] + b[ib];
};
export function add(x: TensorLike, y: TensorLike): Tensor {
  const a = asTensor(x), b = asTensor(y);
  return record('add', binaryForward(a, b, addKernel), [a, b], (g, needs) => [
    reduced(g, a.shape, needs[0]),
    reduced(g, b.shape, needs[1]),
  ]);
}

const subKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia] - b[ib];
};
export function sub(x: TensorLike, y: TensorLike): Tensor {
  const a = asTensor(x), b = asTensor(y);
  return record('sub', binaryForward(a, b, subKernel), [a, b], (g, needs) => [
    reduced(g, a.shape, needs[0]),
    needs[1] ? sumTo(neg(g), b.shape) : null,
  ]);
}

const mulKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia] * b[ib];
};
/** Saves both inputs: d(ab)/da = b, d(ab)/db = a. */
export function mul(x: TensorLike, y: TensorLike): Tensor {
  const a = asTensor(x), b = asTensor(y);
  return record('mul', binaryForward(a, b, mulKernel), [a, b], (g, needs) => [
    needs[0] ? sumTo(mul(g, b), a.shape) : null,
    needs[1] ? sumTo(mul(g, a), b.shape) : null,
  ]);
}

const divKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia] / b[ib];
};
/** Saves both inputs: d(a/b)/da = 1/b, d(a/b)/db = -a/b² (PyTorch's form). */
export function div(x: TensorLike, y: TensorLike): Tensor {
  const a = asTensor(x), b = asTensor(y);
  return record('div', binaryForward(a, b, divKernel), [a, b], (g, needs) => [
    needs[0] ? sumTo(div(g, b), a.shape) : null,
    needs[1] ? sumTo(neg(div(mul(g, a), mul(b, b))), b.shape) : null,
  ]);
}

// ---------------------------------------------------------------------------------------------
// pow

/** a^p for a constant exponent, with the exact shortcuts PyTorch takes (x*x rather than a pow call). */
function powScalarKernel(p: number): BinaryKernel {
  if (p === 2) return (a, sa, _b, _sb, out) => { for (let i = 0, ia = 0; i < out.length; i++, ia += sa) out[i] = a[ia] * a[ia]; };
  if (p === 3) return (a, sa, _b, _sb, out) => { for (let i = 0, ia = 0; i < out.length; i++, ia += sa) out[i] = a[ia] * a[ia] * a[ia]; };
  if (p === 0.5) return (a, sa, _b, _sb, out) => { for (let i = 0, ia = 0; i < out.length; i++, ia += sa) out[i] = Math.sqrt(a[ia]); };
  if (p === -1) return (a, sa, _b, _sb, out) => { for (let i = 0, ia = 0; i < out.length; i++, ia += sa) out[i] = 1 / a[ia]; };
  return powKernel;
}
const powKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = Math.pow(a[ia], b[ib]);
};

/**
 * base^exponent. d/dbase = exponent * base^(exponent-1) (zero where the exponent is 0, so that
 * 0^0 does not produce 0 * inf); d/dexponent = out * log(base), taken as 0 where base is 0 and
 * exponent >= 0 (PyTorch's convention; the limit there is 0).
 */
export function pow(base: TensorLike, exponent: TensorLike): Tensor {
  const a = asTensor(base), b = asTensor(exponent);
  if (typeof exponent === 'number') {
    const p = exponent;
    const out = binaryForward(a, b, powScalarKernel(p));
    return record('pow', out, [a], (g) => [p === 0 ? Tensor.zeros(a.shape) : mul(g, mul(p, pow(a, p - 1)))]);
  }
  const out = binaryForward(a, b, powKernel);
  return record('pow', out, [a, b], (g, needs) => [
    needs[0] ? sumTo(where(binaryForward(a, b, zeroExponentKernel), 0, mul(g, mul(b, pow(a, sub(b, 1))))), a.shape) : null,
    needs[1] ? sumTo(mul(g, where(binaryForward(a, b, zeroBaseKernel), 0, mul(out, log(a)))), b.shape) : null,
  ]);
}
/** 1 where the exponent is 0: there d/dbase is 0 (not 0 * base^-1, which is NaN at base 0). */
const zeroExponentKernel: BinaryKernel = (_a, _sa, b, sb, out) => {
  for (let i = 0, ib = 0; i < out.length; i++, ib += sb) out[i] = b[ib] === 0 ? 1 : 0;
};
/** 1 where base is 0 and exponent >= 0: there d/dexponent is 0 (not 0 * log 0). */
const zeroBaseKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia] === 0 && b[ib] >= 0 ? 1 : 0;
};

// ---------------------------------------------------------------------------------------------
// maximum / minimum

/**
 * Share of the gradient that goes to `a` in maximum(a, b): 1 where a wins, 1/2 on ties (PyTorch
 * splits a tie evenly), 0 where b wins. NaN compares false everywhere, so both sides get 1 there,
 * as in PyTorch.
 */
const maxShareKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = a[ia] < b[ib] ? 0 : a[ia] === b[ib] ? 0.5 : 1;
};
const maxKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = Math.max(a[ia], b[ib]);
};
const minKernel: BinaryKernel = (a, sa, b, sb, out) => {
  for (let i = 0, ia = 0, ib = 0; i < out.length; i++, ia += sa, ib += sb) out[i] = Math.min(a[ia], b[ib]);
};

function extremum(name: string, a: Tensor, b: Tensor, kernel: BinaryKernel, first: Tensor, second: Tensor): Tensor {
  return record(name, binaryForward(a, b, kernel), [a, b], (g, needs) => [
    needs[0] ? sumTo(mul(g, binaryForward(first, second, maxShareKernel)), a.shape) : null,
    needs[1] ? sumTo(mul(g, binaryForward(second, first, maxShareKernel)), b.shape) : null,
  ]);
}

/** Elementwise larger value (NaN propagates). The gradient follows the winner; ties split it. */
export function maximum(x: TensorLike, y: TensorLike): Tensor {
  const a = asTensor(x), b = asTensor(y);
  return extremum('maximum', a, b, maxKernel, a, b);
}

/** Elementwise smaller value (NaN propagates). The gradient follows the winner; ties split it. */
export function minimum(x: TensorLike, y: TensorLike): Tensor {
  const a = asTensor(x), b = asTensor(y);
  // min(a, b) = -max(-a, -b): a's share is "a <= b" with ties halved, i.e. maxShare(b, a).
  return extremum('minimum', a, b, minKernel, b, a);
}
