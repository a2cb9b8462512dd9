import { strict as assert } from 'node:assert';
import { analyzeDepth } from './analysis';
import { toDepthReport } from './report';

describe('depth: overflow', () => {
  // A linear network with sigma_w = 10: activations grow tenfold per layer and pass 1e308 near layer 300;
  // sigma_w = 40 (std 5 at width 64) gets there after about 190 layers.
  const huge = { activation: 'identity', init: 'normal', weightStd: 5, width: 64, batchSize: 8, depth: 200, seed: 1 } as const;

  it('reports the layer where values stop being finite and keeps the finite part', () => {
    const a = analyzeDepth(huge);
    const k = a.overflow.forwardLayer;
    assert.ok(k !== null && k > 150 && k < 200, `forward overflow at ${k}`);
    // Before layer k every forward value is finite, from k on they are not.
    for (const f of a.forward.slice(0, k! - 1)) assert.ok(Number.isFinite(f.std), `layer ${f.index} std ${f.std}`);
    assert.ok(!Number.isFinite(a.forward[k! - 1].std));
    assert.equal(a.overflow.lossFinite, false);
    // The theory (anchored at the last finite layer) still has numbers to draw.
    assert.ok(a.theory.layers.some((l) => Number.isFinite(l.gradNorm)));
  });

  it('the JSON report writes non-finite values as null and names the layer', () => {
    const r = toDepthReport(analyzeDepth(huge));
    assert.ok(r.overflow && r.overflow.forward_layer !== null);
    const text = JSON.stringify(r);
    assert.ok(!/NaN|Infinity/.test(text));
    assert.ok(r.layers.some((l) => l.grad_norm === null));
  });

  it('the backward pass of an overflowed network is non-finite from the output down', () => {
    const a = analyzeDepth(huge);
    assert.equal(a.overflow.backwardLayer, 200);
    assert.ok(a.layers.every((l) => !Number.isFinite(l.gradNorm)));
  });

  it('saturation is not overflow: a bounded activation with huge weights has zero, finite gradients', () => {
    const a = analyzeDepth({ activation: 'tanh', init: 'normal', weightStd: 100, gain: 10, width: 32, batchSize: 4, depth: 50 });
    assert.deepEqual(a.overflow, { forwardLayer: null, backwardLayer: null, lossFinite: true });
    assert.ok(a.forward.every((f) => f.saturatedFraction > 0.99));
  });

  it('a huge network at the limits still finishes', () => {
    const a = analyzeDepth({ activation: 'relu', init: 'he', gain: 5, depth: 200, width: 16, batchSize: 4 });
    assert.equal(a.layers.length, 200);
  });
});
