/**
 * The matrix-multiply kernel in WebAssembly (float64, 128-bit SIMD): the same sums as the JavaScript
 * kernel in gemm.ts, bit for bit (each element summed from 0 in increasing p, products rounded, bias
 * added last), 3–5× faster on V8 because two columns share each instruction and the accumulators
 * stay in registers. The kernel is written by scripts/wasm/gemmWat.mjs and loaded by wasm.ts.
 *
 * Operands are copied into the module's memory (A as stored, B row-major) and the result copied back:
 * for a 64³ product the copies cost ~10-30% of the kernel, a transposed B the most.
 * Where WebAssembly is missing or refused (a page whose CSP lacks 'wasm-unsafe-eval'), `wasmGemm()`
 * returns false and gemm() uses the JavaScript kernel.
 */
import { prefix, wasmKernels } from './wasm';
import { TANH_SCRATCH_DOUBLES } from './wasm.generated';
import type { MatrixView } from './gemm';

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
  const heap = kernels.heap(Math.max(scratch + bSpan, thenTanh ? bi + TANH_SCRATCH_DOUBLES : 0));
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
  if (thenTanh) kernels.tanh(c * 8, m * n);
  out.set(heap.subarray(c, c + m * n));
  return true;
}
