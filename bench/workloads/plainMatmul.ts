/**
 * The reference for "the practical limit of plain JavaScript": the fastest matmul kernel measured
 * in shared/notes/performance.md (~6 GFLOP/s on this machine kind). Each 4x4 block of C lives in
 * 16 local variables for the whole k loop, so V8 keeps it in registers: per k step it loads 4
 * values of A and 4 of B and does 16 multiply-adds, instead of a load and a store of C per
 * multiply-add. Leftover columns (n not a multiple of 4, e.g. 10 classes) use a 4x1 block so
 * each B element is still loaded once per 4 rows; leftover rows use plain dot products.
 */

/** c[m x n] = a[m x k] @ b[k x n], all row-major; `c` is overwritten. */
export function matmulBlocked4x4(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        const b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
        const a0 = a[r0 + p], a1 = a[r1 + p], a2 = a[r2 + p], a3 = a[r3 + p];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const o0 = i * n + j, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
      c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
      c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
      c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
    }
    for (let j = n4; j < n; j++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        const bv = b[bp];
        c0 += a[r0 + p] * bv; c1 += a[r1 + p] * bv; c2 += a[r2 + p] * bv; c3 += a[r3 + p] * bv;
      }
      c[i * n + j] = c0; c[(i + 1) * n + j] = c1; c[(i + 2) * n + j] = c2; c[(i + 3) * n + j] = c3;
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) c[i * n + j] = dot(a, i * k, b, j, k, n);
  }
}

/** Row of a (from offset ra) times column j of b (row stride n). */
function dot(a: Float64Array, ra: number, b: Float64Array, j: number, k: number, n: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += a[ra + p] * b[p * n + j];
  return s;
}
