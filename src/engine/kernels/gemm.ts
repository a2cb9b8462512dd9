/**
 * The matrix-multiply kernel: C = op(A) · op(B) (+ bias per column). `gemm` runs the WebAssembly
 * SIMD version (gemmWasm.ts, same bits, 3–5× faster) for all but tiny products and wherever
 * WebAssembly can run; `gemmJs` below is the plain-JavaScript kernel it must agree with.
 *
 * Why this shape: at these sizes every operand fits in L2, so cache blocking buys nothing; what
 * limits plain JS is loads and stores. Holding a 4×4 block of C in 16 local variables over the
 * whole k loop does 16 multiply-adds per 8 loads and never touches C until the end, which runs
 * about 3× faster than the textbook i-j-k loop (~6 GFLOP/s on this project's machines; see
 * notes/performance.md).
 *
 * Transposes are never materialised: A and B are read through (row stride, column stride) pairs,
 * so A·B, A·Bᵀ and Aᵀ·B (the three products of a linear layer's forward and backward) share one
 * kernel.
 */
import { wasmGemm } from './gemmWasm';
import { tanhInto } from './tanh';

export interface MatrixView {
  readonly data: Float64Array;
  /** Element (r, c) of the viewed matrix is data[r * rowStride + c * colStride]. */
  readonly rowStride: number;
  readonly colStride: number;
}

/** Below this many multiply-adds the copies into WebAssembly memory cost more than they save. */
const WASM_MIN_WORK = 4096;

/**
 * out[i*n + j] = Σ_p A(i, p) · B(p, j) + (bias ? bias[j] : 0), for an m×k view A and k×n view B.
 * `out` is overwritten. With `thenTanh`, out = the engine's tanh (kernels/tanh.ts) of that, computed while the product is still
 * in WebAssembly memory (no second round of copies).
 */
export function gemm(
  A: MatrixView, B: MatrixView, out: Float64Array,
  m: number, n: number, k: number, bias: Float64Array | null = null, thenTanh = false,
): void {
  if (m * n * k >= WASM_MIN_WORK && wasmGemm(A, B, out, m, n, k, bias, thenTanh)) return;
  gemmJs(A, B, out, m, n, k, bias);
  if (thenTanh) {
    const c = out.length === m * n ? out : out.subarray(0, m * n);
    tanhInto(c, c);
  }
}

/** The plain-JavaScript kernel (the reference the WebAssembly kernel matches bit for bit). */
export function gemmJs(
  A: MatrixView, B: MatrixView, out: Float64Array,
  m: number, n: number, k: number, bias: Float64Array | null = null,
): void {
  const a = A.data, b = B.data;
  const ars = A.rowStride, acs = A.colStride, brs = B.rowStride, bcs = B.colStride;
  const m4 = m - (m % 4), n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let pa = i * ars, pb = j * bcs;
      for (let p = 0; p < k; p++) {
        const a0 = a[pa], a1 = a[pa + ars], a2 = a[pa + 2 * ars], a3 = a[pa + 3 * ars];
        const b0 = b[pb], b1 = b[pb + bcs], b2 = b[pb + 2 * bcs], b3 = b[pb + 3 * bcs];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        pa += acs;
        pb += brs;
      }
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      if (bias !== null) { d0 = bias[j]; d1 = bias[j + 1]; d2 = bias[j + 2]; d3 = bias[j + 3]; }
      let o = i * n + j;
      out[o] = c00 + d0; out[o + 1] = c01 + d1; out[o + 2] = c02 + d2; out[o + 3] = c03 + d3;
      o += n;
      out[o] = c10 + d0; out[o + 1] = c11 + d1; out[o + 2] = c12 + d2; out[o + 3] = c13 + d3;
      o += n;
      out[o] = c20 + d0; out[o + 1] = c21 + d1; out[o + 2] = c22 + d2; out[o + 3] = c23 + d3;
      o += n;
      out[o] = c30 + d0; out[o + 1] = c31 + d1; out[o + 2] = c32 + d2; out[o + 3] = c33 + d3;
    }
  }
  if (n4 < n) edgeColumns(a, b, out, ars, acs, brs, bcs, m4, n4, n, k, bias);
  if (m4 < m) edgeRows(a, b, out, ars, acs, brs, bcs, m4, m, n, k, bias);
}

// The edges keep the block kernel's arithmetic: every element is Σ_p A(i,p)·B(p,j) summed from 0
// in increasing p, then the bias added, so a result does not depend on where its element falls.
// A plain dot product per edge element would read B down a column once per row; for a 10-class
// head (n = 10) those 2 columns took ~40% of the product's time, at a third of the block speed.

/** The last n % 4 columns of the 4-row blocks: a 4×1 kernel, each B element loaded once for 4 rows. */
function edgeColumns(
  a: Float64Array, b: Float64Array, out: Float64Array, ars: number, acs: number, brs: number, bcs: number,
  m4: number, n4: number, n: number, k: number, bias: Float64Array | null,
): void {
  for (let i = 0; i < m4; i += 4) {
    for (let j = n4; j < n; j++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let pa = i * ars, pb = j * bcs;
      for (let p = 0; p < k; p++) {
        const bv = b[pb];
        c0 += a[pa] * bv; c1 += a[pa + ars] * bv; c2 += a[pa + 2 * ars] * bv; c3 += a[pa + 3 * ars] * bv;
        pa += acs;
        pb += brs;
      }
      const d = bias !== null ? bias[j] : 0;
      const o = i * n + j;
      out[o] = c0 + d; out[o + n] = c1 + d; out[o + 2 * n] = c2 + d; out[o + 3 * n] = c3 + d;
    }
  }
}

/** The last m % 4 rows, all columns: a 1×4 kernel (each A element loaded once for 4 columns), then single elements. */
function edgeRows(
  a: Float64Array, b: Float64Array, out: Float64Array, ars: number, acs: number, brs: number, bcs: number,
  m4: number, m: number, n: number, k: number, bias: Float64Array | null,
): void {
  const n4 = n - (n % 4);
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let pa = i * ars, pb = j * bcs;
      for (let p = 0; p < k; p++) {
        const av = a[pa];
        c0 += av * b[pb]; c1 += av * b[pb + bcs]; c2 += av * b[pb + 2 * bcs]; c3 += av * b[pb + 3 * bcs];
        pa += acs;
        pb += brs;
      }
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      if (bias !== null) { d0 = bias[j]; d1 = bias[j + 1]; d2 = bias[j + 2]; d3 = bias[j + 3]; }
      const o = i * n + j;
      out[o] = c0 + d0; out[o + 1] = c1 + d1; out[o + 2] = c2 + d2; out[o + 3] = c3 + d3;
    }
    for (let j = n4; j < n; j++) {
      let s = 0;
      let pa = i * ars, pb = j * bcs;
      for (let p = 0; p < k; p++) {
        s += a[pa] * b[pb];
        pa += acs;
        pb += brs;
      }
      out[i * n + j] = s + (bias !== null ? bias[j] : 0);
    }
  }
}
