/**
 * The mean-field theory against closed forms, with phi and phi' evaluated through the engine
 * (registry activations and custom expressions alike).
 */
import { strict as assert } from 'node:assert';
import { activationByName, activationFromExpression, type ResolvedActivation } from './activationFunction';
import {
  chiUpperBound, classifyRegime, depthScale, findFixedPoint, meanField, phiMoments, predictedGradNorms, varianceMap,
} from './meanField';

function resolve(nameOrExpression: string): ResolvedActivation {
  const a = activationByName(nameOrExpression);
  const r = 'error' in a ? activationFromExpression(nameOrExpression) : a;
  if ('error' in r) throw new Error(r.error);
  return r;
}

function close(actual: number, expected: number, rel: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300),
    `${what}: ${actual} vs ${expected}`);
}

// erf has closed-form Gaussian moments: E[erf(a z)²] = (2/π) asin(2a²/(1 + 2a²)) and, with
// erf'(x) = (2/√π) e^{-x²}, E[erf'(a z)²] = (4/π) / sqrt(1 + 4a²).
const erfPhi2 = (q: number) => (2 / Math.PI) * Math.asin((2 * q) / (1 + 2 * q));
const erfDphi2 = (q: number) => 4 / Math.PI / Math.sqrt(1 + 4 * q);

describe('mean-field theory', () => {
  it('ReLU: E[phi\'²] = 1/2 and E[phi²] = q/2 at every q, so chi = sigma_w²/2', () => {
    for (const act of [resolve('relu'), resolve('max(x, 0)'), resolve('where(x > 0, x, 0)')]) {
      for (const q of [1e-6, 0.3, 1, 7, 1e8]) {
        const m = phiMoments(act, q);
        close(m.dphi2, 0.5, 1e-14, `${act.label} E[phi'^2] at q=${q}`);
        close(m.phi2, q / 2, 1e-14, `${act.label} E[phi^2] at q=${q}`);
        close(m.absDphi, 0.5, 1e-14, `${act.label} E|phi'| at q=${q}`);
      }
      const r = meanField(act, { sigmaW: 1.3, sigmaB: 0.2, q0: 1, depth: 5 });
      r.layers.forEach((l) => close(l.chi, 1.69 / 2, 1e-14, `chi at layer ${l.index}`));
    }
  });

  it('ReLU variance map follows q^l = (sigma_w²/2) q^(l-1) + sigma_b² from q^1 = sigma_w² q0 + sigma_b²', () => {
    const r = meanField(resolve('relu'), { sigmaW: 1.2, sigmaB: 0.3, q0: 2, depth: 12 });
    let q = 1.44 * 2 + 0.09;
    for (const layer of r.layers) {
      close(layer.q, q, 1e-13, `q at layer ${layer.index}`);
      q = 0.72 * q + 0.09;
    }
    close(r.fixedPoint.q, 0.09 / (1 - 0.72), 1e-12, 'q*');
    assert.equal(r.fixedPoint.kind, 'finite');
    assert.equal(r.regime, 'ordered');
    close(r.depthScale, -1 / Math.log(0.72), 1e-13, 'depth scale');
  });

  it('He initialization (sigma_w² = 2) makes ReLU critical', () => {
    const r = meanField(resolve('relu'), { sigmaW: Math.SQRT2, sigmaB: 0, q0: 1, depth: 50 });
    close(r.chiFixedPoint, 1, 1e-14, 'chi*');
    assert.equal(r.regime, 'critical');
    r.layers.forEach((l) => close(l.q, 2, 1e-13, 'q stays at sigma_w² q0'));
    const large = meanField(resolve('relu'), { sigmaW: 2, sigmaB: 0, q0: 1, depth: 3 });
    assert.equal(large.fixedPoint.kind, 'divergent');
    assert.equal(large.fixedPoint.q, Infinity);
    close(large.chiFixedPoint, 2, 1e-14, 'chi* of an exploding relu net');
    assert.equal(large.regime, 'chaotic');
  });

  it('linear: chi = sigma_w² and q* = sigma_b² / (1 - sigma_w²)', () => {
    for (const act of [resolve('identity'), resolve('x')]) {
      const r = meanField(act, { sigmaW: 0.9, sigmaB: 0.5, q0: 1, depth: 4 });
      r.layers.forEach((l) => close(l.chi, 0.81, 1e-14, 'chi'));
      close(r.fixedPoint.q, 0.25 / 0.19, 1e-12, 'q*');
      assert.equal(r.regime, 'ordered');
      const up = meanField(act, { sigmaW: 1.1, sigmaB: 0, q0: 1, depth: 4 });
      close(up.chiFixedPoint, 1.21, 1e-14, 'chi* (growing variance)');
      assert.equal(up.regime, 'chaotic');
    }
  });

  it('tanh at sigma_w = 1, sigma_b = 0 is critical: q* = 0 and chi* = 1', () => {
    const r = meanField(resolve('tanh'), { sigmaW: 1, sigmaB: 0, q0: 1, depth: 100 });
    assert.equal(r.fixedPoint.kind, 'zero');
    assert.equal(r.fixedPoint.q, 0);
    assert.equal(r.chiFixedPoint, 1);
    assert.equal(r.regime, 'critical');
    assert.equal(r.depthScale, Infinity);
    // The variance decays slowly towards 0 (like 1/(2l)), and chi^l rises towards 1 from below.
    const qs = r.layers.map((l) => l.q);
    assert.ok(qs.every((q, i) => i === 0 || q < qs[i - 1]) && qs[99] < 0.01 && qs[99] > 0.003);
    assert.ok(r.layers.every((l) => l.chi < 1) && r.layers[99].chi > 0.98);
    // Either side of the critical line.
    assert.equal(meanField(resolve('tanh'), { sigmaW: 0.8, sigmaB: 0, q0: 1, depth: 1 }).regime, 'ordered');
    assert.equal(meanField(resolve('tanh'), { sigmaW: 2, sigmaB: 0, q0: 1, depth: 1 }).regime, 'chaotic');
  });

  it('a collapse to q* = 0 reports chi* as the q → 0+ limit, not phi\'(0)² (ReLU: sigma_w²/2, not 0)', () => {
    for (const sigmaW of [0.5, 1, 1.3]) {
      const r = meanField(resolve('relu'), { sigmaW, sigmaB: 0, q0: 1, depth: 5 });
      assert.equal(r.fixedPoint.kind, 'zero');
      assert.equal(r.fixedPoint.q, 0);
      assert.ok(Math.abs(r.chiFixedPoint - (sigmaW * sigmaW) / 2) < 1e-12, `sigma_w = ${sigmaW}: chi* = ${r.chiFixedPoint}`);
      assert.equal(r.regime, 'ordered');
      assert.ok(Number.isFinite(r.depthScale) && r.depthScale > 0);
    }
    const direct = findFixedPoint(resolve('relu'), 1, 0, 1);
    assert.equal(direct.kind, 'zero');
    assert.ok(Math.abs(direct.chi - 0.5) < 1e-12, `${direct.chi}`);
    // tanh at sigma_w = 1 keeps chi* = 1 exactly (tanh'(0) = 1 is also the limit).
    assert.equal(findFixedPoint(resolve('tanh'), 1, 0, 1).chi, 1);
  });

  it('a layer whose variance is exactly 0 (zero input, no bias) gets chi at the q → 0+ limit too', () => {
    const r = meanField(resolve('relu'), { sigmaW: 1.2, sigmaB: 0, q0: 0, depth: 4 });
    for (const layer of r.layers) {
      assert.equal(layer.q, 0);
      assert.ok(Math.abs(layer.chi - 0.72) < 1e-12, `layer ${layer.index}: chi = ${layer.chi}`);
      assert.ok(Math.abs(layer.meanAbsDphi - 0.5) < 1e-12, `layer ${layer.index}: E|phi'| = ${layer.meanAbsDphi}`);
    }
    const tanh = meanField(resolve('tanh'), { sigmaW: 0.9, sigmaB: 0, q0: 0, depth: 2 });
    for (const layer of tanh.layers) assert.ok(Math.abs(layer.chi - 0.81) < 1e-12, `${layer.chi}`);
  });

  it('erf: q^l and chi^l match the closed-form Gaussian moments, and the fixed point solves the map', () => {
    const act = resolve('erf(x)');
    const [sw, sb] = [1.7, 0.3];
    const r = meanField(act, { sigmaW: sw, sigmaB: sb, q0: 1, depth: 10 });
    let q = sw * sw + sb * sb;
    for (const layer of r.layers) {
      close(layer.q, q, 1e-12, `q^${layer.index}`);
      close(layer.chi, sw * sw * erfDphi2(q), 1e-12, `chi^${layer.index}`);
      q = sw * sw * erfPhi2(q) + sb * sb;
    }
    const qStar = r.fixedPoint.q;
    close(sw * sw * erfPhi2(qStar) + sb * sb, qStar, 1e-12, 'q* is a fixed point');
    close(r.chiFixedPoint, sw * sw * erfDphi2(qStar), 1e-12, 'chi*');
    close(varianceMap(act, 0.7, sw, sb), sw * sw * erfPhi2(0.7) + sb * sb, 1e-12, 'one step of the map');
  });

  it('finds slow fixed points by bracketing, and accounts for kinks away from 0', () => {
    // hardtanh at sigma_w slightly above 1 settles very slowly; bracketing still finds q*.
    const act = resolve('hardtanh');
    const fp = findFixedPoint(act, 1.05, 0.01, 1);
    assert.equal(fp.kind, 'finite');
    close(varianceMap(act, fp.q, 1.05, 0.01), fp.q, 1e-10, 'hardtanh q*');
    // relu6 at q = 9: the kink at 6 sits at z = 2, so E[phi'²] = Φ(2) - 1/2.
    close(phiMoments(resolve('relu6'), 9).dphi2, 0.477249868051820792799665344, 1e-14, 'relu6');
    close(phiMoments(resolve('min(max(x, 0), 6)'), 9).dphi2, 0.477249868051820792799665344, 1e-12, 'relu6 as expression');
  });

  it('predicts gradient norms by products of sqrt(chi), anchored at the last layer', () => {
    const layers = [0.25, 4, 1, 9].map((chi, i) => ({ index: i + 1, q: 1, chi, meanAbsDphi: 1 }));
    assert.deepEqual(predictedGradNorms(layers, 3), [3 * 1 * 2 * 0.5, 3 * 1 * 2, 3 * 1, 3]);
    assert.deepEqual(predictedGradNorms([], 1), []);
  });

  it('classifies regimes, gives the depth scale and the classic slope bound', () => {
    assert.equal(classifyRegime(0.5), 'ordered');
    assert.equal(classifyRegime(1.0005), 'critical');
    assert.equal(classifyRegime(1.01), 'chaotic');
    assert.equal(classifyRegime(1.01, 0.05), 'critical');
    close(depthScale(Math.exp(-0.1)), 10, 1e-14);
    close(depthScale(Math.exp(0.1)), -10, 1e-14);
    assert.equal(chiUpperBound(2, 0.25), 0.25); // sigmoid: sigma_w² / 16
    const sigmoid = meanField(resolve('sigmoid'), { sigmaW: 2, sigmaB: 0, q0: 1, depth: 8 });
    assert.ok(sigmoid.layers.every((l) => l.chi <= chiUpperBound(2, 0.25)));
    assert.equal(sigmoid.regime, 'ordered');
  });
});
