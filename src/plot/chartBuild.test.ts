import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DEFAULT_VIEW } from '../protocol';
import { PROPERTY_RUNS, anyValue, assertDrawable } from '../charts/chartTesting';
import { buildActivationChart, colorOfId, type PlottedCurve } from './chartBuild';
import { linspace } from './sample';

function curve(id: string, label: string, f: (x: number) => number, df: (x: number) => number): PlottedCurve {
  const x = linspace(-6, 6, 121);
  return { id, label, color: colorOfId(id), values: { x, f: x.map(f), df: x.map(df), d2f: x.map(() => 0) } };
}

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const sigmoid = curve('c1', 'Sigmoid', sig, (x) => sig(x) * (1 - sig(x)));
const relu = curve('c2', 'ReLU', (x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0));

describe('activation chart model', () => {
  it('one series per curve and shown derivative: f solid, f′ dashed, f″ dotted, in the curve colour', () => {
    const { model, keys } = buildActivationChart([sigmoid, relu], { ...DEFAULT_VIEW, show: { f: true, df: true, d2f: true } }, { x: 'x', y: 'y' });
    assert.deepEqual(model.series.map((s) => s.label), ['Sigmoid', 'Sigmoid′', 'Sigmoid″', 'ReLU', 'ReLU′', 'ReLU″']);
    assert.deepEqual(keys[4], { curveId: 'c2', order: 'df' });
    assert.deepEqual(model.series.map((s) => s.color), [0, 0, 0, 1, 1, 1]);
    assert.equal(model.series[0].dash, undefined);
    assert.ok(model.series[1].dash && model.series[2].dash && model.series[1].dash[0] > model.series[2].dash[0]);
    assert.deepEqual(model.xRange, [DEFAULT_VIEW.xMin, DEFAULT_VIEW.xMax]);
  });

  it('follows the toggles', () => {
    const { model } = buildActivationChart([sigmoid], { ...DEFAULT_VIEW, show: { f: false, df: true, d2f: false } }, { x: 'x', y: 'y' });
    assert.deepEqual(model.series.map((s) => s.label), ['Sigmoid′']);
  });

  it("shades sigmoid's saturated tails and ReLU's dead half, lighter for saturation", () => {
    const { model } = buildActivationChart([sigmoid, relu], DEFAULT_VIEW, { x: 'x', y: 'y' });
    const bands = model.bands ?? [];
    const sigBands = bands.filter((b) => b.color === 0);
    assert.equal(sigBands.length, 2);
    assert.ok(sigBands[0].x0 === -6 && sigBands[0].x1 < -4.5 && sigBands[1].x0 > 4.5 && sigBands[1].x1 === 6);
    const reluBands = bands.filter((b) => b.color === 1);
    assert.equal(reluBands.length, 1);
    assert.ok(reluBands[0].x0 === -6 && Math.abs(reluBands[0].x1) < 0.1);
    assert.ok(reluBands[0].opacity > sigBands[0].opacity);
    assert.equal(buildActivationChart([sigmoid], { ...DEFAULT_VIEW, shade: false }, { x: 'x', y: 'y' }).model.bands?.length, 0);
  });

  it('draws the derivative bound: the known supremum when given (sigmoid′ ≤ 0.25), else the grid maximum', () => {
    const { model } = buildActivationChart([{ ...sigmoid, maxAbsDf: 0.25 }, relu], DEFAULT_VIEW, { x: 'x', y: 'y' });
    assert.deepEqual(model.rules?.map((r) => [r.value, r.label]), [[0.25, 'Sigmoid′ ≤ 0.25'], [1, 'ReLU′ ≤ 1']]);
    const hidden = buildActivationChart([sigmoid], { ...DEFAULT_VIEW, show: { f: true, df: false, d2f: false } }, { x: 'x', y: 'y' });
    assert.equal(hidden.model.rules?.length, 0, 'no f′ bound without f′ on the chart');
  });

  it('curves with the same bound share one line and label', () => {
    const tanh = curve('c3', 'Tanh', Math.tanh, (x) => 1 - Math.tanh(x) ** 2);
    const { model } = buildActivationChart([{ ...tanh, maxAbsDf: 1 }, relu], DEFAULT_VIEW, { x: 'x', y: 'y' });
    assert.deepEqual(model.rules?.map((r) => [r.value, r.label, r.color]), [[1, 'Tanh′, ReLU′ ≤ 1', 'foreground']]);
  });

  it('labels a bound |f′| when f′ changes sign', () => {
    const wiggle = curve('c3', 'sin', Math.sin, Math.cos);
    const { model } = buildActivationChart([wiggle], DEFAULT_VIEW, { x: 'x', y: 'y' });
    assert.match(model.rules![0].label!, /^\|sin′\| ≤ 1$/);
  });

  it('keeps colours tied to curve ids', () => {
    assert.deepEqual(['c1', 'c2', 'c10'].map(colorOfId), [0, 1, 9]);
  });
});

describe('activation chart model draws any numbers', () => {
  it(`curves with huge, tiny, zero and non-finite values (${PROPERTY_RUNS} random plots)`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(anyValue, { maxLength: 100 }), fc.integer({ min: 1, max: 6 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 1e6, noNaN: true }),
        (n, values, count, xMin, width) => {
          const v = (i: number, k: number) => (values.length ? values[(i * 13 + k) % values.length] : NaN);
          const x = linspace(xMin, xMin + width, n);
          const curves: PlottedCurve[] = Array.from({ length: count }, (_, c) => ({
            id: `c${c + 1}`, label: `curve ${c + 1}`, color: c,
            values: { x, f: x.map((_, i) => v(i, 3 * c)), df: x.map((_, i) => v(i, 3 * c + 1)), d2f: x.map((_, i) => v(i, 3 * c + 2)) },
          }));
          const view = { ...DEFAULT_VIEW, xMin, xMax: xMin + width, show: { f: true, df: true, d2f: true }, shade: true, bounds: true };
          assertDrawable(buildActivationChart(curves, view, { x: 'x', y: 'y' }).model);
        }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
