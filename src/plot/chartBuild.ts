/**
 * From computed curves to the chart the panel draws: f solid, f' dashed, f'' dotted in each curve's
 * colour; shaded saturation (|f'| < 0.01) and dead (f' = 0) regions; a dashed line at each curve's
 * largest |f'| (sigmoid' <= 0.25, tanh' <= 1). Pure, so the unit tests and the CLI's SVG use it too.
 */

import type { PlotView } from '../protocol';
import { formatNumber, type ChartBand, type ChartModel, type ChartRule, type ChartSeries } from '../charts/chartModel';
import { findRegions } from './regions';
import type { CurveValues } from './sample';

export type Order = 'f' | 'df' | 'd2f';
export const ORDERS: readonly Order[] = ['f', 'df', 'd2f'];

export interface PlottedCurve {
  readonly id: string;
  readonly label: string;
  /** Palette index: stable per curve id, so a curve keeps its colour when others come and go. */
  readonly color: number;
  readonly values: CurveValues;
  /** sup |f'| over the real line when known (the facts); else the grid's maximum is used. */
  readonly maxAbsDf?: number;
}

/** Which curve and derivative each chart series shows, in series order. */
export interface SeriesKey {
  readonly curveId: string;
  readonly order: Order;
}

const DASH: Record<Order, readonly number[] | undefined> = { f: undefined, df: [7, 4], d2f: [2, 3] };
const PRIME: Record<Order, string> = { f: '', df: '′', d2f: '″' };

/** 'c3' -> 2: the colour follows the id, not the position in the list. */
export function colorOfId(id: string): number {
  const n = Number(/(\d+)$/.exec(id)?.[1] ?? 0);
  return Math.max(0, n - 1);
}

export function seriesLabel(label: string, order: Order): string {
  return order === 'f' ? label : `${label}${PRIME[order]}`;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a; // NaN compares false: skipped
  }
  return m;
}

function hasNegative(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] < -1e-12) return true;
  return false;
}

export interface AxisText {
  readonly x: string;
  readonly y: string;
}

export function buildActivationChart(
  curves: readonly PlottedCurve[],
  view: PlotView,
  axes: AxisText,
): { model: ChartModel; keys: SeriesKey[] } {
  const series: ChartSeries[] = [];
  const keys: SeriesKey[] = [];
  const bands: ChartBand[] = [];
  const rules: ChartRule[] = [];
  const bounds: { value: number; color: number; names: string[] }[] = [];
  for (const c of curves) {
    for (const order of ORDERS) {
      if (!view.show[order]) continue;
      series.push({ label: seriesLabel(c.label, order), color: c.color, y: c.values[order], dash: DASH[order], width: order === 'f' ? 2.25 : 1.75 });
      keys.push({ curveId: c.id, order });
    }
    if (view.shade) {
      for (const r of findRegions(c.values.x, c.values.df)) {
        bands.push({ x0: r.x0, x1: r.x1, color: c.color, opacity: r.kind === 'dead' ? 0.16 : 0.08 });
      }
    }
    if (view.bounds && view.show.df) {
      const bound = c.maxAbsDf !== undefined && Number.isFinite(c.maxAbsDf) ? c.maxAbsDf : maxAbs(c.values.df);
      if (bound > 0 && Number.isFinite(bound)) {
        const name = hasNegative(c.values.df) ? `|${c.label}′|` : `${c.label}′`;
        // Curves with the same bound (ReLU′ and tanh′ ≤ 1) share one line: "ReLU′, Tanh′ ≤ 1".
        const same = bounds.find((b) => Math.abs(b.value - bound) <= 1e-9 * bound);
        if (same) same.names.push(name);
        else bounds.push({ value: bound, color: c.color, names: [name] });
      }
    }
  }
  for (const b of bounds) {
    rules.push({ axis: 'y', value: b.value, color: b.names.length > 1 ? 'foreground' : b.color, dash: [3, 3], label: `${b.names.join(', ')} ≤ ${formatNumber(b.value, 4)}` });
  }
  const model: ChartModel = {
    x: curves[0]?.values.x ?? Float64Array.of(view.xMin, view.xMax),
    series,
    bands,
    rules,
    xAxis: { label: axes.x },
    yAxis: { label: axes.y },
    xRange: [view.xMin, view.xMax],
  };
  return { model, keys };
}
