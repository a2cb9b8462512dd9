import { strict as assert } from 'node:assert';
import { analyzeDepth } from './analysis';
import { resolveDepthActivation } from './activation';
import { backward, buildDepthNetwork, forward, networkParameters } from './network';
import { checkDepthSettings } from './analysis';
import type { DepthSettings } from './settings';

const exploding: Partial<DepthSettings> = { activation: 'tanh', init: 'xavier_normal', gain: 2, depth: 12, width: 32, batchSize: 16, seed: 3 };

/** The unclipped gradients of the same network, recomputed independently of the clipping code. */
function rawGradients(settings: Partial<DepthSettings>): Float64Array[] {
  const s = checkDepthSettings(settings);
  const net = buildDepthNetwork(s, resolveDepthActivation(s));
  return backward(net, forward(net)).dParams.map((g) => Float64Array.from(g.data));
}

const norm = (arrays: Float64Array[]) => Math.sqrt(arrays.reduce((s, a) => s + a.reduce((t, v) => t + v * v, 0), 0));

describe('depth: clipping analysis', () => {
  it('norm clipping scales everything by max_norm / (total + 1e-6) and keeps the direction', () => {
    const raw = rawGradients(exploding);
    const total = norm(raw);
    const maxNorm = total / 10;
    const c = analyzeDepth({ ...exploding, clip: 'norm', clipNorm: maxNorm }).clipping!;
    assert.equal(c.mode, 'norm');
    assert.ok(Math.abs(c.totalNormBefore - total) <= 1e-12 * total);
    const coef = maxNorm / (total + 1e-6);
    assert.ok(Math.abs(c.coefficient! - coef) <= 1e-14, `coefficient ${c.coefficient} vs ${coef}`);
    assert.ok(Math.abs(c.totalNormAfter - total * coef) <= 1e-9 * total);
    assert.ok(c.totalNormAfter < maxNorm, 'PyTorch leaves the norm just below max_norm');
    assert.ok(Math.abs(c.angle) < 1e-7, `angle ${c.angle}`);
    for (const l of c.layers) assert.ok(Math.abs(l.after - l.before * coef) <= 1e-12 * l.before + 1e-300);
    assert.equal(c.layers.length, 13, 'every hidden layer and the readout');
  });

  it('norm clipping above the total norm changes nothing', () => {
    const c = analyzeDepth({ ...exploding, clip: 'norm', clipNorm: 1e9 }).clipping!;
    assert.equal(c.coefficient, 1);
    assert.equal(c.fractionClipped, 0);
    assert.equal(c.angle, 0);
  });

  it('value clipping clamps exactly the coordinates above M, and turns the gradient', () => {
    const raw = rawGradients(exploding);
    const all = raw.flatMap((a) => Array.from(a)).map(Math.abs).sort((a, b) => a - b);
    const M = all[Math.floor(all.length * 0.8)]; // about a fifth of the coordinates exceed M
    const expectedFraction = all.filter((v) => v > M).length / all.length;
    const c = analyzeDepth({ ...exploding, clip: 'value', clipValue: M }).clipping!;
    assert.equal(c.coefficient, null);
    assert.ok(Math.abs(c.fractionClipped - expectedFraction) < 1e-15, `${c.fractionClipped} vs ${expectedFraction}`);
    const clipped = raw.map((a) => a.map((v) => Math.max(-M, Math.min(M, v))));
    assert.ok(Math.abs(c.totalNormAfter - norm(clipped)) <= 1e-12 * norm(clipped));
    const dot = raw.reduce((s, a, t) => s + a.reduce((u, v, i) => u + v * clipped[t][i], 0), 0);
    const angle = Math.acos(Math.min(1, dot / (norm(raw) * norm(clipped))));
    assert.ok(angle > 0.01 && Math.abs(c.angle - angle) < 1e-6, `angle ${c.angle} vs ${angle}`);
    for (const l of c.layers) assert.ok(l.after <= l.before + 1e-15);
  });

  it('no clipping: no clipping analysis', () => {
    assert.equal(analyzeDepth({ ...exploding, clip: 'none' }).clipping, null);
  });

  it('clipping does not change the measured gradients it is compared with', () => {
    const plain = analyzeDepth({ ...exploding, clip: 'none' });
    const clipped = analyzeDepth({ ...exploding, clip: 'value', clipValue: 1e-4 });
    assert.deepEqual(clipped.layers.map((l) => l.weightGradNorm), plain.layers.map((l) => l.weightGradNorm));
  });

  it('changing only the clipping reuses the gradients and gives the numbers of a fresh analysis', () => {
    const settings = { ...exploding, clip: 'value', clipValue: 0.05 } as const;
    const reused = (analyzeDepth({ ...exploding, clip: 'norm', clipNorm: 1 }), analyzeDepth(settings));
    const fresh = (analyzeDepth({ ...exploding, seed: 99 }), analyzeDepth(settings));
    assert.deepEqual(reused, fresh);
    assert.equal(reused.settings.clip, 'value');
  });

  it('every parameter is clipped, as model.parameters() would be', () => {
    const s = checkDepthSettings({ ...exploding, batchNorm: true });
    const net = buildDepthNetwork(s, resolveDepthActivation(s));
    assert.equal(networkParameters(net).length, 12 * 4 + 2, 'weight, bias, gamma, beta per layer, and the readout');
  });
});
