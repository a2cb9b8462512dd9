import { strict as assert } from 'node:assert';
import {
  LIGHT_PALETTE,
  dataExtent,
  formatNumber,
  formatTick,
  gapRuns,
  nearestIndex,
  resolveColor,
  LOG_FALLBACK_RANGE,
  logDecadeRange,
  robustRange,
  snapToDecades,
  spreadLabels,
  toDrawColumn,
  xAxisRange,
  yAxisRange,
  type ChartModel,
  panRange,
  zoomRange,
} from './chartModel';

describe('chart data shaping', () => {
  describe('toDrawColumn', () => {
    it('turns NaN and ±Infinity into gaps (null) and keeps finite values', () => {
      assert.deepEqual(toDrawColumn([1, NaN, Infinity, -Infinity, -2]), [1, null, null, null, -2]);
    });
    it('drops values <= 0 on a log axis', () => {
      assert.deepEqual(toDrawColumn([1e-3, 0, -1, 10], true), [1e-3, null, null, 10]);
    });
    it('pulls huge finite values in to a bounded distance beyond the visible range', () => {
      const col = toDrawColumn([1e300, -1e300, 0.5], false, [0, 1]);
      assert.equal(col[0], 101);
      assert.equal(col[1], -100);
      assert.equal(col[2], 0.5);
    });
  });

  it('gapRuns finds the index runs that cannot be drawn', () => {
    assert.deepEqual(gapRuns([1, NaN, NaN, 2, Infinity]), [[1, 3], [4, 5]]);
    assert.deepEqual(gapRuns([1, 2]), []);
  });

  describe('robustRange', () => {
    it('pads the finite extent by 5% and ignores non-finite values', () => {
      const [lo, hi] = robustRange([[0, 10, NaN, Infinity]]);
      assert.ok(Math.abs(lo - -0.5) < 1e-12 && Math.abs(hi - 10.5) < 1e-12, `${lo}, ${hi}`);
    });
    it('is not flattened by a few huge values (1/x near 0)', () => {
      const xs = Array.from({ length: 2001 }, (_, i) => -6 + (12 * i) / 2000);
      const ys = xs.map((x) => 1 / x);
      const [lo, hi] = robustRange([ys]);
      assert.ok(hi < 100 && lo > -100, `range ${lo}..${hi} should clip the spike`);
      assert.ok(hi > 5 && lo < -5, `range ${lo}..${hi} should still show the branches`);
    });
    it('keeps the full extent when there are no outliers (exp on [-6, 6])', () => {
      const ys = Array.from({ length: 2001 }, (_, i) => Math.exp(-6 + (12 * i) / 2000));
      const [, hi] = robustRange([ys]);
      assert.ok(hi >= Math.exp(6), `${hi}`);
    });
    it('gives a flat series a window around its value, and an empty one a default', () => {
      const [lo, hi] = robustRange([[3, 3, 3]]);
      assert.ok(lo < 3 && hi > 3);
      assert.deepEqual(robustRange([[NaN]]), [-1, 1]);
    });
    it('works in log space for log axes and returns whole decades', () => {
      assert.deepEqual(robustRange([[1e-6, 1, 1e3]], true), [1e-6, 1e3]);
      assert.deepEqual(robustRange([[2e-6, 1, 3e2]], true), [1e-6, 1e3]);
    });
    it('on a log axis, a range inside one decade still holds a power of ten (uPlot ticks loop otherwise)', () => {
      assert.deepEqual(robustRange([[0.1, 0.2, 0.29]], true), [0.1, 1]);
      assert.deepEqual(robustRange([[0.15, 0.29]], true), [0.1, 1]);
      assert.deepEqual(robustRange([[3, 3, 3]], true), [1, 10]);
    });
    it('on a log axis, never returns min <= 0: zeros/negatives are ignored, subnormals floor at 1e-307', () => {
      const [lo, hi] = robustRange([[0, -1, 5e-324, 1e-320, 2e-10, NaN, Infinity]], true);
      assert.ok(lo > 0 && lo >= 1e-307, `${lo}`);
      assert.equal(hi, 1e-9);
      assert.deepEqual(robustRange([[0, -3, NaN, -Infinity]], true), [...LOG_FALLBACK_RANGE]);
      assert.deepEqual(robustRange([[5e-324]], true), [1e-307, 1e-306]);
    });
  });

  describe('log axis ranges', () => {
    it('snapToDecades snaps outward to whole decades and keeps exact decades', () => {
      assert.deepEqual(snapToDecades(0.1, 0.29), [0.1, 1]);
      assert.deepEqual(snapToDecades(0.15, 0.29), [0.1, 1]);
      assert.deepEqual(snapToDecades(3e-7, 2e4), [1e-7, 1e5]);
      assert.deepEqual(snapToDecades(1e-3, 1000), [1e-3, 1e3]);
      assert.deepEqual(snapToDecades(1, 1), [1, 10], 'at least one decade wide');
      assert.deepEqual(snapToDecades(100, 0.5), [0.1, 100], 'reversed ends are sorted');
    });
    it('snapToDecades stays finite and positive at the edges of double range', () => {
      assert.deepEqual(snapToDecades(5e-324, 1e-310), [1e-307, 1e-306]);
      assert.deepEqual(snapToDecades(1, 1.7e308), [1, 1e308]);
      assert.deepEqual(snapToDecades(1e308, 1.7e308), [1e307, 1e308]);
    });
    it('snapToDecades falls back when an end is not positive and finite', () => {
      assert.deepEqual(snapToDecades(0, 1), [...LOG_FALLBACK_RANGE]);
      assert.deepEqual(snapToDecades(-1, 10), [...LOG_FALLBACK_RANGE]);
      assert.deepEqual(snapToDecades(1, Infinity), [...LOG_FALLBACK_RANGE]);
      assert.deepEqual(snapToDecades(NaN, 1), [...LOG_FALLBACK_RANGE]);
    });
    it('logDecadeRange ignores non-positive and non-finite values', () => {
      assert.deepEqual(logDecadeRange([[0, -5, 0.2, NaN], [Infinity, 30]]), [0.1, 100]);
      assert.deepEqual(logDecadeRange([[0, -1, NaN]]), [...LOG_FALLBACK_RANGE]);
      assert.deepEqual(logDecadeRange([]), [...LOG_FALLBACK_RANGE]);
    });
    it('yAxisRange snaps a model range on a log axis, replaces an unusable one, and leaves linear axes alone', () => {
      const base: ChartModel = { x: [0, 1, 2], series: [{ label: 's', color: 0, y: [0.12, 0.2, 0.29] }] };
      assert.deepEqual(yAxisRange({ ...base, yAxis: { log: true }, yRange: [0.1, 0.29] }), [0.1, 1]);
      assert.deepEqual(yAxisRange({ ...base, yAxis: { log: true }, yRange: [1e-7, 1e5] }), [1e-7, 1e5], 'whole decades pass unchanged');
      assert.deepEqual(yAxisRange({ ...base, yAxis: { log: true }, yRange: [0, 1] }), [0.1, 1], 'min 0 falls back to the data');
      assert.deepEqual(yAxisRange({ ...base, yAxis: { log: true } }), [0.1, 1]);
      assert.deepEqual(yAxisRange({ ...base, yRange: [0.1, 0.29] }), [0.1, 0.29]);
    });
    it('xAxisRange on a log axis uses the positive x values in whole decades', () => {
      const m: ChartModel = { x: [0, 0.5, 30], series: [], xAxis: { log: true } };
      assert.deepEqual(xAxisRange(m), [0.1, 100]);
      assert.deepEqual(xAxisRange({ ...m, xRange: [2, 3] }), [1, 10]);
      assert.deepEqual(xAxisRange({ ...m, xAxis: {} }), [0, 30]);
    });
  });

  describe('ticks and numbers', () => {
    it('formatNumber: 6 significant digits, exponents for tiny and huge values, symbols for non-finite', () => {
      assert.equal(formatNumber(0.25), '0.25');
      assert.equal(formatNumber(1 / 3), '0.333333');
      assert.equal(formatNumber(-2.5), '−2.5');
      assert.equal(formatNumber(1.23456789e-9), '1.235e-9');
      assert.equal(formatNumber(NaN), 'NaN');
      assert.equal(formatNumber(-Infinity), '−∞');
    });
    it('formatTick uses as many decimals as the step needs', () => {
      assert.equal(formatTick(0.30000000000000004, 0.1), '0.3');
      assert.equal(formatTick(-4, 2), '−4');
      assert.equal(formatTick(0.25, 0.25), '0.25');
      assert.equal(formatTick(-0.75, 0.25), '−0.75');
      assert.equal(formatTick(1.5, 0.5), '1.5');
      assert.equal(formatTick(2, 0.5), '2.0');
    });
  });

  it('nearestIndex finds the closest x by binary search', () => {
    const x = [-2, -1, 0, 1, 2];
    assert.equal(nearestIndex(x, 0.4), 2);
    assert.equal(nearestIndex(x, 0.6), 3);
    assert.equal(nearestIndex(x, -99), 0);
    assert.equal(nearestIndex(x, 99), 4);
    assert.equal(nearestIndex([], 0), -1);
  });

  it('dataExtent and resolveColor', () => {
    assert.deepEqual(dataExtent([3, -1, 2]), [-1, 3]);
    assert.deepEqual(dataExtent([5]), [4, 6]);
    assert.equal(resolveColor(1, LIGHT_PALETTE), LIGHT_PALETTE.series[1]);
    assert.equal(resolveColor(9, LIGHT_PALETTE), LIGHT_PALETTE.series[1]);
    assert.equal(resolveColor('warning', LIGHT_PALETTE), LIGHT_PALETTE.warning);
    assert.equal(resolveColor({ css: 'red' }, LIGHT_PALETTE), 'red');
  });

  it('spreadLabels stacks labels that would overprint and leaves distant ones alone', () => {
    assert.deepEqual(spreadLabels([100, 95, 300], 14), [109, 95, 300]);
    assert.deepEqual(spreadLabels([50, -Infinity, 52], 10), [50, -Infinity, 60]);
  });

  it('zoomRange and panRange keep the anchor fixed and move by a fraction of the width', () => {
    assert.deepEqual(zoomRange([-6, 6], 0, 0.5), [-3, 3]);
    assert.deepEqual(zoomRange([0, 10], 10, 2), [-10, 10]);
    assert.deepEqual(panRange([-6, 6], 0.25), [-3, 9]);
    const [a, b] = zoomRange([1, 100], 10, 0.5, true);
    assert.ok(Math.abs(a - Math.sqrt(10)) < 1e-12 && Math.abs(b - Math.sqrt(1000)) < 1e-9, `${a} ${b}`);
  });
});
