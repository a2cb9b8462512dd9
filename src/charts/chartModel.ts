/**
 * What a line chart shows, as plain data, and the pure shaping between computed numbers and pixels:
 * gaps for NaN/Inf, a y range that outliers cannot flatten, nice tick values, number formatting.
 *
 * One model feeds both renderers: the uPlot canvas in the webviews (chart.ts) and the SVG writer
 * (chartSvg.ts, also used by the CLI). No DOM here, so the CLI and the unit tests can use it.
 */
import { SERIES_COLORS } from './palette';

/** A colour: an index into the palette's series colours, a named palette role, or a literal CSS colour. */
export type ColorRef = number | 'foreground' | 'muted' | 'accent' | 'warning' | 'error' | { readonly css: string };

export interface ChartSeries {
  readonly label: string;
  readonly color: ColorRef;
  /** Values aligned with the model's x; NaN and ±Infinity leave gaps. */
  readonly y: ArrayLike<number>;
  /** Canvas dash pattern in CSS pixels; omitted for a solid line. */
  readonly dash?: readonly number[];
  /** Line width in CSS pixels (default 2). */
  readonly width?: number;
}

/** A shaded x interval (e.g. where an activation saturates). */
export interface ChartBand {
  readonly x0: number;
  readonly x1: number;
  readonly color: ColorRef;
  /** Fill opacity, 0..1. */
  readonly opacity: number;
}

/** A straight reference line across the plot at a value of one axis, with an optional label. */
export interface ChartRule {
  readonly axis: 'x' | 'y';
  readonly value: number;
  readonly color: ColorRef;
  readonly dash?: readonly number[];
  readonly label?: string;
}

export interface ChartAxis {
  readonly label?: string;
  readonly log?: boolean;
  /** Ticks at whole numbers only: layers and steps have no 2.5. */
  readonly integer?: boolean;
}

export interface ChartModel {
  readonly x: ArrayLike<number>;
  readonly series: readonly ChartSeries[];
  readonly bands?: readonly ChartBand[];
  readonly rules?: readonly ChartRule[];
  readonly xAxis?: ChartAxis;
  readonly yAxis?: ChartAxis;
  /** The x range to show; defaults to the data's extent. */
  readonly xRange?: readonly [number, number];
  /** The y range to show; defaults to robustRange over the series. */
  readonly yRange?: readonly [number, number];
  readonly title?: string;
}

/** The colours a renderer needs; webview/common/theme.ts's ThemeColors satisfies it. */
export interface ChartPalette {
  readonly foreground: string;
  readonly background: string;
  readonly grid: string;
  readonly muted: string;
  readonly accent: string;
  readonly error: string;
  readonly warning: string;
  readonly series: readonly string[];
  readonly fontFamily: string;
  readonly fontSize: number;
}

/** VS Code's Light+ colours: for output made outside a webview (the CLI's SVG). */
export const LIGHT_PALETTE: ChartPalette = {
  foreground: '#3b3b3b',
  background: '#ffffff',
  grid: '#e5e5e5',
  muted: '#717171',
  accent: '#005fb8',
  error: '#e51400',
  warning: '#bf8803',
  series: [...SERIES_COLORS.light],
  fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 12,
};

export function resolveColor(ref: ColorRef, palette: ChartPalette): string {
  if (typeof ref === 'number') return palette.series[((ref % palette.series.length) + palette.series.length) % palette.series.length];
  if (typeof ref === 'object') return ref.css;
  return palette[ref];
}

/**
 * A column for drawing: null where the value cannot be drawn (NaN, ±Infinity, and values <= 0 on a log
 * axis), so the line breaks there instead of diving to an edge. Finite values far outside `clampTo` are
 * pulled in to a bounded distance beyond it: the segment still leaves the plot in the right direction,
 * and no pixel coordinate overflows the canvas.
 */
export function toDrawColumn(values: ArrayLike<number>, log = false, clampTo?: readonly [number, number]): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  let lo = -Infinity, hi = Infinity;
  if (clampTo) {
    const span = Math.max(clampTo[1] - clampTo[0], Number.MIN_VALUE);
    lo = clampTo[0] - 100 * span;
    hi = clampTo[1] + 100 * span;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (log && v <= 0)) out[i] = null;
    else out[i] = log ? v : v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}

/** The [from, to) index runs where `values` cannot be drawn: the gaps a chart shows. */
export function gapRuns(values: ArrayLike<number>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= values.length; i++) {
    const bad = i < values.length && !Number.isFinite(values[i]);
    if (bad && start < 0) start = i;
    if (!bad && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}

/**
 * A y range that shows the shape of every series: the finite extent, unless a few huge values (1/x
 * near 0, exp at the edge) would squash everything else flat; then the 1st..99th percentile range,
 * widened. Padded by 5% either side; a flat series gets a unit-sized window around its value.
 * On a log axis the same is done with the exponents of the positive values, and the result is snapped
 * outward to whole decades (decadeSpan) instead of padded.
 */
export function robustRange(columns: readonly ArrayLike<number>[], log = false): [number, number] {
  const sample: number[] = [];
  let lo = Infinity, hi = -Infinity;
  for (const c of columns) {
    const step = Math.max(1, Math.floor(c.length / 4000)); // a sample suffices for the percentiles
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      const t = log ? Math.log10(v) : v;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
      if (i % step === 0) sample.push(t);
    }
  }
  if (sample.length === 0 && lo > hi) return log ? [...LOG_FALLBACK_RANGE] : [-1, 1];
  sample.sort((a, b) => a - b);
  const q = (p: number) => sample[Math.round(p * (sample.length - 1))];
  if (sample.length > 0) {
    const q01 = q(0.01), q99 = q(0.99);
    if (q99 > q01 && hi - lo > 20 * (q99 - q01)) {
      const span = q99 - q01;
      lo = Math.max(lo, q01 - span);
      hi = Math.min(hi, q99 + span);
    }
  }
  if (log) return decadeSpan(lo, hi);
  // Halves first: hi - lo overflows to Infinity for data near ±1.8e308.
  const half = hi / 2 - lo / 2;
  if (half < 0.5e-12 * Math.max(1, Math.abs(hi))) {
    const pad = Math.max(1, Math.abs(hi) * 0.1);
    return finiteSpan(lo - pad, hi + pad);
  }
  return finiteSpan(lo - 0.1 * half, hi + 0.1 * half);
}

/** [lo, hi] pulled inside the finite doubles (padding 1.7e308 would give Infinity). */
function finiteSpan(lo: number, hi: number): [number, number] {
  const clamp = (v: number) => Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v));
  return [clamp(lo), clamp(hi)];
}

/** What a log axis shows when there is no positive finite value to fit. */
export const LOG_FALLBACK_RANGE: readonly [number, number] = [0.1, 10];

/**
 * Decade exponents a log axis may use: 1e-307 is still a normal double (a subnormal gradient of 5e-324
 * would otherwise give 10^-324 = 0 as the axis minimum), and 1e309 is Infinity.
 */
const MIN_DECADE = -307, MAX_DECADE = 308;

/**
 * The whole decades 10^floor(loExp) .. 10^ceil(hiExp), at least one decade wide, from exponents
 * (log10 of the values). uPlot's log-axis tick code never ends on a range that holds no power of
 * ten (0.1 .. 0.29), so every log axis range passes through here.
 */
function decadeSpan(loExp: number, hiExp: number): [number, number] {
  if (!Number.isFinite(loExp) || !Number.isFinite(hiExp)) return [...LOG_FALLBACK_RANGE];
  if (hiExp < loExp) [loExp, hiExp] = [hiExp, loExp];
  // The 1e-9 slack keeps an exact power of ten (log10(1000) = 2.9999999999999996) on its own decade.
  const a = Math.min(MAX_DECADE - 1, Math.max(MIN_DECADE, Math.floor(loExp + 1e-9)));
  const b = Math.min(MAX_DECADE, Math.max(a + 1, Math.ceil(hiExp - 1e-9)));
  return [Number(`1e${a}`), Number(`1e${b}`)];
}

/** [lo, hi] snapped outward to whole decades; LOG_FALLBACK_RANGE unless both ends are positive and finite. */
export function snapToDecades(lo: number, hi: number): [number, number] {
  if (!(lo > 0) || !(hi > 0)) return [...LOG_FALLBACK_RANGE];
  return decadeSpan(Math.log10(lo), Math.log10(hi));
}

/** The whole decades around the positive finite values (zeros, negatives, NaN and ±Infinity are ignored). */
export function logDecadeRange(columns: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const c of columns) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (!(v > 0) || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? snapToDecades(lo, hi) : [...LOG_FALLBACK_RANGE];
}

const usable = (r: readonly [number, number] | undefined, log: boolean): r is readonly [number, number] =>
  r !== undefined && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[1] > r[0] && (!log || r[0] > 0);

/**
 * The x range a renderer shows: the model's (or the data's extent); whole decades, never min <= 0, on
 * a log axis. Always finite with min < max: a range the model gets wrong falls back to the data's.
 */
export function xAxisRange(model: ChartModel): [number, number] {
  const log = model.xAxis?.log ?? false, r = model.xRange;
  if (!log) return usable(r, false) ? [r[0], r[1]] : dataExtent(model.x);
  return usable(r, true) ? snapToDecades(r[0], r[1]) : logDecadeRange([model.x]);
}

/** The y range a renderer shows: the model's (or robustRange); whole decades, never min <= 0, on a log axis. */
export function yAxisRange(model: ChartModel): [number, number] {
  const log = model.yAxis?.log ?? false, r = model.yRange;
  if (!log) return usable(r, false) ? [r[0], r[1]] : robustRange(model.series.map((s) => s.y));
  return usable(r, true) ? snapToDecades(r[0], r[1]) : robustRange(model.series.map((s) => s.y), true);
}

/** A short, exact-enough rendering for readouts and tick labels: 6 significant digits, exponent when needed. */
export function formatNumber(v: number, digits = 6): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e-4 && a < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(Math.max(0, digits - 3)).replace(/\.?0+e/, 'e');
  return text.replace(/^-/, '−');
}

/** Tick labels with as few digits as the step needs: 0.25 steps keep 2 decimals, 0.1 steps 1 (no 0.30000000000000004). */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return formatNumber(v, 3);
  let decimals = 0;
  const s = Math.abs(step);
  while (decimals < 10 && Math.abs(Math.round(s * 10 ** decimals) - s * 10 ** decimals) > 1e-6 * Math.max(1, s * 10 ** decimals)) decimals++;
  return v.toFixed(decimals).replace(/^-/, '−');
}

/** The index of the x value nearest `target` in an ascending array (binary search). */
export function nearestIndex(x: ArrayLike<number>, target: number): number {
  if (x.length === 0) return -1;
  let lo = 0, hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= target) lo = mid;
    else hi = mid;
  }
  return Math.abs(x[lo] - target) <= Math.abs(x[hi] - target) ? lo : hi;
}

/** [min, max] of the finite x values; a unit-wide window around a single value. */
export function dataExtent(x: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) continue;
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  if (!(lo <= hi)) return [0, 1];
  if (lo < hi) return [lo, hi];
  const pad = Math.max(1, Math.abs(lo) * 0.1);
  return finiteSpan(lo - pad, hi + pad);
}

/**
 * Baselines for labels that want to sit at `desired` (pixels, any order) without overlapping: sorted top to
 * bottom, each at least `lineHeight` below the one above. Returned in the input's order.
 */
export function spreadLabels(desired: readonly number[], lineHeight: number): number[] {
  const order = desired.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(desired.length);
  let last = -Infinity;
  for (const { y, i } of order) {
    last = Math.max(y, last + lineHeight);
    out[i] = last;
  }
  return out;
}

/** Pure: the x range after zooming by `factor` (< 1 zooms in) around `anchor`, in log space when `log`. */
export function zoomRange(range: readonly [number, number], anchor: number, factor: number, log = false): [number, number] {
  const f = (v: number) => (log ? Math.log10(v) : v), g = (v: number) => (log ? 10 ** v : v);
  const a = f(anchor);
  return [g(a + (f(range[0]) - a) * factor), g(a + (f(range[1]) - a) * factor)];
}

/** Pure: the x range moved by `fraction` of its width (positive moves the view right). */
export function panRange(range: readonly [number, number], fraction: number, log = false): [number, number] {
  const f = (v: number) => (log ? Math.log10(v) : v), g = (v: number) => (log ? 10 ** v : v);
  const shift = (f(range[1]) - f(range[0])) * fraction;
  return [g(f(range[0]) + shift), g(f(range[1]) + shift)];
}
