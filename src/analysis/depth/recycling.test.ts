import { strict as assert } from 'node:assert';
import { takeBuffer } from '../../engine/kernels/bufferPool';
import { analyzeDepth } from './analysis';
import { clippingTrainingSteps } from './training';
import type { DepthSettings } from './settings';

/**
 * analyzeDepth gives the arrays of each replaced pass back to the engine's pool, and the next passes take them:
 * a wrong release (an array still held, or given twice) would overwrite a kept layer and change a later result.
 */
describe('depth analysis: recycled arrays never change a result', () => {
  const base: Partial<DepthSettings> = { depth: 12, width: 16, batchSize: 16, activation: 'tanh', init: 'xavier_normal', seed: 3 };
  // A slider session: depth steps (which keep the shared layers), seeds, a clip drag, residuals, batch norm.
  const session: Partial<DepthSettings>[] = [
    base, { ...base, depth: 11 }, { ...base, depth: 14 }, { ...base, seed: 4 }, { ...base, seed: 4, depth: 9 },
    { ...base, seed: 4, depth: 9, clip: 'norm', clipNorm: 0.5 }, { ...base, residual: true }, { ...base, residual: true, depth: 13 },
    { ...base, batchNorm: true, activation: 'sigmoid' }, { ...base, batchNorm: true, activation: 'sigmoid', depth: 10 },
    // identity returns its input, so a layer's h and x are one tensor and so are their gradients
    { ...base, activation: 'identity' }, { ...base, activation: 'identity', depth: 13 }, base,
  ];
  /** The analysis of `s` with nothing to reuse: an unrelated width first, so no layer of an earlier pass is kept. */
  const fresh = (s: Partial<DepthSettings>) => {
    analyzeDepth({ ...base, width: 7, depth: 3 });
    return analyzeDepth(s);
  };

  it('each analysis of a session equals the same settings analysed from scratch, bit for bit', () => {
    const inSession = session.map((s) => analyzeDepth(s));
    session.forEach((s, i) => assert.deepEqual(inSession[i], fresh(s), `step ${i}: ${JSON.stringify(s)}`));
  });

  it('the clipping training comparison gives the same curves when other code takes and scribbles on the arrays it gives back', () => {
    const settings = { ...base, depth: 6, clip: 'norm', clipNorm: 0.5 } as DepthSettings;
    const run = (scribble: boolean) => {
      const steps = clippingTrainingSteps(settings, { learningRate: 0.05, steps: 20 });
      for (let r = steps.next(); ; r = steps.next()) {
        if (r.done) return r.value;
        // Between reports: the arrays the runs gave back are taken, overwritten and never returned.
        if (scribble) for (const length of [256, 16, 1]) for (let i = 0; i < 64; i++) takeBuffer(length).fill(NaN);
      }
    };
    const plain = run(false);
    assert.ok(plain.unclipped.losses.every(Number.isFinite));
    assert.deepEqual(run(true), plain);
  });
});
