/**
 * Optimizer paths on a surface, with torch.optim's semantics in float64: the point (x, y) is ONE
 * parameter of shape [2], its gradient comes from autograd, optional clipping
 * (clip_grad_norm_ / clip_grad_value_) acts on it, then the optimizer steps. The engine's optimizers
 * and clipping are the ones its training uses, checked against PyTorch.
 */
import { Adam, clipGradNorm_, clipGradValue_, gradientAngle, RMSprop, SGD, type Optimizer, type Parameter } from '../engine';
import { valueAndGradient } from './calculus';
import type { Surface } from './surfaces';

export const DESCENT_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as const;
export type DescentOptimizer = (typeof DESCENT_OPTIMIZERS)[number];

export type Clipping =
  | { readonly kind: 'none' }
  | { readonly kind: 'norm'; readonly maxNorm: number }
  | { readonly kind: 'value'; readonly clipValue: number };

export interface DescentSettings {
  readonly optimizer: DescentOptimizer;
  readonly lr: number;
  /** SGD's momentum for 'momentum' and 'nesterov' (PyTorch's SGD; ignored by the others). */
  readonly momentum: number;
  /** Adam's (beta1, beta2); RMSprop's alpha. PyTorch's defaults when absent. */
  readonly betas?: readonly [number, number];
  readonly alpha?: number;
  readonly steps: number;
  readonly clipping: Clipping;
}

export const DEFAULT_MOMENTUM = 0.9;
export const MAX_STEPS = 100_000;

export function isDescentOptimizer(name: string): name is DescentOptimizer {
  return (DESCENT_OPTIMIZERS as readonly string[]).includes(name);
}

/** One step as it happened: the gradient autograd gave, the one the optimizer used, and the angle between. */
export interface StepRecord {
  readonly raw: readonly [number, number];
  readonly clipped: readonly [number, number];
  /** Radians; 0 when clipping only shortened the gradient (or did nothing). */
  readonly angle: number;
}

export interface DescentPath {
  /** [x, y, f]: the start, then the point after each step, up to the last finite one. */
  readonly points: readonly (readonly [number, number, number])[];
  readonly records: readonly StepRecord[];
  /** Set when a step reached a point where x, y or f is not finite: the step number (from 1). */
  readonly divergedAtStep: number | null;
}

export function createDescentOptimizer(param: Parameter, s: DescentSettings): Optimizer<unknown> {
  switch (s.optimizer) {
    case 'sgd': return new SGD([param], { lr: s.lr });
    case 'momentum': return new SGD([param], { lr: s.lr, momentum: s.momentum });
    case 'nesterov': return new SGD([param], { lr: s.lr, momentum: s.momentum, nesterov: true });
    case 'adam': return new Adam([param], { lr: s.lr, ...(s.betas ? { betas: s.betas } : {}) });
    case 'rmsprop': return new RMSprop([param], { lr: s.lr, ...(s.alpha !== undefined ? { alpha: s.alpha } : {}) });
  }
}

/** Runs `steps` steps from `start`, stopping early at the first non-finite point. */
export function descend(surface: Surface, start: readonly [number, number], s: DescentSettings): DescentPath {
  if (!Number.isInteger(s.steps) || s.steps < 0 || s.steps > MAX_STEPS) throw new RangeError(`steps must be a whole number from 0 to ${MAX_STEPS}, got ${s.steps}`);
  const param: Parameter = { data: Float64Array.from(start), grad: { data: new Float64Array(2) } };
  const optimizer = createDescentOptimizer(param, s);
  const first = valueAndGradient(surface, start[0], start[1]);
  const points: [number, number, number][] = [[start[0], start[1], first.value]];
  const records: StepRecord[] = [];
  let gradient = first.gradient;
  for (let step = 1; step <= s.steps; step++) {
    const g = param.grad!.data;
    g[0] = gradient[0];
    g[1] = gradient[1];
    const raw: [number, number] = [g[0], g[1]];
    if (s.clipping.kind === 'norm') clipGradNorm_([param], s.clipping.maxNorm);
    else if (s.clipping.kind === 'value') clipGradValue_([param], s.clipping.clipValue);
    const clipped: [number, number] = [g[0], g[1]];
    records.push({ raw, clipped, angle: s.clipping.kind === 'none' ? 0 : gradientAngle([raw], [clipped]) });
    optimizer.step();
    const [x, y] = param.data;
    const next = Number.isFinite(x) && Number.isFinite(y) ? valueAndGradient(surface, x, y) : { value: NaN, gradient: [NaN, NaN] as const };
    if (!Number.isFinite(next.value)) return { points, records, divergedAtStep: step };
    points.push([x, y, next.value]);
    gradient = next.gradient;
  }
  return { points, records, divergedAtStep: null };
}

/**
 * Why SGD diverges on the bowl ½(k x² + y²): along an axis of curvature λ (k for x, 1 for y) the
 * iteration is linear, so it is stable exactly when a = lr·λ stays below a limit — for plain SGD each
 * step multiplies the coordinate by 1 − a, so |1 − a| ≤ 1 ⇔ a ≤ 2; heavy-ball momentum m (PyTorch's
 * SGD) allows a < 2(1 + m); PyTorch's Nesterov form a < 2(1 + m)/(1 + 2m) (the roots of each
 * iteration's characteristic polynomial stay in the unit disc). Adam and RMSprop are not linear: none.
 */
export function bowlStability(optimizer: DescentOptimizer, k: number, lr: number, momentum: number): {
  product: number; limit: number; stable: boolean; factor: number;
} | null {
  const curvature = Math.max(k, 1);
  const product = lr * curvature;
  let limit: number;
  if (optimizer === 'sgd') limit = 2;
  else if (optimizer === 'momentum') limit = 2 * (1 + momentum);
  else if (optimizer === 'nesterov') limit = (2 * (1 + momentum)) / (1 + 2 * momentum);
  else return null;
  return { product, limit, stable: product <= limit, factor: 1 - product };
}
