import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MAX_TICKS, axisTicks, isolatedPoints, linearAxisTicks, logAxisTicks } from './chartTicks';
import { PROPERTY_RUNS, assertDrawable, anyValue } from './chartTesting';
import type { ChartModel } from './chartModel';

const positive = fc.oneof(
  fc.tuple(fc.double({ min: 1, max: 9.99, noNaN: true }), fc.integer({ min: -324, max: 308 })).map(([m, e]) => m * 10 ** e),
  fc.constantFrom(5e-324, 1e-310, Number.MAX_VALUE, 1),
).filter((v) => v > 0 && Number.isFinite(v));
const length = fc.oneof(fc.integer({ min: 1, max: 4000 }), fc.constantFrom(0, -5, NaN, Infinity));

describe('axis ticks', () => {
  it('a log axis labels whole decades, thinned to every 2nd, 5th, 10th decade as space demands', () => {
    assert.deepEqual(logAxisTicks(0.005, 2000, 400), [0.01, 0.1, 1, 10, 100, 1000]);
    // 1e-22 .. 10 in 250 px: 23 decades would be 11 px apart; every 5th is 54 px apart.
    assert.deepEqual(logAxisTicks(1e-22, 10, 250), [1e-20, 1e-15, 1e-10, 1e-5, 1]);
    assert.deepEqual(logAxisTicks(1e-22, 10, 600), [1e-22, 1e-20, 1e-18, 1e-16, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]);
    assert.deepEqual(logAxisTicks(1e-300, 1e300, 300), [1e-300, 1e-200, 1e-100, 1, 1e100, 1e200, 1e300]);
    assert.deepEqual(logAxisTicks(5e-324, 1, 300).slice(0, 1), [1e-300]);
  });

  it('the sigmoid ranges that broke uPlot (min below 1e-26) get ordinary ticks', () => {
    for (let e = -40; e <= -20; e++) {
      const ticks = logAxisTicks(Number(`1e${e}`), 10, 340);
      assert.ok(ticks.length >= 2 && ticks.length <= 12, `1e${e}: ${ticks.length} ticks`);
    }
  });

  it('a linear axis uses steps of 1, 2 or 5 × 10^k, whole numbers on layer and step axes', () => {
    assert.deepEqual(linearAxisTicks(-6, 6, 300, 50), [-6, -4, -2, 0, 2, 4, 6]);
    assert.deepEqual(linearAxisTicks(0, 1, 250, 50), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(linearAxisTicks(1, 10, 600, 70, true), [2, 4, 6, 8, 10]);
    assert.deepEqual(linearAxisTicks(1, 5, 600, 70, true), [1, 2, 3, 4, 5], 'never 2.5');
    assert.deepEqual(linearAxisTicks(0.2, 0.8, 600, 70, true), []);
    assert.deepEqual(linearAxisTicks(1, 1, 300), []);
    assert.ok(linearAxisTicks(-Number.MAX_VALUE, Number.MAX_VALUE, 300).every(Number.isFinite));
  });

  it('dots mark values with no drawable neighbour', () => {
    assert.deepEqual(isolatedPoints([NaN, 1, NaN, 2, 3, Infinity, 4]), [1, 6]);
    assert.deepEqual(isolatedPoints([5]), [0]);
    assert.deepEqual(isolatedPoints([1, 0, 1], true), [0, 2]);
  });

  it(`log ticks: bounded, in range, powers of ten, at least the spacing apart (${PROPERTY_RUNS * 5} random ranges)`, () => {
    fc.assert(
      fc.property(positive, positive, length, fc.integer({ min: 10, max: 80 }), (p, q, len, spacing) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        const ticks = logAxisTicks(lo, hi, len, spacing);
        assert.ok(ticks.length <= MAX_TICKS);
        if (!(hi > lo)) return assert.deepEqual(ticks, []);
        const px = (Number.isFinite(len) && len > 0 ? len : 300) / Math.max(Math.log10(hi) - Math.log10(lo), 1e-9);
        ticks.forEach((v, i) => {
          assert.ok(v > 0 && Number.isFinite(v));
          assert.ok(v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9), `${v} outside ${lo} .. ${hi}`);
          assert.equal(Number(`1e${Math.round(Math.log10(v))}`), v);
          if (i > 0) assert.ok((Math.log10(v) - Math.log10(ticks[i - 1])) * px >= spacing * (1 - 1e-6), 'labels too close');
        });
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it(`linear ticks: bounded, in range, increasing, spaced, whole when asked (${PROPERTY_RUNS * 5} random ranges)`, () => {
    fc.assert(
      fc.property(anyValue, anyValue, length, fc.boolean(), (p, q, len, integer) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        const ticks = linearAxisTicks(lo, hi, len, 40, integer);
        assert.ok(ticks.length <= MAX_TICKS + 1);
        const slack = (hi / 2 - lo / 2) * 2e-9;
        ticks.forEach((v, i) => {
          assert.ok(Number.isFinite(v));
          assert.ok(v >= lo - slack && v <= hi + slack, `${v} outside ${lo} .. ${hi}`);
          if (integer) assert.ok(Number.isInteger(v), `${v} on an integer axis`);
          if (i > 0) assert.ok(v > ticks[i - 1]);
          if (i > 0 && Number.isFinite(len) && len >= 40 && ticks.length > 2) {
            assert.ok(((v / 2 - ticks[i - 1] / 2) / (hi / 2 - lo / 2)) * len >= 20 * (1 - 1e-6), 'labels too close');
          }
        });
      }),
      { numRuns: PROPERTY_RUNS * 5 },
    );
  });

  it(`a generic model with any values is drawable (${PROPERTY_RUNS} random models)`, () => {
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 80 }), fc.boolean(), fc.boolean(), (y, log, integer) => {
        const model: ChartModel = {
          x: y.map((_, i) => i + 1),
          series: [{ label: 'y', color: 0, y }],
          xAxis: { label: 'step', integer },
          yAxis: { label: 'value', log },
        };
        assertDrawable(model);
      }),
      { numRuns: PROPERTY_RUNS },
    );
    assert.equal(axisTicks(1, 1000, 700, { integer: true, horizontal: true }).every(Number.isInteger), true);
  });
});
