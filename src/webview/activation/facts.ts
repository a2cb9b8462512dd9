/**
 * The facts box of a curve: range, zero-centred, monotonic, max |f'| (and where it is reached) and
 * E[f'(z)²] for z ~ N(0, 1) — the per-layer factor that decides whether gradients vanish or explode
 * through depth (with weights of variance 1/n). The numbers come from the shared analysis
 * (src/analysis/activationFacts.ts, measured through the engine's autograd, so parameters and custom
 * expressions get facts too); this file adapts them to the box and formats its rows. Pure.
 */

import type { Tensor } from '../../engine';
import { activationFacts } from '../../analysis/activationFacts';
import { evaluateActivation } from '../../analysis/activationFunction';
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';

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

/** The plot's widest scan: beyond ±20 every registry activation is in its asymptotic regime. */
const SLOPE_INTERVAL = [-20, 20] as const;

export function curveFacts(apply: (x: Tensor) => Tensor, kinks: readonly number[] = []): CurveFacts {
  const f = activationFacts({ evaluate: (u) => evaluateActivation(apply, u), kinks }, { slopeInterval: SLOPE_INTERVAL });
  const [lo, hi] = f.range, [loAttained, hiAttained] = f.rangeAttained;
  return {
    range: { lo, hi, loAttained, hiAttained },
    meanOutput: Math.abs(f.meanOutput) < 1e-12 * f.rmsOutput ? 0 : f.meanOutput, // odd functions: 0, not −6e-17
    zeroCentred: f.zeroCentred,
    monotonic: f.monotonic === 'decreasing' ? 'decreasing' : f.monotonic === 'none' ? 'no' : 'increasing',
    maxAbsDf: f.supAbsSlope,
    // A flat maximum pins its place only to ~1e-8 (√ε): keep 6 decimals, so σ′ peaks at 0, not 1.5e-8.
    maxAbsDfAt: f.supAbsSlope === Infinity || f.slopePlateau ? NaN : Number(f.maxAbsSlopeAt.toFixed(6)) + 0,
    meanSquaredDf: f.meanSquaredSlope,
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
