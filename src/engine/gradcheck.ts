/**
 * Gradient check: autograd's gradient against central finite differences.
 *
 * For f(inputs) the check differentiates the scalar L = Σ w ⊙ f(inputs), with fixed pseudo-random
 * weights w (a plain sum would hide errors that cancel across outputs), then nudges each input
 * element by ±eps and compares (L(x + eps) - L(x - eps)) / 2eps with the analytic value. In
 * float64 with eps = 1e-6 the difference quotient is good to ~1e-9 relative (truncation ~eps²,
 * rounding ~1e-16/eps), so a wrong backward shows up as an error many orders larger.
 *
 * `gradgradcheck` does the same one level up: the gradient itself, built with createGraph, is
 * differentiated and compared with finite differences of the gradient.
 */

import { Tensor } from './tensor';
import { enableGrad, grad, noGrad } from './autograd';
import { add, mul } from './ops/elementwise';
import { sum } from './ops/reduce';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** An element passes when |analytic - numeric| <= atol + rtol·max(|analytic|, |numeric|). */
  atol?: number;
  rtol?: number;
}

export interface GradcheckMismatch {
  /** Which input (position in the inputs array) and which element of it. */
  readonly input: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

export interface GradcheckResult {
  readonly ok: boolean;
  /** max |analytic - numeric| over all checked elements. */
  readonly maxAbsError: number;
  /** max |analytic - numeric| / max(|analytic|, |numeric|) (0 where both are 0). */
  readonly maxRelError: number;
  /** The element that failed by the widest margin, if any failed. */
  readonly worst: GradcheckMismatch | null;
  readonly checked: number;
}

/** Deterministic weights in (-1, 1) for the projection L = Σ w ⊙ y (no RNG state needed). */
function projectionWeights(shape: readonly number[], size: number, salt = 0): Tensor {
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = Math.sin(12.9898 * (i + 1) + 78.233 * salt) * 0.9 + 0.05;
  return new Tensor(w, shape);
}

function project(y: Tensor, w: Tensor): Tensor {
  return sum(mul(y, w));
}

/** Compares analytic gradients with central differences of `evaluate` (a scalar function of the inputs' data). */
function compare(
  inputs: readonly Tensor[], analytic: readonly Tensor[], evaluate: () => number, o: Required<GradcheckOptions>,
): GradcheckResult {
  let maxAbs = 0, maxRel = 0, worstMargin = 1, checked = 0;
  let worst: GradcheckMismatch | null = null;
  inputs.forEach((t, input) => {
    for (let index = 0; index < t.size; index++) {
      const original = t.data[index];
      t.data[index] = original + o.eps;
      const plus = evaluate();
      t.data[index] = original - o.eps;
      const minus = evaluate();
      t.data[index] = original;
      const numeric = (plus - minus) / (2 * o.eps);
      const a = analytic[input].data[index];
      const err = Math.abs(a - numeric);
      const scale = Math.max(Math.abs(a), Math.abs(numeric));
      const margin = err / (o.atol + o.rtol * scale);
      checked++;
      if (Number.isNaN(err) ? !(Number.isNaN(a) && Number.isNaN(numeric)) : margin > worstMargin) {
        worstMargin = Number.isNaN(err) ? Infinity : margin;
        worst = { input, index, analytic: a, numeric };
      }
      if (err > maxAbs || Number.isNaN(err)) maxAbs = err;
      const rel = scale === 0 ? 0 : err / scale;
      if (rel > maxRel || Number.isNaN(rel)) maxRel = rel;
    }
  });
  return { ok: worst === null, maxAbsError: maxAbs, maxRelError: maxRel, worst, checked };
}

function withDefaults(options: GradcheckOptions): Required<GradcheckOptions> {
  return { eps: options.eps ?? 1e-6, atol: options.atol ?? 1e-6, rtol: options.rtol ?? 1e-5 };
}

/**
 * Checks d f / d inputs. `f` must compute from the inputs' current `data` (the check perturbs it
 * in place and restores it). Inputs should require grad.
 */
export function gradcheck(
  f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {},
): GradcheckResult {
  const o = withDefaults(options);
  const y = f(...inputs);
  const w = projectionWeights(y.shape, y.size);
  const analytic = grad(project(y, w), inputs, { materializeGrads: true });
  return compare(inputs, analytic, () => noGrad(() => project(f(...inputs), w).item()), o);
}

/**
 * Checks second derivatives: the gradient g(x) = d(Σ w ⊙ f)/dx, built with createGraph, is
 * itself checked with `gradcheck` (so its backward, i.e. double backward, is compared with
 * finite differences of g).
 */
export function gradgradcheck(
  f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {},
): GradcheckResult {
  const y0 = noGrad(() => f(...inputs));
  const w = projectionWeights(y0.shape, y0.size);
  // A scalar function of the inputs that depends on every first derivative: Σ_i v_i ⊙ g_i(x).
  const projectedGradient = (...xs: Tensor[]): Tensor =>
    enableGrad(() => {
      const gs = grad(project(f(...xs), w), xs, { createGraph: true, materializeGrads: true });
      return gs.map((g, i) => project(g, projectionWeights(g.shape, g.size, i + 1))).reduce((a, b) => add(a, b));
    });
  return gradcheck(projectedGradient, inputs, { ...options, atol: options.atol ?? 1e-5, rtol: options.rtol ?? 1e-4 });
}
