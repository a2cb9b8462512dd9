import { strict as assert } from 'node:assert';
import { analyzeDepth } from '../../analysis/depth/analysis';
import fc from 'fast-check';
import { DEFAULT_DEPTH_SETTINGS, type DepthSettings } from '../../analysis/depth/settings';
import { depthVerdict, factorText, sentenceText } from '../../analysis/depth/verdict';
import { ELEMENTWISE_ACTIVATION_NAMES, INITIALIZERS } from '../../engine';
import type { DepthAnalysis, DepthSweep } from '../../analysis/depth/types';
import { PROPERTY_RUNS, anyValue, assertDrawable, lengths, normValue } from '../../charts/chartTesting';
import { clipBands, clippingChart, decadeRange, forwardChart, gradientChart, sweepChart, trainingChart, whyChart } from './chartModels';

describe('depth chart models', () => {
  it('shades runs of consecutive clipped steps as single bands', () => {
    assert.deepEqual(clipBands([]), []);
    assert.deepEqual(clipBands([0, 1, 2, 5, 7, 8]).map((b) => [b.x0, b.x1]), [[0.5, 3.5], [5.5, 6.5], [7.5, 9.5]]);
  });

  it('log axes get whole decades, never 0 or Infinity', () => {
    assert.deepEqual(decadeRange([[0.1, 0.29]]), [0.1, 1]);
    assert.deepEqual(decadeRange([[0.15, 0.29]]), [0.1, 1], 'a range inside one decade still gets one');
    assert.deepEqual(decadeRange([[3e-7, NaN, 2e4]]), [1e-7, 1e5]);
    const tiny = decadeRange([[5e-324, 2e-10]])!;
    assert.ok(tiny[0] > 0 && tiny[0] <= 2e-10);
    assert.equal(decadeRange([[NaN, 0, -1]]), undefined);
    const huge = decadeRange([[1, 1.7e308]])!;
    assert.ok(Number.isFinite(huge[1]));
  });

  it('draws the measured norms, the theory and, for sigmoid only, the 1/4 bound', () => {
    const sigmoid = gradientChart(analyzeDepth({ activation: 'sigmoid', depth: 5, width: 8, batchSize: 4 }));
    assert.equal(sigmoid.series.length, 4);
    assert.deepEqual(Array.from(sigmoid.x), [1, 2, 3, 4, 5]);
    assert.ok(sigmoid.yAxis?.log && sigmoid.yRange && sigmoid.yRange[0] > 0);
    const tanh = gradientChart(analyzeDepth({ activation: 'tanh', depth: 5, width: 8, batchSize: 4 }));
    assert.equal(tanh.series.length, 3);
  });

  it('marks where an overflowed network stopped being finite', () => {
    const a = analyzeDepth({ activation: 'identity', init: 'normal', weightStd: 5, depth: 200, width: 64, batchSize: 4 });
    const model = gradientChart(a);
    assert.ok(model.rules?.some((r) => r.axis === 'x' && r.value === a.overflow.forwardLayer));
    assert.ok(whyChart(a).rules?.some((r) => r.axis === 'x'));
  });

  it('a training curve marks the step it diverged at', () => {
    const model = trainingChart({ losses: [1, 2, NaN], gradNorms: [1, 10, NaN], clipEvents: [], divergedAt: 2 }, 'run', 10);
    assert.ok(model.rules?.some((r) => r.axis === 'x' && r.value === 3));
    assert.deepEqual(model.xRange, [1, 10]);
  });
});

describe('depth chart models draw any numbers', () => {
  /** An analysis whose every number is drawn from `values` (cycled), with n layers. */
  function synthetic(n: number, values: readonly number[], overflowAt: number | null, clip: 'value' | 'norm' | null): DepthAnalysis {
    const v = (i: number, k: number) => (values.length ? values[(i * 7 + k) % values.length] : NaN);
    const idx = Array.from({ length: n }, (_, i) => i);
    return {
      settings: DEFAULT_DEPTH_SETTINGS,
      loss: v(0, 12),
      readoutWeightGradNorm: v(0, 13),
      layers: idx.map((i) => ({
        index: i + 1, gradNorm: v(i, 0), weightGradNorm: v(i, 1), biasGradNorm: v(i, 2), meanAbsDphi: v(i, 3),
        activationFactor: v(i, 4), weightFactor: v(i, 5), weightScale: v(i, 6),
      })),
      forward: idx.map((i) => ({
        index: i + 1, mean: v(i, 7), std: v(i, 8), preStd: v(i, 9), saturatedFraction: v(i, 10),
        histogram: { min: v(i, 11), max: v(i, 12), counts: [1, 2, 3], nonFinite: 0 },
      })),
      theory: {
        variant: 'plain', sigmaW: 1, sigmaB: 0, q0: 1, qFixedPoint: v(0, 14), chiFixedPoint: v(0, 15), depthScale: v(0, 16),
        regime: 'ordered', effectiveChi: v(0, 17),
        layers: idx.map((i) => ({ index: i + 1, q: v(i, 18), chi: v(i, 19), gradNorm: v(i, 20), bound: i % 3 === 0 ? null : v(i, 21) })),
      },
      clipping: clip && {
        mode: clip, threshold: Math.abs(v(0, 22)), totalNormBefore: v(0, 23), totalNormAfter: v(0, 24), coefficient: clip === 'norm' ? v(0, 25) : null,
        fractionClipped: v(0, 26), angle: v(0, 27),
        layers: [...idx, n].map((i) => ({ index: i + 1, before: v(i, 28), after: v(i, 29) })),
      },
      overflow: { forwardLayer: overflowAt, backwardLayer: null, lossFinite: overflowAt === null },
    };
  }

  it(`gradient, why, forward and clipping charts (${PROPERTY_RUNS} random analyses, 0 to 1,000 layers)`, () => {
    fc.assert(
      fc.property(lengths, fc.array(anyValue, { maxLength: 120 }), fc.option(fc.integer({ min: 1, max: 1000 })), fc.constantFrom('value' as const, 'norm' as const, null),
        (n, values, overflowAt, clip) => {
          const a = synthetic(n, values, overflowAt, clip);
          for (const model of [gradientChart(a), whyChart(a), forwardChart(a), clippingChart(a)]) if (model) assertDrawable(model);
        }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it(`sweep and training charts (${PROPERTY_RUNS} random runs)`, () => {
    fc.assert(
      fc.property(lengths, fc.array(normValue, { maxLength: 120 }), fc.option(fc.nat(1000)), fc.integer({ min: 1, max: 1000 }), (n, values, diverged, steps) => {
        const v = (i: number, k: number) => (values.length ? values[(i * 5 + k) % values.length] : NaN);
        const idx = Array.from({ length: n }, (_, i) => i);
        const sweep: DepthSweep = {
          settings: DEFAULT_DEPTH_SETTINGS, seeds: 1,
          series: [0, 1].map((s) => ({
            activation: `a${s}`, depths: idx.map((i) => 2 * i + 1), firstLayerGradNorm: idx.map((i) => v(i, s)),
            theoryFirstLayerGradNorm: idx.map((i) => v(i, s + 2)), fittedRate: v(0, 4), theoryRate: v(0, 5),
          })),
        };
        assertDrawable(sweepChart(sweep));
        const curve = { losses: idx.map((i) => v(i, 0)), gradNorms: idx.map((i) => v(i, 1)), clipEvents: idx.filter((i) => i % 3 === 0), divergedAt: diverged !== null && diverged < n ? diverged : null };
        assertDrawable(trainingChart(curve, 'run', steps));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe('depth chart models for real analyses', function () {
  this.timeout(300_000);

  it('every registry activation × every initializer at depths 1, 34 and 200 draws, and its verdict has finite words', () => {
    let count = 0;
    for (const activation of ELEMENTWISE_ACTIVATION_NAMES) {
      for (const init of Object.keys(INITIALIZERS)) {
        for (const depth of [1, 34, 200]) {
          const a = analyzeDepth({ activation, init: init as DepthSettings['init'], depth, width: 8, batchSize: 4, seed: 1 });
          for (const model of [gradientChart(a), whyChart(a), forwardChart(a)]) assertDrawable(model);
          const v = depthVerdict(a);
          const lead = sentenceText(v.lead);
          assert.doesNotMatch(lead, /\{\d\}|undefined/, `${activation}/${init}/${depth}: ${lead}`);
          if (v.behaviour !== 'overflow' && v.behaviour !== 'underflow') assert.ok(lead.includes(factorText(v.reach)), lead);
          count++;
        }
      }
    }
    assert.ok(count >= 3 * 10 * 3, `${count} analyses`);
  });
});
