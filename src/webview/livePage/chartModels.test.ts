import { strict as assert } from 'node:assert';
import { stepRecord } from '../../training/testing/records';
import fc from 'fast-check';
import type { HistoryPoint, StepRecord } from '../../protocol';
import { PROPERTY_RUNS, assertDrawable, lengths, normValue } from '../../charts/chartTesting';
import { BoundedHistory } from '../../training/history';
import { accuracyModel, clipBands, decadeRange, globalNormModel, layerNormsModel, lossModel } from './chartModels';
import { depthColors, parseColor, rampAt } from './colors';

/** Two layers with norms step and 2·step, the global norm clipped from 10 to 5 unless `extra` says otherwise. */
function record(step: number, extra: Partial<StepRecord> = {}): StepRecord {
  return stepRecord(step, [step, 2 * step], { grad_norm_total: 10, grad_norm_clipped: 5, clipped: true, ...extra });
}

describe('live chart models', () => {
  const h = new BoundedHistory();
  [record(1, { clipped: false }), record(2), record(3), record(4, { clipped: false }), record(5, { test_accuracy: 0.5 })].forEach((r) => h.append(r));
  const points = h.all();

  it('draws one log-scale line per layer in the depth colours', () => {
    const m = layerNormsModel(points, ['linear1', 'linear2'], ['#0000ff', '#ff0000']);
    assert.equal(m.yAxis?.log, true);
    assert.deepEqual(m.series.map((s) => s.label), ['linear1', 'linear2']);
    assert.deepEqual(Array.from(m.series[1]!.y), [2, 4, 6, 8, 10]);
    assert.deepEqual(m.series[0]!.color, { css: '#0000ff' });
  });

  it('marks clipping as one band per run of clipped steps', () => {
    assert.deepEqual(clipBands(points).map((b) => [b.x0, b.x1]), [[1, 3], [4, 5]]);
    const g = globalNormModel(points);
    assert.equal(g.series.length, 2);
    assert.equal(g.bands?.length, 2);
  });

  it('uses a log loss axis only when the loss spans more than a decade', () => {
    assert.equal(lossModel(points).yAxis?.log, false);
    const long = new BoundedHistory();
    for (let s = 1; s <= 50; s++) long.append(record(s));
    assert.equal(lossModel(long.all()).yAxis?.log, true);
  });

  it('puts log axes on whole decades, and switches to exponents when a run spans too many', () => {
    assert.deepEqual(layerNormsModel(points, ['linear1', 'linear2'], ['#00f', '#f00']).yRange, [1, 10]);
    const exploding = new BoundedHistory();
    exploding.append(stepRecord(1, [1e-3, 1]));
    exploding.append(stepRecord(2, [1e200, Infinity]));
    const m = layerNormsModel(exploding.all(), ['linear1', 'linear2'], ['#00f', '#f00'], false);
    assert.equal(m.exponents, true);
    assert.equal(m.yAxis?.log, undefined);
    assert.match(m.yAxis?.label ?? '', /log₁₀/);
    assert.deepEqual(Array.from(m.series[0]!.y), [-3, 200]);
    assert.ok(Number.isNaN(m.series[1]!.y[1]!));
    assert.deepEqual(decadeRange([[0, -1, NaN]]), undefined);
    assert.deepEqual(decadeRange([[0.5, 3]]), [0.1, 10]);
  });

  it('plots accuracy only where it was measured, holding the rarer test accuracy between measurements', () => {
    const a = accuracyModel(points);
    assert.deepEqual(Array.from(a!.x), [5]);
    assert.equal(accuracyModel(points.slice(0, 2)), undefined);
    const h = new BoundedHistory();
    h.append(record(1, { train_accuracy: 0.2 }));
    h.append(record(2, { train_accuracy: 0.4, test_accuracy: 0.3 }));
    h.append(record(3, { train_accuracy: 0.6 }));
    const m = accuracyModel(h.all())!;
    assert.deepEqual(Array.from(m.series[0]!.y), [0.2, 0.4, 0.6]);
    const held = Array.from(m.series[1]!.y);
    assert.ok(Number.isNaN(held[0]!));
    assert.deepEqual(held.slice(1), [0.3, 0.3]);
  });
});

describe('depth colours', () => {
  it('runs from the first stop to the last across the layers', () => {
    assert.deepEqual(depthColors(3, [[0, 0, 255], [255, 0, 0]]), ['#0000ff', '#800080', '#ff0000']);
    assert.deepEqual(depthColors(1, [[0, 0, 255], [255, 0, 0]]), ['#0000ff']);
    assert.deepEqual(rampAt([[0, 0, 0], [100, 100, 100], [200, 200, 200]], 0.75), [150, 150, 150]);
  });

  it('reads theme colours in hex and rgb() forms', () => {
    assert.deepEqual(parseColor('#3794ff'), [55, 148, 255]);
    assert.deepEqual(parseColor('#fff'), [255, 255, 255]);
    assert.deepEqual(parseColor('#3794ff80'), [55, 148, 255]);
    assert.deepEqual(parseColor('rgba(1, 2, 3, 0.5)'), [1, 2, 3]);
    assert.equal(parseColor('var(--x)'), undefined);
  });
});

describe('live chart models draw any numbers', () => {
  it(`layer norms, global norm, loss and accuracy (${PROPERTY_RUNS} random histories, 0 to 1,000 steps)`, () => {
    fc.assert(
      fc.property(lengths, fc.integer({ min: 1, max: 14 }), fc.array(normValue, { maxLength: 150 }), fc.boolean(), (n, layers, values, labels) => {
        const v = (i: number, k: number) => (values.length ? values[(i * 11 + k) % values.length]! : NaN);
        const points: HistoryPoint[] = Array.from({ length: n }, (_, i) => ({
          step: i + 1, epoch: 0, loss: v(i, 0), layerNorms: Array.from({ length: layers }, (_, l) => v(i, l + 3)),
          total: v(i, 1), clippedTotal: v(i, 2), clipEvents: i % 4 === 0 ? 1 : 0, count: 1,
          trainAccuracy: i % 5 === 0 ? Math.min(1, Math.abs(v(i, 1))) : undefined,
        }));
        const names = Array.from({ length: layers }, (_, l) => `linear${l + 1}`);
        for (const m of [layerNormsModel(points, names, ['#0000ff'], labels), globalNormModel(points, labels), lossModel(points, labels), accuracyModel(points, labels)]) {
          if (m) assertDrawable(m);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
