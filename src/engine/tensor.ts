/**
 * The tensor: a flat Float64Array in row-major (C) order plus a shape.
 *
 * A tensor never changes shape and its storage is never reallocated. Optimizers update parameters
 * in place through `data`, which is why `data` is a readonly *reference* to a mutable array.
 * Autograd bookkeeping lives in two fields: `gradFn` (the op that produced this tensor, null for
 * leaves and constants) and `requiresGrad`. See autograd.ts for how they are used.
 */

import type { GradFn } from './graph';

export type Shape = readonly number[];

/** Ops accept plain numbers wherever a tensor is expected; a number is a constant 0-d tensor. */
export type TensorLike = Tensor | number;

export function asTensor(v: TensorLike): Tensor {
  return typeof v === 'number' ? Tensor.scalar(v) : v;
}

/** Number of elements of a shape (1 for the 0-d shape []). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function shapeToString(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

function checkShape(shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`invalid shape ${shapeToString(shape)}`);
  }
}

export class Tensor {
  readonly data: Float64Array;
  readonly shape: Shape;
  /** Accumulated gradient (set by `backward`); null until then or after `zeroGrad`. */
  grad: Tensor | null = null;
  /** True for parameters and for every tensor computed from one while grad mode is on. */
  requiresGrad: boolean;
  /** The op that produced this tensor; null for leaves (inputs, parameters, constants). */
  gradFn: GradFn | null = null;
  /** A non-leaf keeps its gradient in `.grad` during `backward` only when this is set. */
  retainsGrad = false;
  /** Optional label, used in error messages and instrumentation. */
  name?: string;

  /** Wraps `data` without copying: the caller hands over ownership of the array. */
  constructor(data: Float64Array, shape: Shape, requiresGrad = false) {
    checkShape(shape);
    if (data.length !== sizeOf(shape)) {
      throw new Error(`data of length ${data.length} does not fit shape ${shapeToString(shape)}`);
    }
    this.data = data;
    this.shape = Object.freeze(shape.slice());
    this.requiresGrad = requiresGrad;
  }

  /** Copies `data` (a plain array or typed array). The shape defaults to a 1-d vector. */
  static from(data: ArrayLike<number>, shape?: Shape, requiresGrad = false): Tensor {
    return new Tensor(Float64Array.from(data), shape ?? [data.length], requiresGrad);
  }

  static zeros(shape: Shape, requiresGrad = false): Tensor {
    checkShape(shape);
    return new Tensor(new Float64Array(sizeOf(shape)), shape, requiresGrad);
  }

  static ones(shape: Shape, requiresGrad = false): Tensor {
    return Tensor.full(shape, 1, requiresGrad);
  }

  static full(shape: Shape, value: number, requiresGrad = false): Tensor {
    checkShape(shape);
    return new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape, requiresGrad);
  }

  /** A 0-d tensor (shape []). */
  static scalar(value: number, requiresGrad = false): Tensor {
    return new Tensor(Float64Array.of(value), [], requiresGrad);
  }

  /** A tensor of the same shape as `like`, filled with `value`. */
  static fullLike(like: Tensor, value: number): Tensor {
    return Tensor.full(like.shape, value);
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** True when the tensor is not the output of a recorded op. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) {
      throw new Error(`item() needs a one-element tensor, got shape ${shapeToString(this.shape)}`);
    }
    return this.data[0];
  }

  /** Element at a multi-index (row-major), for tests and inspection. */
  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new Error(`get() needs ${this.shape.length} indices, got ${index.length}`);
    }
    let flat = 0;
    for (let d = 0; d < index.length; d++) {
      const i = index[d];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[d]) {
        throw new Error(`index ${i} out of range for dimension ${d} of size ${this.shape[d]}`);
      }
      flat = flat * this.shape[d] + i;
    }
    return this.data[flat];
  }

  /** The same values with no history: a new leaf that shares storage with this tensor. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false);
  }

  /** A fresh copy of the values with no history. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape, false);
  }

  /** Ask `backward` to keep this non-leaf tensor's gradient in `.grad` (torch's retain_grad). */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** Marks a leaf as a parameter (or stops tracking it). Only leaves may change this flag. */
  setRequiresGrad(flag = true): this {
    if (this.gradFn !== null) throw new Error('requiresGrad can only be changed on a leaf tensor');
    this.requiresGrad = flag;
    return this;
  }

  toArray(): number[] {
    return Array.from(this.data);
  }

  toString(): string {
    const head = Array.from(this.data.subarray(0, 8), (v) => String(v)).join(', ');
    const more = this.data.length > 8 ? ', …' : '';
    return `Tensor(shape=${shapeToString(this.shape)}, data=[${head}${more}]${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}
