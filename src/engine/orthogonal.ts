/**
 * Orthogonal initialisation (Saxe et al. 2014) exactly as torch.nn.init.orthogonal_ builds it:
 * draw a Gaussian matrix, take its QR decomposition, and fix the signs of Q's columns by the
 * signs of R's diagonal. Without the sign fix, Q would depend on the QR algorithm's conventions
 * and would not be uniformly (Haar) distributed.
 */
import type { Rng } from './rng';

/**
 * Reduced QR of an m x n row-major matrix with m >= n by Householder reflections.
 * Returns Q (m x n, orthonormal columns) and the diagonal of R.
 */
export function householderQr(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  if (m < n) throw new RangeError(`householderQr needs rows >= cols, got ${m} x ${n}`);
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Reflect column k below the diagonal onto -sign(x0)·|x|·e_k (the sign avoids cancellation).
    let sumSq = 0;
    for (let i = k; i < m; i++) sumSq += r[i * n + k] * r[i * n + k];
    const norm = Math.sqrt(sumSq); // sqrt, not Math.hypot: IEEE-exact, so the same in every runtime
    const x0 = r[k * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k];
    v[0] -= alpha;
    let vNormSq = 0;
    for (let i = 0; i < v.length; i++) vNormSq += v[i] * v[i];
    vs.push(v);
    if (vNormSq === 0) {
      rDiag[k] = r[k * n + k]; // column already zero below the diagonal: nothing to reflect
      continue;
    }
    // Apply H = I - 2 v v^T / (v^T v) to the trailing columns.
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * r[i * n + j];
      const s = (2 * dot) / vNormSq;
      for (let i = k; i < m; i++) r[i * n + j] -= s * v[i - k];
    }
    rDiag[k] = r[k * n + k];
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    let vNormSq = 0;
    for (let i = 0; i < v.length; i++) vNormSq += v[i] * v[i];
    if (vNormSq === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
      const s = (2 * dot) / vNormSq;
      for (let i = k; i < m; i++) q[i * n + j] -= s * v[i - k];
    }
  }
  return { q, rDiag };
}

/**
 * A [rows, cols] matrix with orthonormal rows (rows <= cols) or orthonormal columns
 * (rows > cols), times `gain`; same algorithm and drawing order as torch.nn.init.orthogonal_.
 */
export function orthogonalMatrix(rng: Rng, rows: number, cols: number, gain = 1): Float64Array {
  const gaussian = rng.fillNormal(new Float64Array(rows * cols));
  // torch transposes a wide matrix so that QR sees a tall one.
  const tall = rows < cols ? transpose(gaussian, rows, cols) : gaussian;
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const { q, rDiag } = householderQr(tall, m, n);
  for (let j = 0; j < n; j++) {
    const sign = Math.sign(rDiag[j]); // torch uses d.sign(): a zero diagonal zeroes the column
    for (let i = 0; i < m; i++) q[i * n + j] *= sign * gain;
  }
  return rows < cols ? transpose(q, m, n) : q;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}
