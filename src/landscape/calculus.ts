/**
 * f and ∇f at points, and the directional derivative: all by the engine's autograd. The points of
 * one call are independent, so the gradient of sum(f) gives every point's own ∇f in one backward.
 */
import { grad, noGrad, sum, Tensor } from '../engine';
import type { Surface, View } from './surfaces';

export interface PointValue {
  readonly value: number;
  readonly gradient: readonly [number, number];
}

/** f and ∇f at many points at once (xs[i], ys[i]). */
export function valuesAndGradients(surface: Surface, xs: ArrayLike<number>, ys: ArrayLike<number>): {
  values: Float64Array; gx: Float64Array; gy: Float64Array;
} {
  const x = new Tensor(Float64Array.from(xs), [xs.length], true);
  const y = new Tensor(Float64Array.from(ys), [ys.length], true);
  const f = surface.evaluate(x, y);
  const [gx, gy] = grad(sum(f), [x, y], { materializeGrads: true, allowUnused: true });
  const n = xs.length;
  return { values: f.data, gx: gx?.data ?? new Float64Array(n), gy: gy?.data ?? new Float64Array(n) };
}

export function valueAndGradient(surface: Surface, x: number, y: number): PointValue {
  const r = valuesAndGradients(surface, [x], [y]);
  return { value: r.values[0], gradient: [r.gx[0], r.gy[0]] };
}

/** f without gradients (for grids and slices). */
export function valuesAt(surface: Surface, xs: Float64Array, ys: Float64Array): Float64Array {
  return noGrad(() => surface.evaluate(new Tensor(xs, [xs.length]), new Tensor(ys, [ys.length])).data);
}

/** A grid of f over `view`: row 0 is y = yMax (top row first, as drawn), column 0 is x = xMin; nx, ny ≥ 2. */
export interface Grid {
  readonly nx: number;
  readonly ny: number;
  readonly view: View;
  readonly values: Float64Array;
}

/**
 * f on an nx × ny grid over `view`. With the surface's tensor-free form nothing is allocated per
 * operation (the same numbers; this runs on every frame of a drag); `out` is reused when given.
 */
export function evaluateGrid(surface: Surface, view: View, nx: number, ny: number, out?: Float64Array): Grid {
  const n = nx * ny;
  // Interpolated from both ends, so the edges are exactly the view's.
  const xAt = (c: number) => {
    const s = c / (nx - 1);
    return view.xMin * (1 - s) + view.xMax * s;
  };
  const yAt = (r: number) => {
    const t = r / (ny - 1);
    return view.yMax * (1 - t) + view.yMin * t;
  };
  const points = surface.evaluatePoints;
  if (points) {
    const values = out && out.length === n ? out : new Float64Array(n);
    const rowX = Float64Array.from({ length: nx }, (_, c) => xAt(c));
    const rowY = new Float64Array(nx);
    for (let r = 0; r < ny; r++) {
      rowY.fill(yAt(r));
      points(rowX, rowY, values.subarray(r * nx, (r + 1) * nx));
    }
    return { nx, ny, view, values };
  }
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let r = 0; r < ny; r++) {
    const y = yAt(r);
    for (let c = 0; c < nx; c++) {
      xs[r * nx + c] = xAt(c);
      ys[r * nx + c] = y;
    }
  }
  return { nx, ny, view, values: valuesAt(surface, xs, ys) };
}

export interface Directional {
  /** u scaled to length 1. */
  readonly unit: readonly [number, number];
  readonly gradientNorm: number;
  /** D_u f = ∇f · u, the rate of change of f along u. */
  readonly derivative: number;
  /** The central finite difference (f(p + h u) − f(p − h u)) / 2h, as a check of D_u f. */
  readonly finiteDifference: number;
  readonly step: number;
  /** The angle between u and ∇f in degrees (0: uphill fastest, 180: downhill fastest); NaN when ∇f = 0. */
  readonly angleDegrees: number;
}

/** The unit vector along (dx, dy); throws when it has no direction. */
export function unitVector(dx: number, dy: number): [number, number] {
  const n = Math.hypot(dx, dy);
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`The direction (${dx}, ${dy}) has no length`);
  return [dx / n, dy / n];
}

export function directional(surface: Surface, p: readonly [number, number], u: readonly [number, number], at?: PointValue): Directional {
  const unit = unitVector(u[0], u[1]);
  const { gradient } = at ?? valueAndGradient(surface, p[0], p[1]);
  const derivative = gradient[0] * unit[0] + gradient[1] * unit[1];
  const gradientNorm = Math.hypot(gradient[0], gradient[1]);
  // h balances truncation (h²) against rounding (ε/h): about ε^(1/3) times the scale of p.
  const step = 6e-6 * Math.max(1, Math.hypot(p[0], p[1]));
  const ends = valuesAt(surface, Float64Array.of(p[0] + step * unit[0], p[0] - step * unit[0]), Float64Array.of(p[1] + step * unit[1], p[1] - step * unit[1]));
  const finiteDifference = (ends[0] - ends[1]) / (2 * step);
  const cos = gradientNorm > 0 ? Math.max(-1, Math.min(1, derivative / gradientNorm)) : NaN;
  return { unit, gradientNorm, derivative, finiteDifference, step, angleDegrees: (Math.acos(cos) * 180) / Math.PI };
}

/** The slice g(t) = f(p + t u) at `count` values of t in [−span, span] (u made unit). */
export function slice(surface: Surface, p: readonly [number, number], u: readonly [number, number], span: number, count: number): {
  t: Float64Array; g: Float64Array;
} {
  const unit = unitVector(u[0], u[1]);
  const t = new Float64Array(count);
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    t[i] = -span + (2 * span * i) / (count - 1);
    xs[i] = p[0] + t[i] * unit[0];
    ys[i] = p[1] + t[i] * unit[1];
  }
  return { t, g: valuesAt(surface, xs, ys) };
}
