/**
 * f, f' and f'' of an elementwise function on a grid, all from the engine's autograd: one forward
 * pass, a backward pass that records its own graph (createGraph), and a backward pass through that
 * (double backward). Because y_i depends on x_i only, the gradient of sum(y) is f' elementwise, and
 * the gradient of sum(f') is f''. Pure; the page, the CLI and the tests all sample through here.
 */

import { Tensor, grad, sum } from '../engine';

export interface CurveValues {
  readonly x: Float64Array;
  readonly f: Float64Array;
  readonly df: Float64Array;
  readonly d2f: Float64Array;
}

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

export function sampleDerivatives(apply: (x: Tensor) => Tensor, xs: Float64Array): CurveValues {
  const x = new Tensor(xs.slice(), [xs.length], true);
  const y = apply(x);
  const n = xs.length;
  if (!y.requiresGrad && y.size === 1 && n !== 1) {
    // f does not depend on x (an expression such as "2"): a constant, f' = f'' = 0.
    return { x: xs, f: new Float64Array(n).fill(y.data[0]), df: new Float64Array(n), d2f: new Float64Array(n) };
  }
  if (y.size !== n) throw new Error(`the function must act elementwise (got ${y.size} values for ${n} inputs)`);
  if (!y.requiresGrad) return { x: xs, f: Float64Array.from(y.data), df: new Float64Array(n), d2f: new Float64Array(n) };
  const [dy] = grad(sum(y), x, { createGraph: true, materializeGrads: true });
  // f' that does not depend on x (relu, identity) has no graph: its derivative is 0, not an error.
  const [d2y] = grad(sum(dy), x, { materializeGrads: true });
  const f = Float64Array.from(y.data), df = Float64Array.from(dy.data), d2f = Float64Array.from(d2y.data);
  // Where f itself is NaN (log of a negative number) a derivative means nothing, though the backward
  // formula still yields one (PyTorch's too: d log(x)/dx = 1/x for any x). Show gaps there instead.
  for (let i = 0; i < n; i++) if (Number.isNaN(f[i])) df[i] = d2f[i] = NaN;
  return { x: xs, f, df, d2f };
}

/** Values on the plot grid. */
export function sampleOnGrid(apply: (x: Tensor) => Tensor, xMin: number, xMax: number, points: number): CurveValues {
  return sampleDerivatives(apply, linspace(xMin, xMax, points));
}
