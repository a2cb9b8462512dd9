/**
 * Ops that move values around without arithmetic: reshape, permute/transpose, narrow (a slice
 * along one axis), concat, gather and its adjoint scatterAdd.
 *
 * Each comes with its adjoint as backward: reshape ↔ reshape back, permute ↔ inverse permute,
 * narrow ↔ pad with zeros, concat ↔ narrow, gather ↔ scatterAdd.
 */

import { record } from '../graph';
import { Tensor, type Shape, shapeToString, sizeOf } from '../tensor';

function normalizeAxis(axis: number, ndim: number): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= ndim) throw new Error(`axis ${axis} is out of range for a ${ndim}-d tensor`);
  return a;
}

/** (outer, n, inner) such that the axis splits a row-major tensor into outer × n × inner. */
function split(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

/** Same values, new shape (one dimension may be -1 = inferred). Shares storage with `x`. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const known = shape.filter((d) => d !== -1);
  const inferred = shape.length - known.length;
  if (inferred > 1) throw new Error(`reshape: at most one dimension may be -1, got ${shapeToString(shape)}`);
  const target = inferred === 1 ? shape.map((d) => (d === -1 ? x.size / sizeOf(known) : d)) : shape;
  if (sizeOf(target) !== x.size || target.some((d) => !Number.isInteger(d))) {
    throw new Error(`reshape: cannot view ${x.size} elements of shape ${shapeToString(x.shape)} as ${shapeToString(shape)}`);
  }
  return record('reshape', new Tensor(x.data, target), [x], (g) => [reshape(g, x.shape)]);
}

/** Reorders the axes: output axis i is input axis dims[i]. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.ndim;
  const perm = dims.map((d) => normalizeAxis(d, nd));
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new Error(`permute: [${dims.join(', ')}] is not a permutation of the ${nd} axes`);
  }
  const inStrides = new Array<number>(nd);
  for (let d = nd - 1, s = 1; d >= 0; d--) { inStrides[d] = s; s *= x.shape[d]; }
  const shape = perm.map((p) => x.shape[p]);
  const strides = perm.map((p) => inStrides[p]);
  const out = new Float64Array(x.size);
  const index = new Array<number>(nd).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x.data[src];
    for (let d = nd - 1; d >= 0; d--) { // odometer over the output, tracking the source offset
      index[d]++;
      src += strides[d];
      if (index[d] < shape[d]) break;
      src -= strides[d] * index[d];
      index[d] = 0;
    }
  }
  const inverse = new Array<number>(nd);
  perm.forEach((p, i) => (inverse[p] = i));
  return record('permute', new Tensor(out, shape), [x], (g) => [permute(g, inverse)]);
}

/** Swaps two axes (the last two by default: the matrix transpose). */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  const a = normalizeAxis(dim0, x.ndim), b = normalizeAxis(dim1, x.ndim);
  const perm = Array.from({ length: x.ndim }, (_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, perm);
}

/** Elements start .. start+length-1 along `axis`. Backward: the gradient padded with zeros. */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const a = normalizeAxis(axis, x.ndim);
  const [outer, n, inner] = split(x.shape, a);
  if (start < 0 || length < 0 || start + length > n) {
    throw new Error(`narrow: [${start}, ${start + length}) is outside axis ${a} of size ${n}`);
  }
  const out = new Float64Array(outer * length * inner);
  for (let o = 0; o < outer; o++) {
    out.set(x.data.subarray((o * n + start) * inner, (o * n + start + length) * inner), o * length * inner);
  }
  const shape = x.shape.map((d, i) => (i === a ? length : d));
  return record('narrow', new Tensor(out, shape), [x], (g) => [padAlong(g, a, start, n)]);
}

/** Places `x` at offset `start` of a zero tensor whose `axis` has size `size` (narrow's adjoint). */
function padAlong(x: Tensor, axis: number, start: number, size: number): Tensor {
  const [outer, len, inner] = split(x.shape, axis);
  const out = new Float64Array(outer * size * inner);
  for (let o = 0; o < outer; o++) {
    out.set(x.data.subarray(o * len * inner, (o + 1) * len * inner), (o * size + start) * inner);
  }
  const shape = x.shape.map((d, i) => (i === axis ? size : d));
  return record('pad', new Tensor(out, shape), [x], (g) => [narrow(g, axis, start, len)]);
}

/** Joins tensors along `axis` (their other dimensions must agree). Backward: narrow per input. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('concat: no tensors given');
  const first = tensors[0];
  const a = normalizeAxis(axis, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new Error(`concat: shape ${shapeToString(t.shape)} does not match ${shapeToString(first.shape)} off axis ${a}`);
    }
  }
  const total = tensors.reduce((s, t) => s + t.shape[a], 0);
  const shape = first.shape.map((d, i) => (i === a ? total : d));
  const [outer, , inner] = split(shape, a);
  const out = new Float64Array(sizeOf(shape));
  const offsets: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    const len = t.shape[a];
    for (let o = 0; o < outer; o++) {
      out.set(t.data.subarray(o * len * inner, (o + 1) * len * inner), (o * total + offset) * inner);
    }
    offsets.push(offset);
    offset += len;
  }
  return record('concat', new Tensor(out, shape), tensors, (g, needs) =>
    tensors.map((t, i) => (needs[i] ? narrow(g, a, offsets[i], t.shape[a]) : null)),
  );
}

/** Checks that `index` holds valid integer positions along an axis of size n, and its shape fits. */
function checkIndex(index: Tensor, shape: Shape, axis: number, op: string): void {
  if (index.ndim !== shape.length || index.shape.some((d, i) => i !== axis && d !== shape[i])) {
    throw new Error(`${op}: index of shape ${shapeToString(index.shape)} does not fit ${shapeToString(shape)} off axis ${axis}`);
  }
  const n = shape[axis];
  for (const v of index.data) {
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new Error(`${op}: index ${v} is out of range for axis ${axis} of size ${n}`);
  }
}

/**
 * torch.gather: out[..., j, ...] = x[..., index[..., j, ...], ...] along `axis`; `index` has x's
 * shape except along `axis`. Picking each row's target log-probability (NLL) is gather(logp, 1,
 * targets as [N, 1]). Backward: scatter-add the gradient back to the picked positions.
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const a = normalizeAxis(axis, x.ndim);
  checkIndex(index, x.shape, a, 'gather');
  const [outer, n, inner] = split(x.shape, a);
  const m = index.shape[a];
  const out = new Float64Array(index.size);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < inner; i++) {
        const k = (o * m + j) * inner + i;
        out[k] = x.data[(o * n + index.data[k]) * inner + i];
      }
    }
  }
  return record('gather', new Tensor(out, index.shape), [x], (g) => [scatterAdd(g, a, index, x.shape)]);
}

/** The adjoint of gather: a zero tensor of `shape` with src[k] added at each gathered position. */
export function scatterAdd(src: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const a = normalizeAxis(axis, shape.length);
  checkIndex(index, shape, a, 'scatterAdd');
  const [outer, n, inner] = split(shape, a);
  const m = index.shape[a];
  const out = new Float64Array(sizeOf(shape));
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < inner; i++) {
        const k = (o * m + j) * inner + i;
        out[(o * n + index.data[k]) * inner + i] += src.data[k];
      }
    }
  }
  return record('scatterAdd', new Tensor(out, shape), [src], (g) => [gather(g, a, index)]);
}
