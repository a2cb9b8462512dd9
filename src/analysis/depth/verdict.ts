/**
 * The one place that says in words what a depth analysis shows, magnitude first. Everything is
 * computed from the numbers the main chart draws (the measured ||dL/dh|| per layer), so the sentence
 * can never disagree with the picture:
 *
 *   reach    = ||delta^1|| / ||delta^L||  (how much of the last layer's gradient reaches layer 1)
 *   perLayer = reach^(1/(L-1))            (the geometric mean factor per layer)
 *
 * The theory's regime (from chi at the fixed point) is reported beside it; when the two disagree the
 * verdict names the reason: the first layers have not reached the fixed point yet (the theory with
 * the per-layer chi^l agrees), chi* is so close to 1 that the regime barely shows at this depth, or
 * the finite width and batch (the theory assumes infinitely many units).
 *
 * Words are English templates with {n} placeholders: the panel translates them (one string table),
 * the CLI and the tests use them as they are.
 */
import type { DepthAnalysis, Regime } from './types';

/** What the measured gradient does from the last hidden layer down to the first. */
export type Behaviour = 'vanish' | 'shrink' | 'keep' | 'grow' | 'explode' | 'overflow' | 'underflow';

/**
 * How the theory's regime relates to the measurement (null: it says what was measured):
 * slow: same direction, but chi* is so near 1 that over these layers it is a mild change, not an explosion;
 * transient: the fixed point is not reached in the first layers, and the theory with their own chi^l agrees;
 * finiteSize: neither, so the difference comes from the finite width and batch.
 */
export type Disagreement = 'slow' | 'transient' | 'finiteSize' | null;

export interface DepthVerdict {
  readonly behaviour: Behaviour;
  /** ||delta^1|| / ||delta^L|| as measured (NaN when not finite). */
  readonly reach: number;
  readonly perLayer: number;
  /** What the theory with this network's chi^l predicts for the same ratio. */
  readonly theoryReach: number;
  readonly regime: Regime;
  readonly chiFixedPoint: number;
  readonly disagreement: Disagreement;
  /** The first layer that stopped being finite, for 'overflow'. */
  readonly overflowLayer: number | null;
  /** The lead sentence and the theory sentence as [template, ...arguments]. */
  readonly lead: Sentence;
  readonly theory: Sentence;
}

/** A template and its arguments; an argument may itself be a sentence (translated on its own). */
export type Sentence = readonly [string, ...SentenceArg[]];
export type SentenceArg = string | number | Sentence;

/** Thresholds on the end-to-end factor: within ×2 either way the gradient "keeps its size". */
const KEEP = 2, STRONG = 1e3;

export function behaviourOf(reach: number): Behaviour {
  if (Number.isNaN(reach)) return 'overflow';
  if (reach === 0) return 'underflow';
  if (reach === Infinity) return 'overflow';
  if (reach < 1 / STRONG) return 'vanish';
  if (reach < 1 / KEEP) return 'shrink';
  if (reach <= KEEP) return 'keep';
  return reach <= STRONG ? 'grow' : 'explode';
}

/** The direction the theory's regime predicts: ordered shrinks, critical keeps, chaotic grows. */
function direction(b: Behaviour): -1 | 0 | 1 {
  return b === 'vanish' || b === 'shrink' || b === 'underflow' ? -1 : b === 'keep' ? 0 : 1;
}
const regimeDirection = (r: Regime): -1 | 0 | 1 => (r === 'ordered' ? -1 : r === 'critical' ? 0 : 1);

/** A factor in words-friendly digits: 2 significant digits (or `digits`), an exponent below 1e-3 or from 1e4. */
export function factorText(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return String(Number(v.toPrecision(digits)));
  return v.toExponential(0).replace('e+', 'e');
}

const LEAD: Record<Exclude<Behaviour, 'overflow' | 'underflow'>, string> = {
  vanish: "Layer 1 receives {0} of the last layer's gradient: gradients vanish, ×{1} per layer.",
  shrink: "Layer 1 receives {0} of the last layer's gradient: gradients shrink, ×{1} per layer.",
  keep: "Layer 1 receives {0} of the last layer's gradient: gradients keep their size, ×{1} per layer.",
  grow: "Layer 1 receives {0}× the last layer's gradient: gradients grow, ×{1} per layer.",
  explode: "Layer 1 receives {0}× the last layer's gradient: gradients explode, ×{1} per layer.",
};

const REGIME: Record<Regime, string> = {
  ordered: 'ordered (χ* = {0} < 1: gradients vanish)',
  critical: 'critical (χ* = {0} ≈ 1: gradients keep their size)',
  chaotic: 'chaotic (χ* = {0} > 1: gradients explode)',
};

export function regimeWords(regime: Regime): string {
  return REGIME[regime];
}

export function depthVerdict(a: DepthAnalysis): DepthVerdict {
  const L = a.layers.length;
  const first = a.layers[0]?.gradNorm ?? NaN, last = a.layers[L - 1]?.gradNorm ?? NaN;
  const overflowLayer = a.overflow.forwardLayer ?? a.overflow.backwardLayer;
  const finite = Number.isFinite(first) && Number.isFinite(last) && last > 0;
  const reach = overflowLayer !== null || !finite ? NaN : first / last;
  let behaviour = behaviourOf(reach);
  if (overflowLayer === null && finite && first === 0) behaviour = 'underflow';
  const perLayer = L > 1 && reach > 0 && Number.isFinite(reach) ? reach ** (1 / (L - 1)) : reach;
  const th = a.theory;
  const theoryFirst = th.layers[0]?.gradNorm ?? NaN, theoryLast = th.layers[L - 1]?.gradNorm ?? NaN;
  const theoryReach = theoryFirst / theoryLast;
  const chi = th.chiFixedPoint;

  const fixedReach = Math.sqrt(chi) ** Math.max(0, L - 1);
  const expected: Behaviour = th.regime === 'ordered' ? 'vanish' : th.regime === 'critical' ? 'keep' : 'explode';
  let disagreement: Disagreement = null;
  if (behaviour !== 'overflow' && behaviour !== expected && !(behaviour === 'underflow' && expected === 'vanish')) {
    if (direction(behaviour) === regimeDirection(th.regime)) disagreement = 'slow';
    else if (Number.isFinite(theoryReach) && direction(behaviourOf(theoryReach)) === direction(behaviour)) disagreement = 'transient';
    else disagreement = 'finiteSize';
  }

  const lead: Sentence =
    behaviour === 'overflow'
      ? overflowLayer !== null
        ? ['Values overflow from layer {0}: beyond it the gradient is not a number, so nothing reaches layer 1.', overflowLayer]
        : ['The gradient is not finite: nothing measurable reaches layer 1.']
      : behaviour === 'underflow'
        ? ['The gradient underflows to 0 before layer 1: gradients vanish completely.']
        : [LEAD[behaviour], factorText(reach), factorText(perLayer, Math.abs(perLayer - 1) < 0.1 ? 3 : 2)];

  const regime: Sentence = [REGIME[th.regime], factorText(chi)];
  const theory: Sentence = ((): Sentence => {
    switch (disagreement) {
      case null:
        return ['Theory: {0}, as measured.', regime];
      case 'transient':
        return ['Theory: {0} at the fixed point, which the first layers have not reached: with their own χˡ it predicts {1}, as measured.',
          regime, factorText(theoryReach)];
      case 'slow':
        return ['Theory: {0}, slowly: over {1} layers χ* amounts to ×{2}.', regime, L, factorText(fixedReach)];
      case 'finiteSize':
        return ['Theory: {0}. The measurement differs: the theory assumes infinitely wide layers and batches (here width {1}, batch {2}).',
          regime, a.settings.width, a.settings.batchSize];
    }
  })();

  return { behaviour, reach, perLayer, theoryReach, regime: th.regime, chiFixedPoint: chi, disagreement, overflowLayer, lead, theory };
}

/** Every template a verdict can use (the panel's string table lists them for translation). */
export const VERDICT_STRINGS: readonly string[] = [
  ...Object.values(LEAD),
  ...Object.values(REGIME),
  'Values overflow from layer {0}: beyond it the gradient is not a number, so nothing reaches layer 1.',
  'The gradient is not finite: nothing measurable reaches layer 1.',
  'The gradient underflows to 0 before layer 1: gradients vanish completely.',
  'Theory: {0}, as measured.',
  'Theory: {0} at the fixed point, which the first layers have not reached: with their own χˡ it predicts {1}, as measured.',
  'Theory: {0}, slowly: over {1} layers χ* amounts to ×{2}.',
  'Theory: {0}. The measurement differs: the theory assumes infinitely wide layers and batches (here width {1}, batch {2}).',
];

/** Fills a sentence's placeholders with a translation function (the panel's t, or English as is). */
export function sentenceText(s: Sentence, translate: (template: string, ...args: Array<string | number>) => string = fill): string {
  const [template, ...args] = s;
  return translate(template, ...args.map((x) => (Array.isArray(x) ? sentenceText(x as Sentence, translate) : (x as string | number))));
}

function fill(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}
