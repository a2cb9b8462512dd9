/**
 * The plot's grid, and f, f' and f'' on it (the engine's sampleDerivatives, from autograd). Pure; the
 * page, the CLI and the tests all sample through here.
 */

import { sampleDerivatives, type CurveValues, type Tensor } from '../engine';

export { sampleDerivatives, type CurveValues } from '../engine';

/**
 * `points` evenly spaced values from a to b inclusive. Each is (a·(n−1−i) + b·i) / (n−1): one rounding for
 * integer ends, so grid points print as 0.4, not 0.39999999999999997, and 0 and −7.75 are hit exactly.
 */
export function linspace(a: number, b: number, points: number): Float64Array {
  const xs = new Float64Array(points);
  if (points === 1) {
    xs[0] = a;
    return xs;
  }
  const n = points - 1;
  for (let i = 1; i < n; i++) xs[i] = (a * (n - i) + b * i) / n;
  xs[0] = a;
  xs[n] = b; // exact ends even when b·n/n rounds
  return xs;
}

/** Values on the plot grid. */
export function sampleOnGrid(apply: (x: Tensor) => Tensor, xMin: number, xMax: number, points: number): CurveValues {
  return sampleDerivatives(apply, linspace(xMin, xMax, points));
}
