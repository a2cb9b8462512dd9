/**
 * The live charts as plain ChartModels (see webview/common/chartModel.ts), built from the bounded
 * history. Pure: the dashboard hands them to LineChart, the unit tests inspect them.
 */

import type { HistoryPoint } from '../../protocol';
import type { ChartBand, ChartModel } from '../common/chartModel';
import { t } from '../common/l10n';

const steps = (points: readonly HistoryPoint[]) => points.map((p) => p.step);

/** One line per layer, coloured by depth, on a log axis: where gradients die or blow up shows at a glance. */
export function layerNormsModel(points: readonly HistoryPoint[], layerNames: readonly string[], layerColors: readonly string[]): ChartModel {
  return {
    x: steps(points),
    series: layerNames.map((name, i) => ({
      label: name,
      color: { css: layerColors[i] ?? layerColors[layerColors.length - 1] ?? 'currentColor' },
      y: points.map((p) => p.layerNorms[i] ?? NaN),
      width: 1.5,
    })),
    xAxis: { label: t('step') },
    yAxis: { label: t('gradient norm'), log: true },
  };
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

export function globalNormModel(points: readonly HistoryPoint[]): ChartModel {
  return {
    x: steps(points),
    series: [
      { label: t('before clipping'), color: 0, y: points.map((p) => p.total) },
      { label: t('after clipping'), color: 1, y: points.map((p) => p.clippedTotal), dash: [5, 3] },
    ],
    bands: clipBands(points),
    xAxis: { label: t('step') },
    yAxis: { label: t('global norm'), log: true },
  };
}

/** A log axis when the loss is positive and spans more than a decade; linear otherwise. */
export function lossModel(points: readonly HistoryPoint[]): ChartModel {
  const loss = points.map((p) => p.loss);
  const finite = loss.filter((v) => Number.isFinite(v));
  const log = finite.length > 1 && finite.every((v) => v > 0) && Math.max(...finite) / Math.min(...finite) > 10;
  return {
    x: steps(points),
    series: [{ label: t('loss'), color: 0, y: loss }],
    xAxis: { label: t('step') },
    yAxis: { label: t('loss'), log },
  };
}

/** Accuracy is measured less often than the loss: only the points that carry it, on a 0..1 axis. */
export function accuracyModel(points: readonly HistoryPoint[]): ChartModel | undefined {
  const measured = points.filter((p) => p.trainAccuracy !== undefined || p.testAccuracy !== undefined);
  if (measured.length === 0) return undefined;
  return {
    x: steps(measured),
    series: [
      { label: t('train accuracy'), color: 2, y: measured.map((p) => p.trainAccuracy ?? NaN) },
      { label: t('test accuracy'), color: 3, y: measured.map((p) => p.testAccuracy ?? NaN), dash: [5, 3] },
    ],
    xAxis: { label: t('step') },
    yAxis: { label: t('accuracy') },
    yRange: [0, 1],
  };
}
