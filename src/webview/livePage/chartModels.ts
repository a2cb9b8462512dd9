/**
 * The live charts as plain ChartModels (see src/charts/chartModel.ts), built from the bounded
 * history. Pure: the dashboard hands them to LineChart, the unit tests inspect them.
 */

import type { HistoryPoint } from '../../protocol';
import type { ChartBand, ChartModel, ChartSeries } from '../../charts/chartModel';
import { t } from '../common/l10n';

const steps = (points: readonly HistoryPoint[]) => points.map((p) => p.step);

/**
 * Most decades a log axis shows; a wider span (an exploding run reaches 1e200 before it diverges)
 * is drawn as exponents on a linear axis instead, where tick labels stay readable.
 */
export const MAX_LOG_DECADES = 24;

/** A chart model whose y values may be exponents (log10 of the data); the readout shows 10^y. */
export type LiveChartModel = ChartModel & { readonly exponents?: boolean };

/** The power of ten under the smallest positive finite value and the one above the largest. */
export function decadeRange(columns: readonly ArrayLike<number>[]): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const c of columns) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i]!;
      if (!(v > 0) || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return undefined;
  // 1e309 is Infinity and 1e-324 is 0: the decades stop at the doubles' normal range.
  const bottom = Math.max(-307, Math.floor(Math.log10(lo)));
  const top = Math.min(308, Math.max(Math.ceil(Math.log10(hi)), bottom + 1));
  return [Number(`1e${bottom}`), Number(`1e${top}`)];
}

/** Axis labels are left out at sidebar width: the section heading already says what is plotted. */
function axes(labels: boolean, y: string, log: boolean) {
  return labels ? { xAxis: { label: t('step'), integer: true }, yAxis: { label: y, log } } : { xAxis: { integer: true }, yAxis: { log } };
}

/**
 * A log-scale chart of positive quantities: a log axis over whole decades, or, when the values span
 * more than MAX_LOG_DECADES, their exponents on a linear axis (always labelled, even in the sidebar).
 */
function logChart(x: number[], series: ChartSeries[], labels: boolean, yLabel: string, extra: Partial<ChartModel> = {}): LiveChartModel {
  const range = decadeRange(series.map((s) => s.y));
  if (!range || Math.log10(range[1]) - Math.log10(range[0]) <= MAX_LOG_DECADES) {
    return { x, series, ...axes(labels, yLabel, true), yRange: range, ...extra };
  }
  const exponents = series.map((s) => ({ ...s, y: Array.from(s.y, (v) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN)) }));
  return {
    x,
    series: exponents,
    xAxis: labels ? { label: t('step'), integer: true } : { integer: true },
    yAxis: { label: t('log₁₀ {0}', yLabel) },
    exponents: true,
    ...extra,
  };
}

/** One line per layer, coloured by depth, on a log axis: where gradients die or blow up shows at a glance. */
export function layerNormsModel(
  points: readonly HistoryPoint[],
  layerNames: readonly string[],
  layerColors: readonly string[],
  labels = true,
): LiveChartModel {
  const series: ChartSeries[] = layerNames.map((name, i) => ({
    label: name,
    color: { css: layerColors[i] ?? layerColors[layerColors.length - 1] ?? 'currentColor' },
    y: points.map((p) => p.layerNorms[i] ?? NaN),
    width: 1.5,
  }));
  return logChart(steps(points), series, labels, t('gradient norm'));
}

/**
 * Shaded spans where clipping happened. A point covers the steps after the previous point up to its
 * own, so a run of clipped points becomes one band from the step before the first to the last.
 */
export function clipBands(points: readonly HistoryPoint[]): ChartBand[] {
  const bands: ChartBand[] = [];
  let start: number | undefined;
  for (let i = 0; i <= points.length; i++) {
    const p = points[i];
    if (p && p.clipEvents > 0) {
      if (start === undefined) start = i > 0 ? points[i - 1]!.step : p.step - 1;
      continue;
    }
    if (start !== undefined) {
      bands.push({ x0: start, x1: points[i - 1]!.step, color: 'warning', opacity: 0.2 });
      start = undefined;
    }
  }
  return bands;
}

export function globalNormModel(points: readonly HistoryPoint[], labels = true): LiveChartModel {
  const series: ChartSeries[] = [
    { label: t('before clipping'), color: 0, y: points.map((p) => p.total) },
    { label: t('after clipping'), color: 1, y: points.map((p) => p.clippedTotal), dash: [5, 3] },
  ];
  return logChart(steps(points), series, labels, t('global norm'), { bands: clipBands(points) });
}

/** A log axis when the loss is positive and spans more than a decade; linear otherwise. */
export function lossModel(points: readonly HistoryPoint[], labels = true): LiveChartModel {
  const loss = points.map((p) => p.loss);
  const finite = loss.filter((v) => Number.isFinite(v));
  const series: ChartSeries[] = [{ label: t('loss'), color: 0, y: loss }];
  const log = finite.length > 1 && finite.every((v) => v > 0) && Math.max(...finite) / Math.min(...finite) > 10;
  return log ? logChart(steps(points), series, labels, t('loss')) : { x: steps(points), series, ...axes(labels, t('loss'), false) };
}

/**
 * Accuracy is measured less often than the loss, and test accuracy (a pass over the test set) less
 * often still: only the points that carry a measurement, on a 0..1 axis, with the test accuracy held
 * at its last measured value between measurements so that a few measurements still draw a line.
 */
export function accuracyModel(points: readonly HistoryPoint[], labels = true): ChartModel | undefined {
  const measured = points.filter((p) => p.trainAccuracy !== undefined || p.testAccuracy !== undefined);
  if (measured.length === 0) return undefined;
  let lastTest = NaN;
  const test = measured.map((p) => (lastTest = p.testAccuracy ?? lastTest));
  return {
    x: steps(measured),
    series: [
      { label: t('train accuracy'), color: 2, y: measured.map((p) => p.trainAccuracy ?? NaN) },
      { label: t('test accuracy'), color: 3, y: test, dash: [5, 3] },
    ],
    ...axes(labels, t('accuracy'), false),
    yRange: [0, 1],
  };
}

/** Values of (xs, ys) at each of `at`: linear between two known neighbours, NaN outside their span. */
function resample(xs: readonly number[], ys: ArrayLike<number>, at: readonly number[]): number[] {
  const out = new Array<number>(at.length);
  let j = 0;
  for (let i = 0; i < at.length; i++) {
    const x = at[i]!;
    while (j + 1 < xs.length && xs[j + 1]! <= x) j++;
    if (xs[j] === x) out[i] = ys[j]!;
    else if (j + 1 < xs.length && xs[j]! < x && x < xs[j + 1]!) {
      const f = (x - xs[j]!) / (xs[j + 1]! - xs[j]!);
      out[i] = ys[j]! + f * (ys[j + 1]! - ys[j]!);
    } else out[i] = NaN;
  }
  return out;
}

/**
 * `current` with an earlier run's chart drawn under it, faded (thin, dashed, in the muted colour) and
 * labelled once. Both go on the union of their steps; where one run has no record at a step its line
 * is interpolated between its neighbours, so neither breaks. Charts on different scales (one drawn
 * as exponents) keep only the current run.
 */
export function withGhost(current: LiveChartModel | undefined, ghost: LiveChartModel | undefined, label: string): LiveChartModel | undefined {
  if (!current || !ghost || current.x.length === 0 || ghost.x.length === 0) return current;
  if (Boolean(current.exponents) !== Boolean(ghost.exponents)) return current;
  const cx = Array.from(current.x), gx = Array.from(ghost.x);
  const x = [...new Set([...cx, ...gx])].sort((a, b) => a - b);
  const faded: ChartSeries[] = ghost.series.map((s, i) => ({ label: i === 0 ? label : '', color: 'muted', width: 1, dash: [4, 3], y: resample(gx, s.y, x) }));
  const shown: ChartSeries[] = current.series.map((s) => ({ ...s, y: resample(cx, s.y, x) }));
  const a = current.yRange, b = ghost.yRange;
  const yRange = a && b ? ([Math.min(a[0], b[0]), Math.max(a[1], b[1])] as [number, number]) : a;
  return { ...current, x, series: [...faded, ...shown], yRange };
}
