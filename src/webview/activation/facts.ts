/**
 * The facts box of a curve: range, zero-centred, monotonic, max |f'| (and where it is reached) and
 * E[f'(z)²] for z ~ N(0, 1) — the per-layer factor that decides whether gradients vanish or explode
 * through depth (with weights of variance 1/n). Everything is measured on the function itself through
 * the engine's autograd, so parameters and custom expressions get facts too. Pure.
 *
 * ADAPTER: the issue plans these facts in src/analysis/activationFacts.ts (ENGINE-MATH). Until that
 * module exists this file computes them with the analysis' Gaussian quadrature; switch curveFacts to
 * it when it lands and keep factRows.
 */

import type { Tensor } from '../../engine';
import { gaussianExpectations } from '../../analysis/gaussianQuadrature';
import { formatNumber } from '../common/chartModel';
import { t } from '../common/l10n';
import { linspace, sampleDerivatives, type CurveValues } from './sample';

export interface CurveFacts {
  /** Infimum and supremum of f over the real line; *Attained: reached at a finite x (closed bracket). */
  readonly range: { readonly lo: number; readonly hi: number; readonly loAttained: boolean; readonly hiAttained: boolean };
  /** E[f(z)] and whether it is within a quarter of the RMS output: outputs centred on 0. */
  readonly meanOutput: number;
  readonly zeroCentred: boolean;
  readonly monotonic: 'increasing' | 'decreasing' | 'no';
  /** sup |f'|; Infinity when the slope keeps growing. */
  readonly maxAbsDf: number;
  /** Where it is reached; NaN for a plateau or an unbounded slope. */
  readonly maxAbsDfAt: number;
  /** E[f'(z)²], z ~ N(0, 1). */
  readonly meanSquaredDf: number;
}

/** Where the scan looks: beyond ±20 every registry activation is in its asymptotic regime. */
const SCAN = { from: -20, to: 20, points: 8001 } as const;
/** Far out, where the asymptotes show: a tail still growing between 1e3 and 1e6 is unbounded. */
const FAR = 1e6;

function evaluate(apply: (x: Tensor) => Tensor, xs: number[]): CurveValues {
  return sampleDerivatives(apply, Float64Array.from(xs));
}

/** Refines a local maximum of g near grid point x by golden-section search on [x - h, x + h]. */
function refineMax(g: (v: number) => number, x: number, h: number): { at: number; value: number } {
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = x - h, b = x + h;
  let c = b - phi * (b - a), d = a + phi * (b - a);
  let gc = g(c), gd = g(d);
  for (let i = 0; i < 60 && b - a > 1e-12; i++) {
    if (gc > gd) {
      b = d; d = c; gd = gc; c = b - phi * (b - a); gc = g(c);
    } else {
      a = c; c = d; gc = gd; d = a + phi * (b - a); gd = g(d);
    }
  }
  const at = (a + b) / 2, value = g(at), atGrid = g(x);
  return value >= atGrid ? { at, value } : { at: x, value: atGrid };
}

export function curveFacts(apply: (x: Tensor) => Tensor, kinks: readonly number[] = []): CurveFacts {
  const grid = sampleDerivatives(apply, linspace(SCAN.from, SCAN.to, SCAN.points));
  const far = evaluate(apply, [-FAR, -1e3, 1e3, FAR]);

  // range: the scan's extremes, widened by the asymptotes
  const step = (SCAN.to - SCAN.from) / (SCAN.points - 1);
  const f = (v: number) => evaluate(apply, [v]).f[0];
  const df = (v: number) => Math.abs(evaluate(apply, [v]).df[0]);
  let iLo = -1, iHi = -1;
  for (let i = 0; i < grid.f.length; i++) {
    const v = grid.f[i];
    if (!Number.isFinite(v)) continue;
    if (iLo < 0 || v < grid.f[iLo]) iLo = i;
    if (iHi < 0 || v > grid.f[iHi]) iHi = i;
  }
  // Unbounded: ±∞ on the grid (a pole, log(0)); an extremum next to one (1/x just left of 0); or a tail
  // that still grows by more than 1 from |x| = 1e3 to 1e6 (log by 6.9, leaky ReLU by 9990, tanh by 0).
  const pole = (i: number) => [grid.f[i - 1], grid.f[i + 1]].some((v) => v === Infinity || v === -Infinity);
  const tail = (near: number, far_: number, sign: 1 | -1) => far_ === sign * Infinity || (Number.isFinite(near) && Number.isFinite(far_) && sign * (far_ - near) > 1);
  const unboundedBelow = grid.f.includes(-Infinity) || (iLo >= 0 && pole(iLo)) || tail(far.f[1], far.f[0], -1) || tail(far.f[2], far.f[3], -1);
  const unboundedAbove = grid.f.includes(Infinity) || (iHi >= 0 && pole(iHi)) || tail(far.f[1], far.f[0], 1) || tail(far.f[2], far.f[3], 1);
  // An extremum well inside the scan is reached at a finite x, and refined between grid points (SiLU's
  // minimum, GELU's dip). Beyond ±8 a saturating curve may equal its asymptote in float64 (tanh(20) = 1).
  const INNER = 8;
  const interior = (i: number) => i > 0 && i < grid.f.length - 1 && Math.abs(grid.x[i]) <= INNER && Number.isFinite(grid.f[i - 1]) && Number.isFinite(grid.f[i + 1]);
  let lo = iLo < 0 ? Infinity : interior(iLo) ? -refineMax((v) => -f(v), grid.x[iLo], step).value : grid.f[iLo];
  let hi = iHi < 0 ? -Infinity : interior(iHi) ? refineMax(f, grid.x[iHi], step).value : grid.f[iHi];
  for (const v of [far.f[0], far.f[3]]) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const inner = grid.f.filter((_, i) => Math.abs(grid.x[i]) <= INNER);
  const reached = (bound: number) => inner.some((v) => Math.abs(v - bound) <= 1e-12 * Math.max(1, Math.abs(bound)));
  const range = {
    lo: unboundedBelow ? -Infinity : lo,
    hi: unboundedAbove ? Infinity : hi,
    loAttained: !unboundedBelow && (interior(iLo) || reached(lo)),
    hiAttained: !unboundedAbove && (interior(iHi) || reached(hi)),
  };

  let rising = true, falling = true;
  for (const d of grid.df) {
    if (d < -1e-12) rising = false;
    if (d > 1e-12) falling = false;
  }
  const monotonic = rising ? 'increasing' : falling ? 'decreasing' : 'no';

  let best = 0;
  for (let i = 1; i < grid.df.length; i++) if (Math.abs(grid.df[i]) > Math.abs(grid.df[best]) || Number.isNaN(grid.df[best])) best = i;
  const peak = refineMax(df, grid.x[best], step);
  // A slope still growing far out (x², exp) has no maximum; a plateau (ReLU: 1 for every x > 0) has no single place.
  const unboundedSlope = Array.from(far.df).some((d) => !(Math.abs(d) <= peak.value * (1 + 1e-9)));
  const plateau = grid.df.filter((d) => Math.abs(Math.abs(d) - peak.value) <= 1e-9 * peak.value).length > SCAN.points / 100;

  const [mean, meanSquare, dfSquare] = gaussianExpectations(
    (z) => {
      const v = sampleDerivatives(apply, z);
      return [v.f, v.f.map((y) => y * y), v.df.map((d) => d * d)];
    },
    { breakpoints: kinks },
  );
  return {
    range,
    meanOutput: Math.abs(mean) < 1e-12 * Math.sqrt(meanSquare) ? 0 : mean, // odd functions: 0, not −6e-17
    zeroCentred: Math.abs(mean) <= 0.25 * Math.sqrt(meanSquare),
    monotonic,
    maxAbsDf: unboundedSlope ? Infinity : peak.value,
    // A flat maximum pins its place only to ~1e-8 (√ε): keep 6 decimals, so σ′ peaks at 0, not 1.5e-8.
    maxAbsDfAt: unboundedSlope || plateau ? NaN : Number(peak.at.toFixed(6)) + 0,
    meanSquaredDf: dfSquare,
  };
}

function bound(v: number): string {
  return v === Infinity ? '∞' : v === -Infinity ? '−∞' : formatNumber(v, 4);
}

/** "(0, 1)", "[0, ∞)", "[−1, 1]". */
export function formatRange(r: CurveFacts['range']): string {
  return `${r.loAttained ? '[' : '('}${bound(r.lo)}, ${bound(r.hi)}${r.hiAttained ? ']' : ')'}`;
}

/** The rows of the facts box, translated: "computing…" until the facts exist, "—" when they could not be computed. */
export function factRows(facts: CurveFacts | undefined, computed: boolean): { term: string; value: string; title?: string }[] {
  const pending = computed ? '—' : t('computing…');
  const yes = (b: boolean) => (b ? t('yes') : t('no'));
  return [
    { term: t('Range'), value: facts ? formatRange(facts.range) : pending },
    {
      term: t('Zero-centred'),
      // NaN: f is undefined for some inputs (log x), so there is no mean output.
      value: !facts || Number.isNaN(facts.meanOutput) ? pending : `${yes(facts.zeroCentred)} (E[f(z)] = ${formatNumber(facts.meanOutput, 3)})`,
    },
    { term: t('Monotonic'), value: facts ? (facts.monotonic === 'no' ? t('no') : t('yes')) : pending },
    {
      term: t('max |f′|'),
      value: !facts ? pending : Number.isNaN(facts.maxAbsDfAt) ? bound(facts.maxAbsDf) : `${formatNumber(facts.maxAbsDf, 5)} (x = ${formatNumber(facts.maxAbsDfAt, 4)})`,
    },
    {
      term: t('E[f′(z)²], z ~ N(0, 1)'),
      value: facts && !Number.isNaN(facts.meanSquaredDf) ? formatNumber(facts.meanSquaredDf, 5) : pending,
      title: t('The factor by which a layer scales the squared gradient at unit pre-activation variance (with weights of variance 1/n): below 1, gradients vanish through depth; above 1, they explode.'),
    },
  ];
}
