/**
 * Matrix products: `matmul` (with optional transposes) and the fused `linear` layer op.
 *
 * The backward of a product is two more products, and those use transposed operands; the kernel
 * reads transposes through strides, so no transpose is ever copied. Because the backward is built
 * from `matmul` itself, it is differentiable again (double backward through a network).
 */

import { record } from '../graph';
import { Tensor, shapeToString } from '../tensor';
import { gemm, type MatrixView } from '../kernels/gemm';
import { takeBuffer } from '../kernels/bufferPool';
import { sum } from './reduce';

export interface MatmulOptions {
  /** Use Aᵀ instead of A. */
  transposeA?: boolean;
  /** Use Bᵀ instead of B. */
  transposeB?: boolean;
}

/** A 2-d tensor seen as op(t): its (rows, cols) after the optional transpose, and its strides. */
function view(t: Tensor, transpose: boolean, which: string): MatrixView & { rows: number; cols: number } {
  if (t.ndim !== 2) throw new Error(`matmul: ${which} must be 2-d, got shape ${shapeToString(t.shape)}`);
  const [r, c] = t.shape;
  return transpose
    ? { data: t.data, rows: c, cols: r, rowStride: 1, colStride: c }
    : { data: t.data, rows: r, cols: c, rowStride: c, colStride: 1 };
}

/**
 * op(A) · op(B) for 2-d tensors. Backward, for C = op(A)·op(B) with upstream G:
 * d op(A) = G · op(B)ᵀ and d op(B) = op(A)ᵀ · G, transposed back when the operand was transposed.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const tA = options.transposeA ?? false, tB = options.transposeB ?? false;
  const A = view(a, tA, 'A'), B = view(b, tB, 'B');
  if (A.cols !== B.rows) {
    throw new Error(
      `matmul: inner dimensions differ: ${shapeToString(a.shape)}${tA ? 'ᵀ' : ''} · ${shapeToString(b.shape)}${tB ? 'ᵀ' : ''}`,
    );
  }
  // A recycled array (gemm overwrites every element): see kernels/bufferPool.ts for why.
  const out = takeBuffer(A.rows * B.cols);
  gemm(A, B, out, A.rows, B.cols, A.cols);
  return record('matmul', new Tensor(out, [A.rows, B.cols]), [a, b], (g, needs) => [
    needs[0] ? (tA ? matmul(b, g, { transposeA: tB, transposeB: true }) : matmul(g, b, { transposeB: !tB })) : null,
    needs[1] ? (tB ? matmul(g, a, { transposeA: true, transposeB: tA }) : matmul(a, g, { transposeA: !tA })) : null,
  ]);
}

/**
 * A fully connected layer, y = x · Wᵀ + b, with W of shape [out, in] as in PyTorch, in one pass
 * (the bias is added when each block of y is stored). Backward: dx = G · W, dW = Gᵀ · x,
 * db = Σ_rows G.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const X = view(x, false, 'input'), W = view(weight, true, 'weight');
  if (X.cols !== W.rows) {
    throw new Error(
      `linear: input of shape ${shapeToString(x.shape)} does not match weight of shape ${shapeToString(weight.shape)}`,
    );
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== W.cols)) {
    throw new Error(`linear: bias of shape ${shapeToString(bias.shape)} does not match ${W.cols} outputs`);
  }
  const out = takeBuffer(X.rows * W.cols);
  gemm(X, W, out, X.rows, W.cols, X.cols, bias?.data ?? null);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record('linear', new Tensor(out, [X.rows, W.cols]), inputs, (g, needs) => [
    needs[0] ? matmul(g, weight) : null,
    needs[1] ? matmul(g, x, { transposeA: true }) : null,
    needs[2] ? sum(g, 0) : null,
  ]);
}
