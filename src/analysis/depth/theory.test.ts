import { strict as assert } from 'node:assert';
import { resolveDepthActivation } from './activation';
import { DEFAULT_DEPTH_SETTINGS, type DepthSettings } from './settings';
import { batchNormFiniteBatchFactor, depthTheory } from './theory';
import { sigmaW } from './network';

function theoryFor(patch: Partial<DepthSettings>, measured?: number[]) {
  const settings: DepthSettings = { ...DEFAULT_DEPTH_SETTINGS, ...patch };
  return depthTheory({
    settings,
    activation: resolveDepthActivation(settings),
    sigmaW: sigmaW(settings),
    measured: measured ?? Array.from({ length: settings.depth }, () => 1),
  });
}

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('depth theory', () => {
  it('ReLU with He initialization is critical: chi = sigma_w²/2 = 1 at every layer', () => {
    const t = theoryFor({ activation: 'relu', init: 'he', depth: 12 });
    close(t.sigmaW, Math.SQRT2, 1e-12, 'sigma_w');
    for (const l of t.layers) close(l.chi, 1, 1e-9, `chi^${l.index}`);
    assert.equal(t.regime, 'critical');
    assert.ok(Math.abs(t.depthScale) > 1e6, `depth scale ${t.depthScale} should be effectively infinite`);
  });

  it('ReLU chi is sigma_w²/2 for any gain, so gain < 1 vanishes and gain > 1 explodes', () => {
    for (const gain of [0.5, 1.3]) {
      const t = theoryFor({ activation: 'relu', init: 'kaiming_normal', gain, depth: 5 });
      for (const l of t.layers) close(l.chi, gain * gain, 1e-9, `chi at gain ${gain}`);
      assert.equal(t.regime, gain < 1 ? 'ordered' : 'chaotic');
      close(t.depthScale, -1 / Math.log(gain * gain), 1e-9, 'depth scale');
    }
  });

  it('a linear network has chi = sigma_w², whatever the variance', () => {
    const t = theoryFor({ activation: 'identity', init: 'normal', weightStd: 0.15, width: 64, depth: 8 });
    const w2 = (0.15 * 8) ** 2;
    for (const l of t.layers) close(l.chi, w2, 1e-9, `chi^${l.index}`);
    close(t.chiFixedPoint, w2, 1e-9, 'chi*');
  });

  it('is anchored at the last measured layer and multiplies by sqrt(chi) going down', () => {
    const measured = [5, 4, 3, 2, 0.7];
    const t = theoryFor({ activation: 'tanh', depth: 5 }, measured);
    assert.equal(t.layers[4].gradNorm, 0.7);
    for (let l = 3; l >= 0; l--) close(t.layers[l].gradNorm, t.layers[l + 1].gradNorm * Math.sqrt(t.layers[l].chi), 1e-12, `layer ${l + 1}`);
  });

  it('anchors at the last finite layer when the network overflowed', () => {
    const measured = [2, 1, NaN, Infinity];
    const t = theoryFor({ activation: 'identity', depth: 4 }, measured);
    assert.equal(t.layers[1].gradNorm, 1);
    assert.ok(Number.isFinite(t.layers[0].gradNorm));
  });

  it("draws sigmoid's 1/4 bound only for plain sigmoid networks, above the theory", () => {
    const t = theoryFor({ activation: 'sigmoid', depth: 10 }, Array(10).fill(1));
    const perLayer = t.sigmaW / 4;
    for (const l of t.layers) {
      close(l.bound!, perLayer ** (9 - (l.index - 1)), 1e-9, `bound at ${l.index}`);
      assert.ok(l.bound! >= l.gradNorm * (1 - 1e-12), 'the bound is an upper bound');
    }
    assert.equal(theoryFor({ activation: 'tanh', depth: 3 }).layers[0].bound, null);
    assert.equal(theoryFor({ activation: 'sigmoid', depth: 3, batchNorm: true }).layers[0].bound, null);
  });

  it('batch norm: a linear network has chi = 1 in the large-batch limit, times (B - 2)/(B - 3) at batch size B', () => {
    for (const batchSize of [8, 64]) {
      const t = theoryFor({ activation: 'identity', init: 'xavier_normal', gain: 3, depth: 6, batchNorm: true, batchSize });
      assert.equal(t.variant, 'batchnorm');
      for (const l of t.layers) close(l.chi, (batchSize - 2) / (batchSize - 3), 1e-4, `B = ${batchSize}: chi^${l.index}`);
    }
  });

  it('batch norm with ReLU explodes at pi/(pi - 1) per layer in the large-batch limit (Yang et al. 2019), times the batch factor', () => {
    const t = theoryFor({ activation: 'relu', init: 'he', depth: 6, batchNorm: true, batchSize: 32 });
    const expected = (Math.PI / (Math.PI - 1)) * (30 / 29);
    for (const l of t.layers) close(l.chi, expected, 1e-4, `chi^${l.index}`);
    close(t.chiFixedPoint, expected, 1e-4, 'chi*');
    assert.equal(t.regime, 'chaotic');
  });

  it('the finite-batch factor is (B - 2)/(B - 3) from 4 samples on, tends to 1, and is 1 below 4', () => {
    assert.equal(batchNormFiniteBatchFactor(4), 2);
    assert.equal(batchNormFiniteBatchFactor(32), 30 / 29);
    assert.ok(Math.abs(batchNormFiniteBatchFactor(1e6) - 1) < 2e-6);
    for (const b of [1, 2, 3]) assert.equal(batchNormFiniteBatchFactor(b), 1);
  });

  it('residual connections: a linear network grows by 1 + sigma_w² per layer', () => {
    const t = theoryFor({ activation: 'identity', init: 'xavier_normal', gain: 0.5, depth: 6, residual: true });
    assert.equal(t.variant, 'residual');
    for (const l of t.layers) close(l.chi, 1.25, 1e-9, `chi^${l.index}`);
    assert.equal(t.qFixedPoint, null);
  });

  it('the same theory for every depth: a shallow network sees a prefix of a deep one', () => {
    const deep = theoryFor({ activation: 'tanh', depth: 40 });
    const shallow = theoryFor({ activation: 'tanh', depth: 7 });
    shallow.layers.forEach((l, i) => close(l.chi, deep.layers[i].chi, 1e-15, `chi^${i + 1}`));
    assert.equal(shallow.chiFixedPoint, deep.chiFixedPoint);
  });
});
