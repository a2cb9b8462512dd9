/**
 * Reductions: sum, mean, max, min over all elements or over some axes (with `keepdim` as in
 * PyTorch), and argmax (no gradient).
 *
 * The backward of a reduction broadcasts the upstream gradient back over the reduced axes, so it
 * first restores those axes as size-1 dimensions (the `keepdim` shape) and then calls broadcastTo.
 */

import { record } from '../graph';
import { Tensor, type Shape, shapeToString, sizeOf } from '../tensor';
import { broadcastTo, expandData } from './broadcast';
import { div, mul } from './elementwise';
import { reshape } from './shape';
import { takeBuffer } from '../kernels/bufferPool';

export type Axes = number | readonly number[] | undefined;

/** Normalises `axes` (negative counts from the end; undefined = all) to sorted unique indices. */
export function normalizeAxes(axes: Axes, ndim: number): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = new Set<number>();
  for (const a of list) {
    const axis = a < 0 ? a + ndim : a;
    if (!Number.isInteger(axis) || axis < 0 || axis >= ndim) {
      throw new Error(`axis ${a} is out of range for a ${ndim}-d tensor`);
    }
    out.add(axis);
  }
  return [...out].sort((x, y) => x - y);
}

/** The shape after reducing `axes`: size 1 there with keepdim, removed without. */
function reducedShape(shape: Shape, axes: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** (outer, n, inner) such that the axis splits a row-major tensor into outer × n × inner. */
function split(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

/** Raw sum over one axis (keepdim layout). */
function sumAxisData(data: Float64Array, shape: Shape, axis: number): Float64Array {
  const [outer, n, inner] = split(shape, axis);
  const out = takeBuffer(outer * inner).fill(0);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let j = 0; j < n; j++) {
      const row = base + j * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] += data[row + i];
    }
  }
  return out;
}

/** Restores the reduced axes of a gradient as size-1 dimensions, then broadcasts it to `shape`. */
function expandBack(g: Tensor, shape: Shape, axes: readonly number[]): Tensor {
  return broadcastTo(reshape(g, reducedShape(shape, axes, true)), shape);
}

/** Sum over `axes` (all by default). Backward: the upstream gradient, broadcast back. */
export function sum(x: Tensor, axes?: Axes, keepdim = false): Tensor {
  const ax = normalizeAxes(axes, x.ndim);
  let data = x.data;
  let shape: Shape = x.shape;
  for (const axis of ax) {
    data = sumAxisData(data, shape, axis);
    shape = shape.map((d, i) => (i === axis ? 1 : d));
  }
  if (ax.length === 0) data = data.slice();
  const out = new Tensor(data, reducedShape(x.shape, ax, keepdim));
  return record('sum', out, [x], (g) => [expandBack(g, x.shape, ax)]);
}

/** Mean over `axes` (all by default): the sum divided by the count, as PyTorch computes it. */
export function mean(x: Tensor, axes?: Axes, keepdim = false): Tensor {
  const ax = normalizeAxes(axes, x.ndim);
  let count = 1;
  for (const a of ax) count *= x.shape[a];
  return div(sum(x, ax, keepdim), count);
}

/**
 * Largest element over `axes` (all by default); NaN if the slice holds a NaN. The gradient goes
 * to the maximal elements, split evenly between ties (as torch.amax does).
 */
export function max(x: Tensor, axes?: Axes, keepdim = false): Tensor {
  return extremum('max', x, axes, keepdim, 1);
}

/** Smallest element over `axes`; ties share the gradient evenly. */
export function min(x: Tensor, axes?: Axes, keepdim = false): Tensor {
  return extremum('min', x, axes, keepdim, -1);
}

function extremum(name: string, x: Tensor, axes: Axes, keepdim: boolean, direction: 1 | -1): Tensor {
  const ax = normalizeAxes(axes, x.ndim);
  if (x.size === 0) throw new Error(`${name} of an empty tensor`);
  const keepShape = reducedShape(x.shape, ax, true);
  const best = new Float64Array(sizeOf(keepShape)).fill(-Infinity);
  const map = reductionIndex(x.shape, ax);
  const s = x.data;
  for (let i = 0; i < s.length; i++) {
    const v = direction * s[i];
    const j = map[i];
    if (v > best[j] || Number.isNaN(v)) best[j] = Number.isNaN(best[j]) ? best[j] : v;
  }
  for (let j = 0; j < best.length; j++) best[j] *= direction;
  const out = new Tensor(best, reducedShape(x.shape, ax, keepdim));
  return record(name, out, [x], (g) => {
    // Weight 1/count on each element equal to its slice's extremum, 0 elsewhere.
    const counts = new Float64Array(best.length);
    for (let i = 0; i < s.length; i++) if (s[i] === best[map[i]]) counts[map[i]]++;
    const share = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) if (s[i] === best[map[i]]) share[i] = 1 / counts[map[i]];
    return [mul(expandBack(g, x.shape, ax), new Tensor(share, x.shape))];
  });
}

/** For each element of `shape`, the flat index of its slice in the keepdim-reduced result. */
function reductionIndex(shape: Shape, axes: readonly number[]): Int32Array {
  const keep = reducedShape(shape, axes, true);
  const ids = new Float64Array(sizeOf(keep)).map((_, i) => i);
  const expanded = expandData(ids, keep, shape);
  return Int32Array.from(expanded);
}

/** Index of the largest element along `axis` (the first one on ties), as float64 values. No gradient. */
export function argmax(x: Tensor, axis: number, keepdim = false): Tensor {
  const [a] = normalizeAxes(axis, x.ndim);
  const [outer, n, inner] = split(x.shape, a);
  if (n === 0) throw new Error(`argmax over an empty axis of shape ${shapeToString(x.shape)}`);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let bestJ = 0;
      let bestV = x.data[o * n * inner + i];
      for (let j = 1; j < n; j++) {
        const v = x.data[(o * n + j) * inner + i];
        if (v > bestV) { bestV = v; bestJ = j; }
      }
      out[o * inner + i] = bestJ;
    }
  }
  return new Tensor(out, reducedShape(x.shape, [a], keepdim));
}
