/**
 * The float32 preview stands in for the float64 analysis while a control is dragged: its per-layer log10
 * gradient norms must be within 0.01 of float64's (2.3 %), including a sigmoid network at depth 200 whose
 * gradients (~1e-120 at the input) lie far below float32's range — the normalized backward pass must carry them.
 */
import { strict as assert } from 'node:assert';
import { F32_ACTIVATION_KINDS, f32Kernels } from '../../engine';
import { analyzeDepth } from './analysis';
import { previewDepth, previewUnavailable } from './preview';
import { normalizeDepthSettings, type DepthSettings } from './settings';

const LOG10_TOLERANCE = 0.01;

const CASES: ReadonlyArray<{ readonly label: string; readonly settings: Partial<DepthSettings> }> = [
  { label: 'sigmoid, xavier, depth 200', settings: { activation: 'sigmoid', init: 'xavier_normal', depth: 200, width: 64, batchSize: 64 } },
  { label: 'sigmoid, xavier, depth 100', settings: { activation: 'sigmoid', init: 'xavier_normal', depth: 100, width: 64, batchSize: 64, seed: 3 } },
  { label: 'tanh, xavier, depth 100', settings: { activation: 'tanh', init: 'xavier_normal', depth: 100, width: 64, batchSize: 64 } },
  { label: 'tanh, normal std 0.3 (chaotic), depth 60', settings: { activation: 'tanh', init: 'normal', weightStd: 0.3, depth: 60, width: 48, batchSize: 16 } },
  { label: 'relu, he, depth 150, biases', settings: { activation: 'relu', init: 'kaiming_normal', depth: 150, width: 32, batchSize: 24, biasStd: 0.1 } },
  { label: 'relu, xavier (vanishing), depth 120', settings: { activation: 'relu', init: 'xavier_normal', depth: 120, width: 64, batchSize: 8 } },
  { label: 'identity, xavier gain 1.1, depth 80', settings: { activation: 'identity', init: 'xavier_normal', gain: 1.1, depth: 80, width: 20, batchSize: 10 } },
  { label: 'tanh, residual, gain 0.5, depth 100', settings: { activation: 'tanh', init: 'xavier_normal', gain: 0.5, residual: true, depth: 100, width: 64, batchSize: 32 } },
  { label: 'sigmoid, odd sizes (width 13, batch 7), depth 40', settings: { activation: 'sigmoid', init: 'xavier_uniform', depth: 40, width: 13, batchSize: 7 } },
];

const log10 = (x: number) => Math.log10(x);

describe('depth explorer float32 preview', () => {
  before(function () {
    if (f32Kernels() === null) this.skip(); // every Node the project supports has WebAssembly SIMD
  });

  for (const { label, settings } of CASES) {
    it(`${label}: per-layer log10 gradient norms within ${LOG10_TOLERANCE} of float64`, () => {
      const exact = analyzeDepth(settings);
      const preview = previewDepth(settings);
      assert.ok(preview !== null, 'a preview is made for these settings');
      assert.equal(preview.layers.length, exact.layers.length);
      let worst = 0;
      exact.layers.forEach((e, l) => {
        const p = preview.layers[l];
        for (const key of ['gradNorm', 'weightGradNorm', 'biasGradNorm'] as const) {
          const diff = Math.abs(log10(p[key]) - log10(e[key]));
          worst = Math.max(worst, diff);
          assert.ok(diff <= LOG10_TOLERANCE, `layer ${l + 1} ${key}: float32 ${p[key]} vs float64 ${e[key]} (log10 off by ${diff})`);
        }
        assert.ok(Math.abs(p.activationFactor - e.activationFactor) <= 0.01 * e.activationFactor, `layer ${l + 1} activation factor`);
        assert.ok(Math.abs(p.meanAbsDphi - e.meanAbsDphi) <= 1e-4 * Math.max(1, e.meanAbsDphi), `layer ${l + 1} mean |phi'|`);
        assert.ok(Math.abs(preview.forward[l].std - exact.forward[l].std) <= 1e-3 * Math.max(1, exact.forward[l].std), `layer ${l + 1} forward std`);
        assert.ok(Math.abs(preview.forward[l].mean - exact.forward[l].mean) <= 1e-3 * Math.max(1, exact.forward[l].std), `layer ${l + 1} forward mean`);
        assert.ok(Math.abs(p.weightFactor - e.weightFactor) <= 0.01 * e.weightFactor, `layer ${l + 1} weight factor`);
        // Float32 rounding can move a value across a saturation threshold or a bin edge, but only a few (deep
        // sigmoid layers crowd into a narrow range, where the bins are narrow too: up to ~3 % move there).
        const values = exact.forward[l].histogram.counts.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(preview.forward[l].saturatedFraction - exact.forward[l].saturatedFraction) <= 0.005, `layer ${l + 1} saturated fraction`);
        assert.equal(preview.forward[l].histogram.counts.reduce((a, b) => a + b, 0), values, `layer ${l + 1} histogram total`);
        const moved = preview.forward[l].histogram.counts.reduce((a, c, i) => a + Math.abs(c - exact.forward[l].histogram.counts[i]), 0);
        assert.ok(moved <= 0.05 * values, `layer ${l + 1} histogram: ${moved} of ${values} counts in another bin`);
      });
      // A chaotic network amplifies float32 rounding layer by layer: its single output (the loss) moves by
      // ~0.2 % at depth 60 with fused multiply-adds, while norms, which average over the layer, stay put.
      assert.ok(Math.abs(preview.loss - exact.loss) <= 1e-2 * Math.max(1, exact.loss), `loss ${preview.loss} vs ${exact.loss}`);
      assert.equal(preview.theory.regime, exact.theory.regime);
      assert.equal(preview.theory.chiFixedPoint, exact.theory.chiFixedPoint);
      assert.ok(worst <= LOG10_TOLERANCE);
    });
  }

  it('carries gradients float32 cannot hold: sigmoid at depth 200 reaches far below 1e-45 and stays non-zero', () => {
    const preview = previewDepth(CASES[0].settings)!;
    const first = preview.layers[0].gradNorm;
    assert.ok(first > 0 && first < 1e-60, `first layer's gradient norm ${first}`);
  });

  it('gives the same numbers on a depth step (which keeps the shared layers) as computed afresh', () => {
    const base = { activation: 'tanh', init: 'xavier_normal', depth: 60, width: 32, batchSize: 16, seed: 5 };
    const fresh = (depth: number) => {
      previewDepth({ ...base, seed: 6 }); // another network: nothing of base's is kept
      return previewDepth({ ...base, depth });
    };
    const at60 = fresh(60), at80 = fresh(80), at45 = fresh(45);
    previewDepth({ ...base, seed: 6 });
    for (const [depth, expected] of [[60, at60], [80, at80], [60, at60], [45, at45], [80, at80]] as const) {
      assert.deepEqual(previewDepth({ ...base, depth }), expected, `depth ${depth} after a depth step`);
    }
  });

  it('is not made where it cannot stand in for float64 (batch norm, clipping, an activation without a float32 kernel)', () => {
    const base = normalizeDepthSettings({ depth: 10 }).settings;
    assert.equal(previewUnavailable(base), null);
    assert.equal(previewUnavailable({ ...base, batchNorm: true }), 'batch norm');
    assert.equal(previewUnavailable({ ...base, clip: 'norm' }), 'clipping');
    assert.equal(previewUnavailable({ ...base, activation: 'gelu' }), 'no float32 kernel for the activation');
    assert.equal(previewDepth({ depth: 10, activation: 'gelu' }), null);
    assert.deepEqual(Object.keys(F32_ACTIVATION_KINDS).sort(), ['identity', 'relu', 'sigmoid', 'tanh']);
  });
});
