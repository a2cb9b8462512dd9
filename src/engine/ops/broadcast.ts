/**
 * Broadcasting (NumPy/PyTorch rules) and its adjoint.
 *
 * Shapes are aligned at their trailing dimensions; a dimension of size 1 (or a missing leading
 * one) stretches to match the other. `broadcastTo` copies values out along stretched dimensions,
 * and `sumTo` adds them back up: each is the other's backward, which is why they live together.
 */

import { record } from '../graph';
import { Tensor, type Shape, sameShape, shapeToString, sizeOf } from '../tensor';

/** The shape two operands broadcast to, or an error naming both shapes. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`shapes ${shapeToString(a)} and ${shapeToString(b)} do not broadcast`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For every element of `big` (row-major), the flat index of the element of `small` it reads
 * when `small` is broadcast to `big`. Both broadcasting directions use this one map.
 */
function broadcastIndex(small: Shape, big: Shape): Int32Array {
  const nd = big.length;
  const offset = nd - small.length;
  // Strides of `small` seen through `big`'s dimensions: 0 where small is stretched or missing.
  const strides = new Array<number>(nd).fill(0);
  let stride = 1;
  for (let d = small.length - 1; d >= 0; d--) {
    strides[d + offset] = small[d] === 1 ? 0 : stride;
    stride *= small[d];
  }
  const total = sizeOf(big);
  const map = new Int32Array(total);
  const index = new Array<number>(nd).fill(0);
  let flat = 0;
  for (let i = 0; i < total; i++) {
    map[i] = flat;
    // Odometer increment of the multi-index, keeping `flat` in step.
    for (let d = nd - 1; d >= 0; d--) {
      index[d]++;
      flat += strides[d];
      if (index[d] < big[d]) break;
      flat -= strides[d] * index[d];
      index[d] = 0;
    }
  }
  return map;
}

function checkBroadcastable(from: Shape, to: Shape): void {
  if (from.length > to.length || !sameShape(broadcastShapes(from, to), to)) {
    throw new Error(`cannot broadcast shape ${shapeToString(from)} to ${shapeToString(to)}`);
  }
}

/** Raw kernel: the values of `data` (shape `from`) broadcast to shape `to`. */
export function expandData(data: Float64Array, from: Shape, to: Shape): Float64Array {
  const n = sizeOf(to);
  if (data.length === n) return data; // nothing is stretched: same row-major layout
  const out = new Float64Array(n);
  if (data.length === 1) return out.fill(data[0]);
  const map = broadcastIndex(from, to);
  for (let i = 0; i < n; i++) out[i] = data[map[i]];
  return out;
}

/** Raw kernel: sums `data` (shape `from`) down to the broadcastable shape `to`. */
export function reduceData(data: Float64Array, from: Shape, to: Shape): Float64Array {
  const n = sizeOf(to);
  if (data.length === n) return data.slice();
  const out = new Float64Array(n);
  const map = broadcastIndex(to, from);
  for (let i = 0; i < data.length; i++) out[map[i]] += data[i];
  return out;
}

/** Broadcasts `x` to `shape` (copying). Backward: sum the gradient back down. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  checkBroadcastable(x.shape, shape);
  const data = expandData(x.data, x.shape, shape);
  const out = new Tensor(data === x.data ? data.slice() : data, shape);
  return record('broadcastTo', out, [x], (g) => [sumTo(g, x.shape)]);
}

/** Sums `x` down to a shape it was broadcast from. Backward: broadcast the gradient back up. */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  checkBroadcastable(shape, x.shape);
  const out = new Tensor(reduceData(x.data, x.shape, shape), shape);
  return record('sumTo', out, [x], (g) => [broadcastTo(g, x.shape)]);
}
