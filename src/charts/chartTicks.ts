/**
 * Axis ticks for every chart, chosen from the axis length in pixels so that labels never crowd:
 * a log axis labels whole decades (every 1st, 2nd, 5th, 10th, ... decade as space demands), a linear
 * axis round steps of 1, 2 or 5 × 10^k (whole numbers on a layer or step axis).
 *
 * Total by construction: any range of doubles, subnormal to 1.8e308, gives a bounded list of finite
 * ticks inside it, or an empty one. uPlot's own log splits walk a lookup table of increments that
 * ends at 1e-32 and, below about 1e-26, round every step to 0 and push until the array overflows
 * ("RangeError: Invalid array length"); the charts therefore never use them.
 */

/** Fewest CSS pixels between two labels on a log axis (a decade label is short: "1e-20"). */
export const LOG_LABEL_SPACING = 30;
/** Fewest CSS pixels between two labels on a linear y axis; x labels are wider and want more. */
export const LINEAR_LABEL_SPACING = 40;
export const LINEAR_X_LABEL_SPACING = 70;
/** No axis ever gets more ticks than this, whatever its length. */
export const MAX_TICKS = 60;

/** Exponents whose power of ten is a positive double: 1e-323 is the smallest subnormal power, 1e308 the largest. */
const MIN_EXP = -323, MAX_EXP = 308;

/** 1, 2, 5, 10, 20, 50, ... : the first one that is >= need. */
function niceStride(need: number): number {
  if (!(need > 1)) return 1;
  for (let mag = 1; ; mag *= 10) {
    for (const m of [1, 2, 5]) if (m * mag >= need) return m * mag;
    if (mag > 1e6) return 1e7;
  }
}

/** How many labels fit along `lengthPx` with at least `spacingPx` between them (at least 2). */
function capacity(lengthPx: number, spacingPx: number): number {
  const n = Number.isFinite(lengthPx) && lengthPx > 0 ? Math.floor(lengthPx / Math.max(1, spacingPx)) + 1 : 2;
  return Math.max(2, Math.min(MAX_TICKS, n));
}

/**
 * Powers of ten inside [min, max], at most one per `spacingPx` of axis: every decade when they fit,
 * else every 2nd, 5th, 10th, ... decade (multiples of the stride, so 1e-20, 1e-10, 1, 1e10 stay put
 * while the data moves). Empty when min, max are not positive finite with min < max.
 */
export function logAxisTicks(min: number, max: number, lengthPx: number, spacingPx = LOG_LABEL_SPACING): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return [];
  const lo = Math.log10(min), hi = Math.log10(max);
  const a = Math.max(MIN_EXP, Math.ceil(lo - 1e-9)), b = Math.min(MAX_EXP, Math.floor(hi + 1e-9));
  if (a > b) return [];
  const decades = Math.max(hi - lo, 1e-9);
  const pxPerDecade = (Number.isFinite(lengthPx) && lengthPx > 0 ? lengthPx : 300) / decades;
  const stride = Math.max(niceStride(spacingPx / pxPerDecade), niceStride((b - a + 1) / MAX_TICKS));
  const ticks: number[] = [];
  for (let e = Math.ceil(a / stride) * stride; e <= b; e += stride) {
    const v = Number(`1e${e}`);
    if (v > 0 && Number.isFinite(v)) ticks.push(v);
  }
  // Too little room for the stride's multiples: still name one decade, so the axis has a scale.
  if (ticks.length === 0) ticks.push(Number(`1e${a}`));
  return ticks;
}

/** The step of round ticks (1, 2, 5 × 10^k) for about `count` intervals over a span; finite or 0. */
function roundStep(min: number, max: number, count: number, integer: boolean): number {
  // min/count and max/count cannot overflow even when max - min does (−1e308 .. 1e308).
  const raw = max / count - min / count;
  if (!(raw > 0) || !Number.isFinite(raw)) return 0;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = 0;
  for (const m of [1, 2, 5, 10]) {
    const s = m * mag;
    if (Number.isFinite(s) && s >= raw * 0.999) {
      step = s;
      break;
    }
  }
  if (step === 0) step = Number.MAX_VALUE;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/**
 * Round ticks inside [min, max] at most one per `spacingPx` of axis; whole numbers only when
 * `integer` (layers, steps: no tick at 2.5). A span too narrow for distinct doubles gives its ends.
 */
export function linearAxisTicks(min: number, max: number, lengthPx: number, spacingPx = LINEAR_LABEL_SPACING, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) return [];
  const count = capacity(lengthPx, spacingPx) - 1;
  const step = roundStep(min, max, Math.max(1, count), integer);
  if (step === 0) return [];
  const ticks: number[] = [];
  const slack = (max / 2 - min / 2) * 2e-9; // rounding slack, relative to the span (a step may exceed it)
  const first = Math.ceil(min / step - 1e-9);
  for (let k = first, n = 0; n <= 2 * MAX_TICKS; k++, n++) {
    const v = k * step;
    if (!Number.isFinite(v) || v > max + slack) break;
    const tick = Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12));
    // Past 2^53 consecutive k can give the same double: never repeat a tick, never loop on one.
    if (ticks.length > 0 && tick <= ticks[ticks.length - 1]) break;
    if (tick >= min - slack && tick <= max + slack) ticks.push(tick);
  }
  if (ticks.length > 0 || integer) return ticks;
  return [min, max];
}

/** Indices of finite values with no finite neighbour: a line cannot show them, so they are drawn as dots. */
export function isolatedPoints(values: ArrayLike<number>, log = false): number[] {
  const out: number[] = [];
  const ok = (i: number) => i >= 0 && i < values.length && Number.isFinite(values[i]) && (!log || values[i] > 0);
  for (let i = 0; i < values.length; i++) if (ok(i) && !ok(i - 1) && !ok(i + 1)) out.push(i);
  return out;
}

export interface AxisTickOptions {
  readonly log?: boolean;
  /** Whole numbers only (layer and step axes). */
  readonly integer?: boolean;
  /** An x axis: labels sit side by side and need more room than stacked y labels. */
  readonly horizontal?: boolean;
  /** Chart text size in CSS px: bigger text (a projector setting) spaces the labels further apart. */
  readonly fontSize?: number;
}

/** The ticks of one axis of `lengthPx` CSS pixels, spaced for its text size. */
export function axisTicks(min: number, max: number, lengthPx: number, o: AxisTickOptions = {}): number[] {
  const scale = Math.max(1, (o.fontSize ?? 12) / 12);
  if (o.log) return logAxisTicks(min, max, lengthPx, (o.horizontal ? 50 : LOG_LABEL_SPACING) * scale);
  return linearAxisTicks(min, max, lengthPx, (o.horizontal ? LINEAR_X_LABEL_SPACING : LINEAR_LABEL_SPACING) * scale, o.integer ?? false);
}
