/**
 * Measured against theory. For width 256 and several activation/initialization pairs, the per-layer
 * log-slope of ||dL/dh|| measured by a real forward and backward pass (fitted across the layers,
 * averaged over seeds) must agree with the mean-field theory's within TOLERANCE.
 *
 * The slope is d ln||delta^l|| per layer going toward the input: 0 is critical, ln(1/2) means the
 * gradient halves per layer. TOLERANCE = 0.02 is 2 % per layer; at width 256 the seed-to-seed spread
 * of one fit is about 0.005-0.013, so four seeds average it down well below the tolerance, while a
 * theory error like a missing factor 1/2 in E[relu'²] (0.35 per layer) fails by far.
 */
import { strict as assert } from 'node:assert';
import { analyzeDepth } from './analysis';
import { fitLogSlope } from './fit';
import type { DepthSettings } from './settings';

const AGREEMENT_TOLERANCE = 0.02;
const SEEDS = [0, 1, 2, 3];
const SHAPE = { depth: 20, width: 256, batchSize: 32 } as const;

const AGREEMENT_CASES: ReadonlyArray<{ readonly label: string; readonly settings: Partial<DepthSettings> }> = [
  { label: 'tanh, xavier', settings: { activation: 'tanh', init: 'xavier_normal' } },
  { label: 'tanh, xavier gain 2 (chaotic)', settings: { activation: 'tanh', init: 'xavier_normal', gain: 2 } },
  { label: 'relu, he (critical)', settings: { activation: 'relu', init: 'kaiming_normal' } },
  { label: 'relu, xavier (ordered)', settings: { activation: 'relu', init: 'xavier_normal' } },
  { label: 'sigmoid, xavier', settings: { activation: 'sigmoid', init: 'xavier_normal' } },
  { label: 'selu, lecun', settings: { activation: 'selu', init: 'lecun_normal' } },
  { label: 'identity, xavier gain 1.1', settings: { activation: 'identity', init: 'xavier_normal', gain: 1.1 } },
  { label: 'sigmoid, xavier, batch norm', settings: { activation: 'sigmoid', init: 'xavier_normal', batchNorm: true } },
  // Small batches: batch norm's finite-batch factor (B - 2)/(B - 3) matters here (0.03-0.09 per layer).
  { label: 'relu, he, batch norm, batch 8', settings: { activation: 'relu', init: 'kaiming_normal', batchNorm: true, batchSize: 8 } },
  { label: 'sigmoid, xavier, batch norm, batch 16', settings: { activation: 'sigmoid', init: 'xavier_normal', batchNorm: true, batchSize: 16 } },
  { label: 'tanh, xavier gain 0.5, residual', settings: { activation: 'tanh', init: 'xavier_normal', gain: 0.5, residual: true } },
];

/** Mean over seeds of the backward per-layer log-slope, measured and predicted. */
function agreement(settings: Partial<DepthSettings>): { measured: number; theory: number } {
  let measured = 0, theory = 0;
  for (const seed of SEEDS) {
    const a = analyzeDepth({ ...SHAPE, ...settings, seed });
    const x = a.layers.map((l) => l.index);
    measured -= fitLogSlope(x, a.layers.map((l) => l.gradNorm)).slope / SEEDS.length;
    theory -= fitLogSlope(x, a.theory.layers.map((l) => l.gradNorm)).slope / SEEDS.length;
  }
  return { measured, theory };
}

describe('depth: measured per-layer gradient slope against mean-field theory (width 256)', function () {
  this.timeout(300_000);
  for (const c of AGREEMENT_CASES) {
    it(`${c.label}: |measured - theory| <= ${AGREEMENT_TOLERANCE} per layer`, () => {
      const { measured, theory } = agreement(c.settings);
      assert.ok(Number.isFinite(measured) && Number.isFinite(theory), `not finite: ${measured}, ${theory}`);
      assert.ok(
        Math.abs(measured - theory) <= AGREEMENT_TOLERANCE,
        `measured ${measured.toFixed(4)} vs theory ${theory.toFixed(4)} per layer (difference ${(measured - theory).toFixed(4)})`,
      );
    });
  }

  it('the comparison can fail: a wrong sigma_w (theory for He, network with Xavier) is caught', () => {
    const right = agreement({ activation: 'relu', init: 'kaiming_normal' });
    const wrong = agreement({ activation: 'relu', init: 'xavier_normal' });
    assert.ok(Math.abs(wrong.measured - right.theory) > 10 * AGREEMENT_TOLERANCE);
  });
});
