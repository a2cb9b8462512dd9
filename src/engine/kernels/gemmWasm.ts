/**
 * The matrix-multiply kernel in WebAssembly (float64, 128-bit SIMD): the same sums as the JavaScript
 * kernel in gemm.ts, bit for bit (each element summed from 0 in increasing p, products rounded, bias
 * added last), 3–5× faster on V8 because two columns share each instruction and the accumulators
 * stay in registers. The kernel is written by scripts/wasm/gemmWat.mjs and loaded by wasm.ts.
 *
 * Operands the buffer pool placed in its resident arena (bufferPool.ts) are read where they lie and the result is
 * written where it goes; the others are copied into arena blocks of their own. Where the arena cannot hold them,
 * operands are copied into the module's scratch memory (A as stored, B row-major) and the result copied back.
 * Where WebAssembly is missing or refused (a page whose CSP lacks 'wasm-unsafe-eval'), `wasmGemm()`
 * returns false and gemm() uses the JavaScript kernel.
 */
import { prefix, tableAfter, wasmKernels } from './wasm';
import { TABLE_DOUBLES } from './wasm.generated';
import { CONSTANTS_TABLE, isResident, residentArena } from './bufferPool';
import { ArenaOperands } from './arenaOperands';
import type { MatrixView } from './gemm';

/** Whether two arrays share an element. */
function overlaps(a: Float64Array, b: Float64Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** The product on the arena, C written straight into `out` (an arena array); false when that cannot be done. */
function residentGemm(
  A: MatrixView, B: MatrixView, out: Float64Array, m: number, n: number, k: number, bias: Float64Array | null,
  thenTanh: boolean,
): boolean {
  const arena = residentArena();
  // The kernel writes C while it still reads A, B and the bias.
  if (arena === null || !isResident(out) || overlaps(out, A.data) || overlaps(out, B.data) || (bias !== null && overlaps(out, bias))) {
    return false;
  }
  const operands = new ArenaOperands();
  try {
    const a = operands.place(A.data, (m - 1) * A.rowStride + (k - 1) * A.colStride + 1);
    let b: number;
    if (B.rowStride === n && B.colStride === 1) {
      b = operands.place(B.data, k * n);
    } else {
      const rowMajor = operands.block(k * n);
      if (B.rowStride === 1 && B.colStride !== 1) {
        const stored = operands.place(B.data, (n - 1) * B.colStride + k);
        if (rowMajor !== null && stored >= 0) arena.calls.transpose(stored, B.colStride * 8, rowMajor.byteOffset, n, k);
      } else if (rowMajor !== null) {
        copyIn(rowMajor, 0, B, k, n);
      }
      b = rowMajor?.byteOffset ?? -1;
    }
    const bi = bias === null ? operands.zeros(n) : operands.place(bias, n);
    if (!operands.ok) return false;
    arena.calls.gemm(m, n, k, a, A.rowStride * 8, A.colStride * 8, b, out.byteOffset, bi);
    if (thenTanh) arena.calls.tanh(out.byteOffset, m * n, CONSTANTS_TABLE);
    return true;
  } finally {
    operands.release();
  }
}

/** Writes the rows × cols view into heap[at...] row-major. */
function copyIn(heap: Float64Array, at: number, v: MatrixView, rows: number, cols: number): void {
  const d = v.data, rs = v.rowStride, cs = v.colStride;
  if (cs === 1 && rs === cols) {
    heap.set(prefix(d, rows * cols), at);
    return;
  }
  for (let r = 0; r < rows; r++) {
    let src = r * rs;
    const row = at + r * cols;
    for (let c = 0; c < cols; c++, src += cs) heap[row + c] = d[src];
  }
}

/**
 * out = op(A)·op(B) (+ bias), then tanh of it when `thenTanh`, as gemm() in gemm.ts. Returns false (and
 * does nothing) when the WebAssembly kernel is not available.
 */
export function wasmGemm(
  A: MatrixView, B: MatrixView, out: Float64Array, m: number, n: number, k: number, bias: Float64Array | null,
  thenTanh = false,
): boolean {
  if (m > 0 && n > 0 && k > 0 && residentGemm(A, B, out, m, n, k, bias, thenTanh)) return true;
  const kernels = wasmKernels();
  if (kernels === null) return false;
  // A is copied as stored (the kernel reads it through its strides); B is made row-major.
  const aSpan = m > 0 && k > 0 ? (m - 1) * A.rowStride + (k - 1) * A.colStride + 1 : 0;
  const a = 0, b = aSpan, c = b + k * n, bi = c + m * n;
  // A transposed B (a linear layer's Wᵀ: rows of W, B.colStride apart) is copied as stored past the bias and
  // transposed in WebAssembly: an element-by-element strided copy in JavaScript cost ~3 ns a value.
  const bT = B.rowStride === 1 && B.colStride !== 1 && n > 0 && k > 0;
  const scratch = bi + n, bSpan = bT ? (n - 1) * B.colStride + k : 0;
  // tanh's constants go just past C, over the bias and B's copy, which the product has read by then.
  const heap = kernels.heap(Math.max(scratch + bSpan, thenTanh ? bi + TABLE_DOUBLES : 0));
  if (heap === null) return false;
  if (aSpan > 0) heap.set(prefix(A.data, aSpan), a);
  if (bT) {
    heap.set(prefix(B.data, bSpan), scratch);
    kernels.transpose(scratch * 8, B.colStride * 8, b * 8, n, k);
  } else {
    copyIn(heap, b, B, k, n);
  }
  if (bias) heap.set(bias.subarray(0, n), bi);
  else heap.fill(0, bi, bi + n);
  kernels.gemm(m, n, k, a * 8, A.rowStride * 8, A.colStride * 8, b * 8, c * 8, bi * 8);
  if (thenTanh) kernels.tanh(c * 8, m * n, tableAfter(c + m * n));
  out.set(heap.subarray(c, c + m * n));
  return true;
}
