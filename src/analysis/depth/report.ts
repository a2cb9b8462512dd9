/**
 * The per-layer report of `gradlab depth --json`, also what the panel answers when the host (or an
 * integration test) asks what it shows, so both can be compared field by field. JSON has no NaN or
 * Infinity: a value that is not finite is written as null (an overflowed layer, or an infinite depth
 * scale at exactly chi = 1).
 */
import type { DepthAnalysis, DepthSweep, Regime, TheoryVariant, TrainingComparison, TrainingCurve } from './types';
import type { DepthSettings } from './settings';

export type JsonNumber = number | null;

export interface DepthReportLayer {
  readonly index: number;
  readonly grad_norm: JsonNumber;
  readonly weight_grad_norm: JsonNumber;
  readonly mean_abs_dphi: JsonNumber;
  readonly chi: JsonNumber;
  readonly theory_grad_norm: JsonNumber;
}

export interface DepthReportClipping {
  readonly mode: 'value' | 'norm';
  readonly threshold: number;
  readonly total_norm: JsonNumber;
  readonly total_norm_after: JsonNumber;
  readonly coefficient: JsonNumber;
  readonly fraction_clipped: JsonNumber;
  readonly angle_degrees: JsonNumber;
  readonly layers: ReadonlyArray<{ readonly index: number; readonly before: JsonNumber; readonly after: JsonNumber }>;
}

export interface DepthReport {
  readonly layers: readonly DepthReportLayer[];
  readonly chi_fixed_point: JsonNumber;
  readonly depth_scale: JsonNumber;
  readonly regime: Regime;
  readonly q_fixed_point: JsonNumber;
  readonly effective_chi: JsonNumber;
  readonly theory: TheoryVariant;
  readonly loss: JsonNumber;
  readonly overflow: { readonly forward_layer: number | null; readonly backward_layer: number | null } | null;
  readonly clipping: DepthReportClipping | null;
  readonly settings: DepthSettings;
}

export function jsonNumber(v: number | null | undefined): JsonNumber {
  return v !== null && v !== undefined && Number.isFinite(v) ? v : null;
}

export function toDepthReport(a: DepthAnalysis): DepthReport {
  const overflowed = a.overflow.forwardLayer !== null || a.overflow.backwardLayer !== null;
  return {
    layers: a.layers.map((m, i) => ({
      index: m.index,
      grad_norm: jsonNumber(m.gradNorm),
      weight_grad_norm: jsonNumber(m.weightGradNorm),
      mean_abs_dphi: jsonNumber(m.meanAbsDphi),
      chi: jsonNumber(a.theory.layers[i]?.chi),
      theory_grad_norm: jsonNumber(a.theory.layers[i]?.gradNorm),
    })),
    chi_fixed_point: jsonNumber(a.theory.chiFixedPoint),
    depth_scale: jsonNumber(a.theory.depthScale),
    regime: a.theory.regime,
    q_fixed_point: jsonNumber(a.theory.qFixedPoint),
    effective_chi: jsonNumber(a.theory.effectiveChi),
    theory: a.theory.variant,
    loss: jsonNumber(a.loss),
    overflow: overflowed ? { forward_layer: a.overflow.forwardLayer, backward_layer: a.overflow.backwardLayer } : null,
    clipping: a.clipping && {
      mode: a.clipping.mode,
      threshold: a.clipping.threshold,
      total_norm: jsonNumber(a.clipping.totalNormBefore),
      total_norm_after: jsonNumber(a.clipping.totalNormAfter),
      coefficient: jsonNumber(a.clipping.coefficient),
      fraction_clipped: jsonNumber(a.clipping.fractionClipped),
      angle_degrees: jsonNumber((a.clipping.angle * 180) / Math.PI),
      layers: a.clipping.layers.map((l) => ({ index: l.index, before: jsonNumber(l.before), after: jsonNumber(l.after) })),
    },
    settings: a.settings,
  };
}

export interface SweepReport {
  readonly seeds: number;
  readonly series: ReadonlyArray<{
    readonly activation: string;
    readonly depths: readonly number[];
    readonly first_layer_grad_norm: readonly JsonNumber[];
    readonly theory_first_layer_grad_norm: readonly JsonNumber[];
    readonly fitted_rate: JsonNumber;
    readonly theory_rate: JsonNumber;
  }>;
}

export function toSweepReport(s: DepthSweep): SweepReport {
  return {
    seeds: s.seeds,
    series: s.series.map((x) => ({
      activation: x.activation,
      depths: [...x.depths],
      first_layer_grad_norm: x.firstLayerGradNorm.map(jsonNumber),
      theory_first_layer_grad_norm: x.theoryFirstLayerGradNorm.map(jsonNumber),
      fitted_rate: jsonNumber(x.fittedRate),
      theory_rate: jsonNumber(x.theoryRate),
    })),
  };
}

export interface TrainingCurveReport {
  readonly losses: readonly JsonNumber[];
  readonly grad_norms: readonly JsonNumber[];
  readonly clip_events: readonly number[];
  readonly diverged_at: number | null;
  readonly final_loss: JsonNumber;
}

export interface TrainingReport {
  readonly steps: number;
  readonly learning_rate: number;
  readonly unclipped: TrainingCurveReport;
  readonly clipped: TrainingCurveReport;
}

function curveReport(c: TrainingCurve): TrainingCurveReport {
  return {
    losses: c.losses.map(jsonNumber),
    grad_norms: c.gradNorms.map(jsonNumber),
    clip_events: [...c.clipEvents],
    diverged_at: c.divergedAt,
    final_loss: jsonNumber(c.losses[c.losses.length - 1]),
  };
}

export function toTrainingReport(t: TrainingComparison): TrainingReport {
  return {
    steps: t.stepsDone,
    learning_rate: t.training.learningRate,
    unclipped: curveReport(t.unclipped),
    clipped: curveReport(t.clipped),
  };
}

/**
 * Everything behind the panel's charts as JSON (its "Export JSON"): the CLI's report plus every
 * per-layer measurement, forward statistic and theory value. JSON.stringify writes NaN and ±Infinity
 * as null, as the report does.
 */
export function toDepthJson(a: DepthAnalysis): string {
  const forward = a.forward.map(({ histogram: _histogram, ...rest }) => rest);
  return JSON.stringify({ ...toDepthReport(a), measurements: a.layers, forward, theory: a.theory }, null, 2) + '\n';
}

const CSV_COLUMNS = [
  'index', 'grad_norm', 'weight_grad_norm', 'bias_grad_norm', 'mean_abs_dphi', 'activation_factor', 'weight_factor',
  'weight_scale', 'chi', 'q', 'theory_grad_norm', 'sigmoid_bound', 'act_mean', 'act_std', 'pre_std', 'saturated_fraction',
] as const;

function csvCell(v: number | null): string {
  if (v === null) return '';
  return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** Every per-layer number of an analysis, one row per hidden layer (for the panel's CSV export). */
export function toDepthCsv(a: DepthAnalysis): string {
  const rows = a.layers.map((m, i) => {
    const t = a.theory.layers[i];
    const f = a.forward[i];
    return [
      m.index, m.gradNorm, m.weightGradNorm, m.biasGradNorm, m.meanAbsDphi, m.activationFactor, m.weightFactor,
      m.weightScale, t?.chi ?? null, t?.q ?? null, t?.gradNorm ?? null, t?.bound ?? null,
      f?.mean ?? null, f?.std ?? null, f?.preStd ?? null, f?.saturatedFraction ?? null,
    ].map(csvCell).join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
