/**
 * Mean-field theory of signal and gradient propagation in deep random networks
 * (Poole et al. 2016, "Exponential expressivity in deep neural networks through transient chaos";
 * Schoenholz et al. 2017, "Deep information propagation").
 *
 * For a fully connected network with weights W_ij ~ N(0, sigma_w² / fan_in) and biases
 * b_i ~ N(0, sigma_b²), in the wide limit every pre-activation h^l is Gaussian with variance q^l:
 *
 *   q^1     = sigma_w² q0 + sigma_b²                          (q0: mean squared input coordinate)
 *   q^l     = sigma_w² E[phi(sqrt(q^(l-1)) z)²] + sigma_b²     z ~ N(0, 1)
 *   chi^l   = sigma_w² E[phi'(sqrt(q^l) z)²]                   = ||delta^l||² / ||delta^(l+1)||²
 *
 * so the backpropagated gradient norm changes by sqrt(chi^l) per layer. At the fixed point q* of
 * the variance map, chi* < 1 means gradients vanish exponentially (ordered phase), chi* > 1 that
 * they explode (chaotic phase), chi* = 1 is the critical line, with depth scale -1/ln(chi*).
 */
import { gaussianExpectations, type QuadratureOptions } from './gaussianQuadrature';

/** phi and phi' at many points at once (from the engine, so custom expressions work too). */
export interface PhiValues {
  readonly phi: Float64Array;
  readonly dphi: Float64Array;
}
export type PhiEvaluator = (u: Float64Array) => PhiValues;

/** An activation as the theory needs it: its evaluator and where it has kinks (sharpens quadrature). */
export interface MeanFieldActivation {
  readonly evaluate: PhiEvaluator;
  /** Points where phi or phi' jumps or bends (relu: 0, relu6: 0 and 6); found adaptively otherwise. */
  readonly kinks?: readonly number[];
}

/** Gaussian moments of the activation at pre-activation variance q. */
export interface PhiMoments {
  /** E[phi(sqrt(q) z)²] */
  readonly phi2: number;
  /** E[phi'(sqrt(q) z)²] */
  readonly dphi2: number;
  /** E[|phi'(sqrt(q) z)|] (the theory's "mean |phi'|" of a layer) */
  readonly absDphi: number;
}

const MOMENT_INTEGRANDS = {
  phi2: (v: PhiValues) => v.phi.map((p) => p * p),
  dphi2: (v: PhiValues) => v.dphi.map((d) => d * d),
  absDphi: (v: PhiValues) => v.dphi.map(Math.abs),
};
type MomentName = keyof typeof MOMENT_INTEGRANDS;

/**
 * |phi'| has a kink wherever phi' changes sign (swish at x = -1.28, say) that no breakpoint
 * marks; 1e-9 of its magnitude is plenty for a displayed mean and saves many bisection rounds.
 */
const ABS_DPHI_RELATIVE_TOLERANCE = 1e-9;

/** The requested Gaussian moments of phi(sqrt(q) z), in one batch of engine evaluations. */
function gaussianMoments<N extends MomentName>(
  act: MeanFieldActivation, q: number, names: readonly N[], options: QuadratureOptions = {},
): Record<N, number> {
  const out = {} as Record<N, number>;
  const s = Math.sqrt(q);
  if (!(q >= 0) || s === 0 || !Number.isFinite(s)) {
    // No spread (q = 0), an overflowed variance, or NaN: evaluate at the single point.
    const v = act.evaluate(Float64Array.of(s === 0 ? 0 : q > 0 ? Infinity : NaN));
    for (const n of names) out[n] = MOMENT_INTEGRANDS[n](v)[0];
    return out;
  }
  // The kinks of phi(s z) sit at k / s in z.
  const breakpoints = [...(options.breakpoints ?? []), ...(act.kinks ?? []).map((k) => k / s)];
  const base = options.relativeTolerance ?? 1e-12;
  const relativeTolerance = names.map((n, k) => {
    const r = typeof base === 'number' ? base : base[k];
    return n === 'absDphi' ? Math.max(r, ABS_DPHI_RELATIVE_TOLERANCE) : r;
  });
  const values = gaussianExpectations((z) => {
    const v = act.evaluate(z.map((x) => s * x));
    return names.map((n) => MOMENT_INTEGRANDS[n](v));
  }, { ...options, breakpoints, relativeTolerance });
  names.forEach((n, k) => { out[n] = values[k]; });
  return out;
}

export function phiMoments(act: MeanFieldActivation, q: number, options: QuadratureOptions = {}): PhiMoments {
  return gaussianMoments(act, q, ['phi2', 'dphi2', 'absDphi'], options);
}

export type Regime = 'ordered' | 'critical' | 'chaotic';

/** ordered (vanishing) if chi < 1 - tol, chaotic (exploding) if chi > 1 + tol, critical otherwise. */
export function classifyRegime(chi: number, tolerance = 1e-3): Regime {
  if (chi < 1 - tolerance) return 'ordered';
  if (chi > 1 + tolerance) return 'chaotic';
  return 'critical';
}

/** -1/ln(chi): layers over which ||delta||² shrinks by e (negative when it grows; ±Infinity at chi = 1). */
export function depthScale(chi: number): number {
  const l = Math.log(chi);
  return l === 0 ? Infinity : -1 / l;
}

export interface MeanFieldOptions {
  readonly sigmaW: number;
  readonly sigmaB: number;
  /** Mean squared input coordinate (1 for unit-variance inputs). */
  readonly q0: number;
  /** Number of hidden layers. */
  readonly depth: number;
  /** Half-width of the critical band of chi* (default 1e-3). */
  readonly regimeTolerance?: number;
  readonly quadrature?: QuadratureOptions;
}

export interface MeanFieldLayer {
  /** 1 is the first hidden layer, nearest the input. */
  readonly index: number;
  readonly q: number;
  /** Predicted ||delta^l||² / ||delta^(l+1)||². */
  readonly chi: number;
  /** E|phi'(h^l)|: the activation's share of the gradient's change at this layer. */
  readonly meanAbsDphi: number;
}

export type FixedPointKind = 'finite' | 'zero' | 'divergent' | 'unconverged';

export interface FixedPoint {
  /** q*, 0 when the variance collapses, Infinity when it grows without bound. */
  readonly q: number;
  readonly kind: FixedPointKind;
  /** chi at q* (for a collapse, its q → 0+ limit; for a divergent map, the value reached along the way). */
  readonly chi: number;
}

export interface MeanFieldResult {
  readonly layers: readonly MeanFieldLayer[];
  readonly fixedPoint: FixedPoint;
  readonly chiFixedPoint: number;
  readonly depthScale: number;
  readonly regime: Regime;
}

/** One application of the variance map: q -> sigma_w² E[phi(sqrt(q) z)²] + sigma_b². */
export function varianceMap(act: MeanFieldActivation, q: number, sigmaW: number, sigmaB: number, quadrature?: QuadratureOptions): number {
  return sigmaW * sigmaW * gaussianMoments(act, q, ['phi2'], quadrature).phi2 + sigmaB * sigmaB;
}

/** Per-layer q and chi of a network of `depth` hidden layers, plus the fixed point and regime. */
export function meanField(act: MeanFieldActivation, options: MeanFieldOptions): MeanFieldResult {
  const { sigmaW, sigmaB, q0, depth } = options;
  const w2 = sigmaW * sigmaW;
  const layers: MeanFieldLayer[] = [];
  let q = w2 * q0 + sigmaB * sigmaB;
  let previous: { q: number; moments: PhiMoments } | null = null;
  let atZero: PhiMoments | undefined; // the slope moments at q -> 0+, integrated once
  for (let index = 1; index <= depth; index++) {
    // Once q stops changing, so do its moments: reuse them instead of integrating again.
    const moments: PhiMoments = previous !== null && sameValue(previous.q, q)
      ? previous.moments : phiMoments(act, q, options.quadrature);
    // A variance of exactly 0 (zero input and no bias) takes the slope terms at the limit q → 0+, as the
    // fixed point does: for ReLU that is E[phi'²] = 1/2, not phi'(0)² = 0 (PyTorch's convention at the kink).
    const slope = q === 0 ? (atZero ??= phiMoments(act, VANISHING_Q, options.quadrature)) : moments;
    layers.push({ index, q, chi: w2 * slope.dphi2, meanAbsDphi: slope.absDphi });
    previous = { q, moments };
    q = w2 * moments.phi2 + sigmaB * sigmaB;
  }
  const fixedPoint = findFixedPoint(act, sigmaW, sigmaB, w2 * q0 + sigmaB * sigmaB, options.quadrature);
  return {
    layers,
    fixedPoint,
    chiFixedPoint: fixedPoint.chi,
    depthScale: depthScale(fixedPoint.chi),
    regime: classifyRegime(fixedPoint.chi, options.regimeTolerance),
  };
}

function sameValue(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-14 * Math.abs(b);
}

/** A variance small enough to stand for the limit q → 0+ and large enough that sqrt(q) is a normal double. */
const VANISHING_Q = 1e-200;

/**
 * The fixed point the variance map reaches from `qStart`. Plain iteration converges
 * geometrically away from criticality, but slowly near it (tanh at sigma_w = 1 collapses like
 * 1/(2l)); so after a few dozen steps we bracket the root of F(q) - q on a ladder in the
 * direction the iteration moves and bisect. Below 1e-12 a variance is indistinguishable from 0
 * (F(q) = q(1 + O(q)) there), so a collapse is reported as q* = 0.
 */
export function findFixedPoint(
  act: MeanFieldActivation, sigmaW: number, sigmaB: number, qStart: number, quadrature?: QuadratureOptions,
): FixedPoint {
  const F = (q: number) => varianceMap(act, q, sigmaW, sigmaB, quadrature);
  const G = (q: number) => F(q) - q;
  const chiAt = (q: number) => sigmaW * sigmaW * gaussianMoments(act, q, ['dphi2'], quadrature).dphi2;
  const finite = (q: number): FixedPoint => ({ q, kind: 'finite', chi: chiAt(q) });
  // At q = 0 exactly the expectation degenerates to phi'(0)², which for ReLU is 0 by convention, while
  // chi's limit as q → 0+ is sigma_w²/2 (half the inputs are positive at any spread); so take a tiny q.
  const collapse = (): FixedPoint => ({ q: 0, kind: 'zero', chi: chiAt(VANISHING_Q) });
  const divergent = (last: number): FixedPoint => ({ q: Infinity, kind: 'divergent', chi: chiAt(last) });

  let q = qStart;
  let prev = NaN;
  for (let i = 0; i < 60; i++) {
    const next = F(q);
    if (!Number.isFinite(next)) return divergent(q);
    if (Math.abs(next - q) <= 1e-13 * q || next === q) return next === 0 ? collapse() : finite(next);
    prev = q;
    q = next;
  }
  if (q < prev) {
    // Falling: step down by decades to where the map stops falling, then bisect.
    let hi = q;
    for (let lo = q / 10; lo > 1e-12; lo /= 10) {
      if (G(lo) >= 0) return finite(bisect(G, lo, hi));
      hi = lo;
    }
    return G(0) <= 0 ? collapse() : finite(bisect(G, 0, hi));
  }
  if (q > prev) {
    let lo = q;
    for (let hi = q * 1e3; hi < 1e300; hi *= 1e3) {
      if (G(hi) <= 0) return finite(bisect(G, lo, hi));
      lo = hi;
    }
    return divergent(lo);
  }
  return { q, kind: 'unconverged', chi: chiAt(q) };
}

/** Root of g in [lo, hi] where g changes sign; bisects geometrically when the bracket is positive. */
function bisect(g: (x: number) => number, lo: number, hi: number): number {
  const loPositive = g(lo) >= 0;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = lo > 0 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if ((g(mid) >= 0) === loPositive) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The predicted ||delta^l|| for l = 1..L, anchored so the last hidden layer equals `anchor`:
 * going down, each layer multiplies by sqrt(chi^l).
 */
export function predictedGradNorms(layers: readonly MeanFieldLayer[], anchor: number): number[] {
  const norms = new Array<number>(layers.length);
  if (layers.length === 0) return norms;
  norms[layers.length - 1] = anchor;
  for (let l = layers.length - 2; l >= 0; l--) norms[l] = norms[l + 1] * Math.sqrt(layers[l].chi);
  return norms;
}

/**
 * The classic worst-case argument: |phi'| <= maxAbsSlope, so chi <= sigma_w² · maxAbsSlope²
 * (for sigmoid, max sigma' = 1/4 gives sigma_w² / 16).
 */
export function chiUpperBound(sigmaW: number, maxAbsSlope: number): number {
  return sigmaW * sigmaW * maxAbsSlope * maxAbsSlope;
}
