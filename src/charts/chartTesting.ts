/**
 * What "a chart model can be drawn" means, checked the way the renderers use a model: finite axis
 * ranges (min > 0 on a log axis), bounded in-range ticks for panel and sidebar sizes, drawable
 * columns, and an SVG with only finite coordinates. Shared by the chart models' property tests.
 */
import fc from 'fast-check';
import { LIGHT_PALETTE, toDrawColumn, xAxisRange, yAxisRange, type ChartModel } from './chartModel';
import { chartToSvg } from './chartSvg';
import { MAX_TICKS, axisTicks } from './chartTicks';

const SIZES = [[320, 140], [700, 260], [1400, 420]] as const;

/** Plain throws: this file compiles with the webview sources (no Node types). */
function ok(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function checkRange([lo, hi]: [number, number], log: boolean, what: string): void {
  ok(Number.isFinite(lo) && Number.isFinite(hi), `${what} range not finite: ${lo} .. ${hi}`);
  ok(hi > lo, `${what} range empty: ${lo} .. ${hi}`);
  if (log) ok(lo > 0, `${what} log range starts at ${lo}`);
}

function checkTicks(ticks: readonly number[], lo: number, hi: number, what: string): void {
  ok(ticks.length <= MAX_TICKS + 1, `${what}: ${ticks.length} ticks`);
  const slack = (hi / 2 - lo / 2) * 2e-9;
  ticks.forEach((v, i) => {
    ok(Number.isFinite(v), `${what}: tick ${v}`);
    ok(v >= lo - slack && v <= hi + slack, `${what}: tick ${v} outside ${lo} .. ${hi}`);
    if (i > 0) ok(v > ticks[i - 1], `${what}: ticks not increasing at ${v}`);
  });
}

export function assertDrawable(model: ChartModel): void {
  const xLog = model.xAxis?.log ?? false, yLog = model.yAxis?.log ?? false;
  const xr = xAxisRange(model), yr = yAxisRange(model);
  checkRange(xr, xLog, 'x');
  checkRange(yr, yLog, 'y');
  for (const s of model.series) {
    ok(s.y.length === model.x.length, `series ${s.label} has ${s.y.length} values for ${model.x.length} x`);
    for (const v of toDrawColumn(s.y, yLog, yr)) ok(v === null || Number.isFinite(v), `column value ${v}`);
  }
  for (const [w, h] of SIZES) {
    checkTicks(axisTicks(xr[0], xr[1], w - 80, { log: xLog, integer: model.xAxis?.integer, horizontal: true }), xr[0], xr[1], `x at ${w}px`);
    checkTicks(axisTicks(yr[0], yr[1], h, { log: yLog, integer: model.yAxis?.integer }), yr[0], yr[1], `y at ${h}px`);
    const svg = chartToSvg(model, LIGHT_PALETTE, { width: w, height: h + 120 });
    ok(!/NaN|Infinity/.test(svg), `SVG at ${w}px has non-finite coordinates`);
  }
}

/** Any double a computation can produce: tiny, huge, subnormal, zero, negative, NaN, ±Infinity. */
export const anyValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.double({ min: 1, max: 9.99, noNaN: true }), fc.integer({ min: -320, max: 307 })).map(([m, e]) => m * 10 ** e) },
  { weight: 2, arbitrary: fc.double({ min: -1e300, max: 1e300, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 5e-324, 2.2e-308, 1e-300, 1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 1) },
);

/** Positive values only (norms, losses), with gaps: NaN, ±Infinity and exact zeros. */
export const normValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.double({ min: 1, max: 9.99, noNaN: true }), fc.integer({ min: -323, max: 307 })).map(([m, e]) => m * 10 ** e) },
  { weight: 1, arbitrary: fc.constantFrom(0, NaN, Infinity, -Infinity, 5e-324, Number.MAX_VALUE) },
);

/** Lengths the charts meet: none, a single point, a few, and 1,000 layers or steps. */
export const lengths: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(0, 1, 2, 1000), fc.integer({ min: 0, max: 60 }));

/** Runs used by every chart property test (reported by the test titles). */
export const PROPERTY_RUNS = 200;
