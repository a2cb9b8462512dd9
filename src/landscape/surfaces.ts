/**
 * The surfaces f(x, y) of the loss-landscape explorer: five classic test functions and any
 * expression in x and y. Each is written with engine ops, so ∇f comes from the same autograd that
 * trains networks, and a whole grid evaluates in one call (x and y of any common shape).
 */
import { add, compileSurfaceExpression, mul, pow, sub, Tensor, type ExpressionError } from '../engine';
import { compileSurfacePoints, pointwise, type PointsEvaluator } from './scalarSurface';

export const SURFACE_NAMES = ['quadratic', 'rosenbrock', 'himmelblau', 'beale', 'saddle'] as const;
export type SurfaceName = (typeof SURFACE_NAMES)[number];

/** Which surface: a named one (the bowl takes its condition number k) or an expression. */
export type SurfaceSpec =
  | { readonly kind: 'builtin'; readonly name: SurfaceName; readonly condition?: number }
  | { readonly kind: 'expression'; readonly source: string };

/** A rectangle of the (x, y) plane. */
export interface View {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

export interface Surface {
  /** What the CLI prints as `function` and the panel as the title: the name or the expression. */
  readonly label: string;
  /** The formula in plain text, e.g. "½(k x² + y²), k = 10". */
  readonly formula: string;
  readonly evaluate: (x: Tensor, y: Tensor) => Tensor;
  /**
   * The same f over arrays of points without tensors, bit for bit what `evaluate` gives (grids use it:
   * nothing allocated per operation). Absent for expressions calling a function only tensors evaluate.
   */
  readonly evaluatePoints?: PointsEvaluator;
  /** Where the interesting part is. */
  readonly view: View;
  /** A start that shows the surface's character (a curved valley, a narrow bowl...). */
  readonly start: readonly [number, number];
  /** Known minima (and the saddle point of the saddle), for markers; empty for expressions. */
  readonly minima: readonly (readonly [number, number])[];
  /** A learning rate that converges for plain SGD from `start`, and one for Adam/RMSprop. */
  readonly lr: { readonly sgd: number; readonly adaptive: number };
}

export const DEFAULT_CONDITION = 10;
/** The condition number the bowl accepts: k in [1/1000, 1000] keeps the picture readable. */
export const CONDITION_RANGE = [1e-3, 1e3] as const;

const sq = (t: Tensor | number) => pow(t, 2);

function bowl(k: number): Surface {
  return {
    label: 'quadratic',
    formula: `½(k x² + y²), k = ${k}`,
    evaluate: (x, y) => mul(0.5, add(mul(k, sq(x)), sq(y))),
    evaluatePoints: pointwise((x, y) => 0.5 * (k * (x * x) + y * y)),
    view: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
    start: [-2.5, 2],
    minima: [[0, 0]],
    lr: { sgd: 1.5 / Math.max(k, 1), adaptive: 0.1 }, // lr·k = 1.5: stable, with a visible zigzag across the valley
  };
}

const BUILTINS: Readonly<Record<Exclude<SurfaceName, 'quadratic'>, Surface>> = {
  rosenbrock: {
    label: 'rosenbrock',
    formula: '(1 − x)² + 100 (y − x²)²',
    evaluate: (x, y) => add(sq(sub(1, x)), mul(100, sq(sub(y, sq(x))))),
    evaluatePoints: pointwise((x, y) => {
      const a = 1 - x, b = y - x * x;
      return a * a + 100 * (b * b);
    }),
    view: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
    start: [-1.5, 2],
    minima: [[1, 1]],
    lr: { sgd: 1e-3, adaptive: 0.05 },
  },
  himmelblau: {
    label: 'himmelblau',
    formula: '(x² + y − 11)² + (x + y² − 7)²',
    evaluate: (x, y) => add(sq(sub(add(sq(x), y), 11)), sq(sub(add(x, sq(y)), 7))),
    evaluatePoints: pointwise((x, y) => {
      const a = x * x + y - 11, b = x + y * y - 7;
      return a * a + b * b;
    }),
    view: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
    start: [0, 0],
    minima: [[3, 2], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]],
    lr: { sgd: 0.01, adaptive: 0.1 },
  },
  beale: {
    label: 'beale',
    formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    evaluate: (x, y) => add(add(
      sq(add(sub(1.5, x), mul(x, y))),
      sq(add(sub(2.25, x), mul(x, sq(y))))),
      sq(add(sub(2.625, x), mul(x, pow(y, 3))))),
    evaluatePoints: pointwise((x, y) => {
      const a = 1.5 - x + x * y, b = 2.25 - x + x * (y * y), c = 2.625 - x + x * (y * y * y);
      return a * a + b * b + c * c;
    }),
    view: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
    start: [1, 1.5],
    minima: [[3, 0.5]],
    lr: { sgd: 1e-3, adaptive: 0.05 },
  },
  saddle: {
    label: 'saddle',
    formula: 'x² − y²',
    evaluate: (x, y) => sub(sq(x), sq(y)),
    evaluatePoints: pointwise((x, y) => x * x - y * y),
    view: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
    start: [-1.5, 0.01],
    minima: [[0, 0]],
    lr: { sgd: 0.1, adaptive: 0.05 },
  },
};

export function isSurfaceName(name: string): name is SurfaceName {
  return (SURFACE_NAMES as readonly string[]).includes(name);
}

export type ResolvedSurface = { ok: true; surface: Surface } | { ok: false; error: ExpressionError };

/** The surface for a spec; an expression that does not parse gives its error (with the column). */
export function resolveSurface(spec: SurfaceSpec): ResolvedSurface {
  if (spec.kind === 'builtin') {
    if (spec.name === 'quadratic') return { ok: true, surface: bowl(checkCondition(spec.condition ?? DEFAULT_CONDITION)) };
    return { ok: true, surface: BUILTINS[spec.name] };
  }
  const compiled = compileSurfaceExpression(spec.source);
  if (!compiled.ok) return compiled;
  const evaluatePoints = compileSurfacePoints(spec.source);
  return {
    ok: true,
    surface: {
      label: spec.source,
      formula: spec.source,
      evaluate: compiled.fn,
      ...(evaluatePoints ? { evaluatePoints } : {}),
      view: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
      start: [-2, 2],
      minima: [],
      lr: { sgd: 0.01, adaptive: 0.05 },
    },
  };
}

/** The bowl's k, refused outside CONDITION_RANGE (the message names the range). */
export function checkCondition(k: number): number {
  if (!(k >= CONDITION_RANGE[0] && k <= CONDITION_RANGE[1])) {
    throw new RangeError(`The condition number k must be between ${CONDITION_RANGE[0]} and ${CONDITION_RANGE[1]}, got ${k}`);
  }
  return k;
}

/** A spec from what a user typed: a surface name, or else an expression in x and y. */
export function surfaceSpecOf(text: string, condition?: number): SurfaceSpec {
  const name = text.trim().toLowerCase();
  return isSurfaceName(name) ? { kind: 'builtin', name, condition } : { kind: 'expression', source: text };
}
