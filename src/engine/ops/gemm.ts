/**
 * The matrix-multiply kernel: C = op(A) · op(B) (+ bias per column), in plain JavaScript.
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

export interface MatrixView {
  readonly data: Float64Array;
  /** Element (r, c) of the viewed matrix is data[r * rowStride + c * colStride]. */
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * out[i*n + j] = Σ_p A(i, p) · B(p, j) + (bias ? bias[j] : 0), for an m×k view A and k×n view B.
 * `out` is overwritten.
 */
export function gemm(
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
  // Edges (the last m % 4 rows and n % 4 columns): one dot product per element.
  if (m4 < m || n4 < n) {
    for (let i = 0; i < m; i++) {
      for (let j = i < m4 ? n4 : 0; j < n; j++) {
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
}
