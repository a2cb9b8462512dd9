import { strict as assert } from 'node:assert';
import {
  LIGHT_PALETTE,
  dataExtent,
  formatNumber,
  formatTick,
  gapRuns,
  logTicks,
  nearestIndex,
  niceTicks,
  resolveColor,
  robustRange,
  spreadLabels,
  toDrawColumn,
} from './chartModel';
import { panRange, zoomRange } from './chartInteraction';

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
    it('works in log space for log axes', () => {
      const [lo, hi] = robustRange([[1e-6, 1, 1e3]], true);
      assert.ok(lo < 1e-6 && lo > 1e-7 && hi > 1e3 && hi < 1e4, `${lo} ${hi}`);
    });
  });

  describe('ticks and numbers', () => {
    it('niceTicks uses steps of 1, 2 or 5 times a power of ten', () => {
      assert.deepEqual(niceTicks(-6, 6, 6), [-6, -4, -2, 0, 2, 4, 6]);
      assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
      assert.deepEqual(niceTicks(0.1, 0.35, 5), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
      assert.deepEqual(niceTicks(1, 1), []);
    });
    it('logTicks gives powers of ten within the range', () => {
      assert.deepEqual(logTicks(0.005, 2000), [0.01, 0.1, 1, 10, 100, 1000]);
    });
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
