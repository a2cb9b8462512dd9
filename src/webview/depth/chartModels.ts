/**
 * The depth panel's charts as plain ChartModels (no DOM): the same models feed the canvas, the SVG
 * export and the snapshot the host asks for, so what is exported is what is shown.
 */
import type { ChartBand, ChartModel, ChartRule, ChartSeries } from '../../charts/chartModel';
import { t } from '../common/l10n';
import type { DepthAnalysis, DepthSweep, TrainingCurve } from '../../analysis/depth/types';

const layerAxis = () => ({ label: t('layer (input → output)'), integer: true });

/**
 * Values a log axis can show: a gap below 1e-300. Subnormal numbers (a gradient that vanished to
 * 5e-324) would pull the padded axis range down to 0, and a log axis cannot start at 0.
 */
const LOG_FLOOR = 1e-300;
function logSafe(values: ArrayLike<number>): number[] {
  return Array.from(values, (v) => (v >= LOG_FLOOR ? v : Number.NaN));
}

/**
 * Whole decades around the finite positive values: uPlot's log-axis ticks loop without end on a
 * range that contains no power of ten (0.1 .. 0.29, say), and decade-aligned axes read better.
 */
export function decadeRange(columns: readonly ArrayLike<number>[]): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const c of columns) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (!(v >= LOG_FLOOR) || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return undefined;
  const a = Math.min(307, Math.floor(Math.log10(lo) + 1e-9));
  const b = Math.min(308, Math.max(a + 1, Math.ceil(Math.log10(hi) - 1e-9))); // 1e309 is Infinity
  return [Number(`1e${a}`), Number(`1e${b}`)];
}

/** For a log y axis: gaps below LOG_FLOOR and a decade-aligned range. */
function safe(model: ChartModel): ChartModel {
  if (!model.yAxis?.log) return model;
  const series = model.series.map((s) => ({ ...s, y: logSafe(s.y) }));
  return { ...model, series, yRange: decadeRange(series.map((s) => s.y)) };
}

function overflowRules(a: DepthAnalysis): ChartRule[] {
  const rules: ChartRule[] = [];
  if (a.overflow.forwardLayer !== null) {
    rules.push({ axis: 'x', value: a.overflow.forwardLayer, color: 'error', dash: [4, 3], label: t('overflow from layer {0}', a.overflow.forwardLayer) });
  } else if (a.overflow.backwardLayer !== null) {
    rules.push({ axis: 'x', value: a.overflow.backwardLayer, color: 'error', dash: [4, 3], label: t('gradient overflow at layer {0}', a.overflow.backwardLayer) });
  }
  return rules;
}

/** The main chart: measured ||dL/dh|| and ||dL/dW|| per layer, the theory, and sigmoid's bound. */
export function gradientChart(a: DepthAnalysis): ChartModel {
  const x = a.layers.map((l) => l.index);
  const series: ChartSeries[] = [
    { label: t('‖dL/dh‖ measured'), color: 0, y: a.layers.map((l) => l.gradNorm), width: 2.5 },
    { label: t('‖dL/dW‖ measured'), color: 1, y: a.layers.map((l) => l.weightGradNorm) },
    { label: t('‖dL/dh‖ theory (mean field)'), color: 2, y: a.theory.layers.map((l) => l.gradNorm), dash: [7, 4] },
  ];
  if (a.theory.layers.some((l) => l.bound !== null)) {
    series.push({ label: t("bound from σ' ≤ 1/4"), color: 'warning', y: a.theory.layers.map((l) => l.bound ?? NaN), dash: [2, 3], width: 1.5 });
  }
  return safe({
    x,
    series,
    rules: overflowRules(a),
    xAxis: layerAxis(),
    yAxis: { label: t('gradient norm (log)'), log: true },
    xRange: x.length > 1 ? [1, x.length] : undefined,
    title: t('Gradient norm per layer'),
  });
}

/** Why: the ratio between consecutive layers split into the activation part and the weight part. */
export function whyChart(a: DepthAnalysis): ChartModel {
  const x = a.layers.map((l) => l.index);
  const ratio = a.layers.map((l, i) => (i + 1 < a.layers.length ? l.gradNorm / a.layers[i + 1].gradNorm : NaN));
  return safe({
    x,
    series: [
      { label: t("activation part ‖δˡ‖/‖gˡ‖ (≈ φ' scale)"), color: 3, y: a.layers.map((l) => l.activationFactor) },
      { label: t('weight part ‖gˡ‖/‖δˡ⁺¹‖ (≈ σ_w)'), color: 2, y: a.layers.map((l) => l.weightFactor) },
      { label: t("mean |φ'|"), color: 5, y: a.layers.map((l) => l.meanAbsDphi), dash: [2, 3] },
      { label: t('ratio ‖δˡ‖/‖δˡ⁺¹‖'), color: 0, y: ratio, width: 2.5 },
    ],
    rules: [{ axis: 'y', value: 1, color: 'muted', dash: [4, 4], label: t('no change') }, ...overflowRules(a)],
    xAxis: layerAxis(),
    yAxis: { label: t('factor per layer (log)'), log: true },
    xRange: x.length > 1 ? [1, x.length] : undefined,
    title: t('Why: activation part × weight part'),
  });
}

/** Forward statistics: mean, std and saturated fraction of every layer's output. */
export function forwardChart(a: DepthAnalysis): ChartModel {
  const x = a.forward.map((f) => f.index);
  return {
    x,
    series: [
      { label: t('mean of x'), color: 0, y: a.forward.map((f) => f.mean) },
      { label: t('std of x'), color: 1, y: a.forward.map((f) => f.std) },
      { label: t('std of h (pre-activation)'), color: 2, y: a.forward.map((f) => f.preStd), dash: [6, 3] },
      { label: t('saturated fraction'), color: 'error', y: a.forward.map((f) => f.saturatedFraction), dash: [2, 3] },
    ],
    rules: overflowRules(a),
    xAxis: layerAxis(),
    yAxis: { label: t('value') },
    xRange: x.length > 1 ? [1, x.length] : undefined,
    title: t('Forward statistics per layer'),
  };
}

/** Clipping: each layer's weight-gradient norm before and after (the readout is the last point). */
export function clippingChart(a: DepthAnalysis): ChartModel | null {
  const c = a.clipping;
  if (!c) return null;
  const x = c.layers.map((l) => l.index);
  // Value clipping's M bounds each coordinate, not a layer's norm: it has no place on this axis.
  const rules: ChartRule[] = [];
  return safe({
    x,
    series: [
      { label: t('‖dL/dW‖ before clipping'), color: 1, y: c.layers.map((l) => l.before) },
      { label: t('‖dL/dW‖ after clipping'), color: 2, y: c.layers.map((l) => l.after), dash: [6, 3], width: 2.5 },
    ],
    rules,
    xAxis: { label: t('layer (the last point is the readout)'), integer: true },
    yAxis: { label: t('weight-gradient norm (log)'), log: true },
    xRange: x.length > 1 ? [1, x.length] : undefined,
    title: t('Gradients before and after clipping'),
  });
}

/** Depth sweep: ||dL/dh¹|| against depth, measured (solid) and predicted (dashed), per activation. */
export function sweepChart(s: DepthSweep): ChartModel {
  const depths = s.series[0]?.depths ?? [];
  const series: ChartSeries[] = [];
  s.series.forEach((row, i) => {
    series.push({ label: t('{0} measured', row.activation), color: i, y: row.firstLayerGradNorm });
    series.push({ label: t('{0} theory', row.activation), color: i, y: row.theoryFirstLayerGradNorm, dash: [6, 4], width: 1.5 });
  });
  return safe({
    x: depths,
    series,
    xAxis: { label: t('depth (hidden layers)'), integer: true },
    yAxis: { label: t('‖dL/dh‖ at the first layer (log)'), log: true },
    title: t('First-layer gradient against depth'),
  });
}

/** Consecutive clipped steps as shaded bands. */
export function clipBands(events: readonly number[]): ChartBand[] {
  const bands: ChartBand[] = [];
  let start = -1, prev = -2;
  for (const e of [...events, Number.NaN]) {
    if (e === prev + 1) {
      prev = e;
      continue;
    }
    if (start >= 0) bands.push({ x0: start + 0.5, x1: prev + 1.5, color: 'warning', opacity: 0.18 });
    start = e;
    prev = e;
  }
  return bands;
}

/**
 * One training run's loss curve with its clipping events shaded and divergence marked. The y axis
 * spans every finite value (its decade labels thin out as it grows), so the curve is seen all the way
 * up to the step where the loss left the finite range, which is where the marker stands.
 */
export function trainingChart(curve: TrainingCurve, title: string, steps: number): ChartModel {
  const x = curve.losses.map((_, i) => i + 1);
  const rules: ChartRule[] = [];
  if (curve.divergedAt !== null) {
    rules.push({ axis: 'x', value: curve.divergedAt + 1, color: 'error', dash: [4, 3], label: t('diverged at step {0}', curve.divergedAt + 1) });
  }
  return safe({
    x,
    series: [
      { label: t('loss'), color: 0, y: curve.losses, width: 2 },
      { label: t('gradient norm before clipping'), color: 1, y: curve.gradNorms, dash: [2, 3], width: 1 },
    ],
    bands: clipBands(curve.clipEvents),
    rules,
    xAxis: { label: t('step'), integer: true },
    yAxis: { label: t('loss, gradient norm (log)'), log: true },
    xRange: [1, Math.max(2, steps)],
    title,
  });
}
