import { strict as assert } from 'node:assert';
import { depthSweepSteps, sweepDepths } from './sweep';
import { DEFAULT_DEPTH_SETTINGS, type DepthSettings } from './settings';
import type { SweepProgress } from './sweep';

function runSweep(patch: Partial<DepthSettings>, activations: string[], seeds: number): { final: SweepProgress; yields: number } {
  const steps = depthSweepSteps({ ...DEFAULT_DEPTH_SETTINGS, ...patch }, activations, seeds);
  let yields = 0;
  for (;;) {
    const next = steps.next();
    if (next.done) return { final: next.value, yields };
    yields++;
    assert.ok(next.value.progress > 0 && next.value.progress <= 1);
  }
}

describe('depth sweep', function () {
  this.timeout(120_000);

  it('spaces depths evenly from 1 to the maximum, without repeats', () => {
    assert.deepEqual(sweepDepths(1), [1]);
    assert.deepEqual(sweepDepths(3), [1, 2, 3]);
    const d = sweepDepths(200);
    assert.equal(d[0], 1);
    assert.equal(d[d.length - 1], 200);
    assert.equal(new Set(d).size, d.length);
    assert.ok(d.length <= 12);
  });

  it('fits per-layer factors that match the theory: vanishing relu (Xavier) and critical relu (He)', () => {
    const { final, yields } = runSweep({ depth: 24, width: 128, batchSize: 32, init: 'xavier_normal' }, ['relu'], 2);
    const [xavier] = final.sweep.series;
    assert.equal(final.progress, 1);
    assert.ok(yields >= 12, 'progress is reported network by network');
    // E[relu'²] = 1/2 and sigma_w² = 1: sqrt(1/2) per layer.
    assert.ok(Math.abs(xavier.theoryRate - Math.SQRT1_2) < 0.01, `theory ${xavier.theoryRate}`);
    assert.ok(Math.abs(xavier.fittedRate - xavier.theoryRate) < 0.05, `measured ${xavier.fittedRate} vs ${xavier.theoryRate}`);
    const he = runSweep({ depth: 24, width: 128, batchSize: 32, init: 'kaiming_normal' }, ['relu'], 2).final.sweep.series[0];
    assert.ok(Math.abs(he.theoryRate - 1) < 1e-9, `he theory: ${he.theoryRate}`);
    assert.ok(Math.abs(he.fittedRate - 1) < 0.05, `he measured: ${he.fittedRate}`);
  });

  it('compares several activations on the same depths', () => {
    const { final } = runSweep({ depth: 8, width: 32, batchSize: 8 }, ['tanh', 'sigmoid', 'tanh'], 1);
    assert.deepEqual(final.sweep.series.map((s) => s.activation), ['tanh', 'sigmoid']);
    const [tanh, sigmoid] = final.sweep.series;
    assert.deepEqual(tanh.depths, sigmoid.depths);
    assert.ok(sigmoid.fittedRate < tanh.fittedRate, 'sigmoid vanishes faster than tanh');
  });

  it('can be stopped between networks (the worker cancels by not asking for more)', () => {
    const steps = depthSweepSteps({ ...DEFAULT_DEPTH_SETTINGS, depth: 50, width: 16, batchSize: 4 }, ['tanh'], 3);
    const first = steps.next();
    assert.equal(first.done, false);
    assert.ok(first.value.progress < 0.1);
    assert.ok(first.value.sweep.series[0].firstLayerGradNorm.some((v) => Number.isNaN(v)), 'later depths are not measured yet');
    steps.return(first.value);
  });
});
