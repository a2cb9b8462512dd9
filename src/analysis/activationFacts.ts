/**
 * The facts box of the Plot Activation panel, computed numerically from the engine's function
 * (so a custom expression gets the same facts as a registry entry; nothing is hard-coded):
 * range, steepest slope, E[phi'(z)²] for z ~ N(0, 1), whether outputs are zero-centred and
 * whether the function is monotonic.
 */
import { gaussianExpectations } from './gaussianQuadrature';
import type { MeanFieldActivation } from './meanField';

export type Monotonicity = 'increasing' | 'decreasing' | 'constant' | 'none';

export interface ActivationFacts {
  /** Infimum and supremum of phi over the real line (±Infinity when unbounded). */
  readonly range: readonly [number, number];
  /** Whether each end is reached at a finite x (a closed bracket: relu's 0, hardtanh's ±1), not only approached. */
  readonly rangeAttained: readonly [boolean, boolean];
  /** max |phi'(x)| over `slopeInterval`, and where it is reached. */
  readonly maxAbsSlope: number;
  readonly maxAbsSlopeAt: number;
  readonly slopeInterval: readonly [number, number];
  /** sup |phi'| over the real line: maxAbsSlope, or Infinity when the slope beyond the interval exceeds it (x², exp). */
  readonly supAbsSlope: number;
  /** maxAbsSlope holds on a stretch (relu: every x > 0) rather than at one point, so maxAbsSlopeAt is arbitrary. */
  readonly slopePlateau: boolean;
  /** E[phi'(z)²], z ~ N(0, 1): chi of one layer at sigma_w = 1, q = 1 (gradient gain per layer). */
  readonly meanSquaredSlope: number;
  /** E[phi(z)] and sqrt(E[phi(z)²]) for z ~ N(0, 1). */
  readonly meanOutput: number;
  readonly rmsOutput: number;
  /**
   * |E[phi(z)]| at most a quarter of the RMS output: outputs roughly balance around 0 for standard
   * normal inputs. The registry's zeroCentred hints use this sense (ELU, CELU and SELU are zero-centred,
   * E[elu(z)] ≈ 0.16 against an RMS of 0.78; sigmoid, ReLU and GELU are not).
   */
  readonly zeroCentred: boolean;
  /** Non-decreasing or non-increasing everywhere (flat parts allowed, as for relu). */
  readonly monotonic: Monotonicity;
  readonly valueAtZero: number;
  readonly slopeAtZero: number;
  /** False when phi is NaN somewhere on the real line (log(x) for x < 0, say). */
  readonly definedEverywhere: boolean;
}

export interface FactsOptions {
  /** Interval for the steepest slope (default [-10, 10], the plots' widest default view). */
  readonly slopeInterval?: readonly [number, number];
}

const ZERO_CENTRED_TOLERANCE = 0.25;
/** Beyond ±8 a saturating curve may equal its asymptote in float64 (tanh(20) = 1): reached there is not attained. */
const INNER = 8;

/** Dense points on [-20, 20] plus geometric tails out to ±1e6, sorted. */
function samplePoints(kinks: readonly number[]): Float64Array {
  const pts: number[] = [];
  for (let i = 0; i <= 4000; i++) pts.push(-20 + i * 0.01);
  for (let k = 1; k <= 100; k++) {
    const r = 20 * Math.pow(5e4, k / 100); // 20 .. 1e6
    pts.push(r, -r);
  }
  for (const k of kinks) pts.push(k, k - 1e-9 * Math.max(1, Math.abs(k)), k + 1e-9 * Math.max(1, Math.abs(k)));
  return Float64Array.from(pts).sort();
}

/** Maximises g over [lo, hi] by golden-section search (g unimodal near the bracket). */
function goldenMax(g: (x: number) => number, lo: number, hi: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - r * (b - a), d = a + r * (b - a);
  let gc = g(c), gd = g(d);
  for (let i = 0; i < 80 && b - a > 1e-12 * Math.max(1, Math.abs(a)); i++) {
    if (gc >= gd) { b = d; d = c; gd = gc; c = b - r * (b - a); gc = g(c); }
    else { a = c; c = d; gc = gd; d = a + r * (b - a); gd = g(d); }
  }
  return gc >= gd ? c : d;
}

/** Refines the best of `values` at sorted `xs` (index i) between its neighbours. */
function refineMax(xs: Float64Array, values: Float64Array, i: number, g: (x: number) => number): { x: number; value: number } {
  let best = { x: xs[i], value: values[i] };
  if (i > 0 && i < xs.length - 1) {
    const x = goldenMax(g, xs[i - 1], xs[i + 1]);
    const v = g(x);
    if (v > best.value) best = { x, value: v };
  }
  return best;
}

function argBest(values: Float64Array, better: (a: number, b: number) => boolean): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    if (best < 0 || better(values[i], values[best])) best = i;
  }
  return best;
}

/**
 * One end of the range: the extreme sample, refined; or, when the extreme is at the outermost
 * point ±1e6, the limit at infinity. Along the geometric tail a function settling on an asymptote
 * like softsign's 1 - 1/x moves by geometrically shrinking steps, whose sum Aitken's formula
 * extrapolates; steps that do not shrink (x², log x) mean the function is unbounded.
 */
function rangeEnd(xs: Float64Array, phi: Float64Array, sign: 1 | -1, refine: (x: number) => number): { value: number; at: number } {
  const i = argBest(phi, (a, b) => sign * a > sign * b);
  if (i < 0) return { value: NaN, at: NaN };
  const last = xs.length - 1;
  if (i !== 0 && i !== last) {
    // An extreme next to an infinite value sits at a pole (1/x just left of 0): unbounded.
    if ([phi[i - 1], phi[i + 1]].some((v) => v === Infinity || v === -Infinity)) return { value: sign * Infinity, at: NaN };
    const best = refineMax(xs, phi.map((v) => sign * v), i, (x) => sign * refine(x));
    return { value: sign * best.value, at: best.x };
  }
  const step = i === 0 ? 1 : -1;
  const outer = phi[i], inner = phi[i + step], inner2 = phi[i + 2 * step];
  const d1 = outer - inner, d0 = inner - inner2;
  if (d1 === 0 || !Number.isFinite(outer)) return { value: outer, at: xs[i] };
  const ratio = d1 / d0;
  return { value: ratio >= 0 && ratio < 0.95 ? outer + (d1 * ratio) / (1 - ratio) : sign * Infinity, at: NaN };
}

/** A finite end is attained when its extreme lies well inside, or a sample there already reaches it. */
function attained(end: { value: number; at: number }, xs: Float64Array, phi: Float64Array): boolean {
  if (!Number.isFinite(end.value)) return false;
  if (Math.abs(end.at) <= INNER) return true;
  const tol = 1e-12 * Math.max(1, Math.abs(end.value));
  return xs.some((x, i) => Math.abs(x) <= INNER && Math.abs(phi[i] - end.value) <= tol);
}

/** The facts of an activation given as an engine-backed evaluator (see activationFunction.ts). */
export function activationFacts(act: MeanFieldActivation, options: FactsOptions = {}): ActivationFacts {
  const [lo, hi] = options.slopeInterval ?? [-10, 10];
  const kinks = act.kinks ?? [];
  const xs = samplePoints(kinks);
  const { phi, dphi } = act.evaluate(xs);
  const phiAt = (x: number) => act.evaluate(Float64Array.of(x)).phi[0];
  const slopeAt = (x: number) => Math.abs(act.evaluate(Float64Array.of(x)).dphi[0]);

  // Steepest slope inside the interval.
  const inside = xs.filter((x) => x >= lo && x <= hi);
  const absSlope = act.evaluate(inside).dphi.map(Math.abs);
  const iMax = argBest(absSlope, (a, b) => a > b);
  const steepest = iMax < 0 ? { x: NaN, value: NaN } : refineMax(inside, absSlope, iMax, slopeAt);
  // Steeper anywhere outside (NaN included: log x) means the slope keeps growing: no maximum.
  const limit = steepest.value * (1 + 1e-9);
  const steeperOutside = xs.some((x, i) => (x < lo || x > hi) && !(Math.abs(dphi[i]) <= limit));
  const plateau = absSlope.filter((d) => Math.abs(d - steepest.value) <= 1e-9 * steepest.value).length > inside.length / 100;

  // Monotonic: the slope never changes sign (ignoring rounding-level negatives).
  const scale = Math.max(...dphi.filter(Number.isFinite).map(Math.abs), 0);
  const noise = 1e-12 * scale;
  const rising = dphi.every((d) => !(d < -noise));
  const falling = dphi.every((d) => !(d > noise));
  const monotonic: Monotonicity = rising && falling ? 'constant' : rising ? 'increasing' : falling ? 'decreasing' : 'none';

  const [mean, meanSq, slopeSq] = gaussianExpectations((z) => {
    const v = act.evaluate(z);
    return [v.phi, v.phi.map((p) => p * p), v.dphi.map((d) => d * d)];
  }, { breakpoints: kinks });
  const rms = Math.sqrt(meanSq);
  const atZero = act.evaluate(Float64Array.of(0));

  const low = rangeEnd(xs, phi, -1, phiAt), high = rangeEnd(xs, phi, 1, phiAt);
  return {
    range: [low.value, high.value],
    rangeAttained: [attained(low, xs, phi), attained(high, xs, phi)],
    maxAbsSlope: steepest.value,
    maxAbsSlopeAt: steepest.x,
    slopeInterval: [lo, hi],
    supAbsSlope: steeperOutside ? Infinity : steepest.value,
    slopePlateau: plateau,
    meanSquaredSlope: slopeSq,
    meanOutput: mean,
    rmsOutput: rms,
    zeroCentred: Math.abs(mean) <= ZERO_CENTRED_TOLERANCE * rms,
    monotonic,
    valueAtZero: atZero.phi[0],
    slopeAtZero: atZero.dphi[0],
    definedEverywhere: !phi.some(Number.isNaN),
  };
}
