/**
 * Per-layer rates from per-layer norms: the slope of a least-squares line through ln(norm) against
 * the layer (or depth), so exp(slope) is the factor the norm changes by per layer. Points that are
 * not finite or not positive (an overflowed layer, an exact zero) are left out.
 */

export interface LogSlopeFit {
  /** d ln(norm) / d x. */
  readonly slope: number;
  readonly intercept: number;
  /** Number of points used. */
  readonly points: number;
}

export function fitLogSlope(x: readonly number[], norms: readonly number[]): LogSlopeFit {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < Math.min(x.length, norms.length); i++) {
    const v = norms[i];
    if (!(v > 0) || !Number.isFinite(v) || !Number.isFinite(x[i])) continue;
    const y = Math.log(v);
    n++;
    sx += x[i];
    sy += y;
    sxx += x[i] * x[i];
    sxy += x[i] * y;
  }
  if (n < 2) return { slope: NaN, intercept: NaN, points: n };
  const denom = n * sxx - sx * sx;
  if (denom === 0) return { slope: NaN, intercept: NaN, points: n };
  const slope = (n * sxy - sx * sy) / denom;
  return { slope, intercept: (sy - slope * sx) / n, points: n };
}

/** exp(slope): the per-layer factor of the norm (NaN when it cannot be fitted). */
export function fittedRate(x: readonly number[], norms: readonly number[]): number {
  return Math.exp(fitLogSlope(x, norms).slope);
}

/**
 * The backward per-layer factor ||delta^l|| / ||delta^(l+1)|| fitted across layers 1..depth
 * (comparable with sqrt(chi)): the norms are indexed from the input, the gradient flows from the
 * output, hence exp(-slope).
 */
export function backwardLayerRate(norms: readonly number[]): number {
  return Math.exp(-fitLogSlope(norms.map((_, i) => i + 1), norms).slope);
}
