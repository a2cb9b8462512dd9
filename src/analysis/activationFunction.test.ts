import { strict as assert } from 'node:assert';
import { activationByName, activationFromExpression, evaluateActivation } from './activationFunction';
import { Tensor } from '../engine';

describe('activation functions for the analyses', () => {
  it("evaluates phi and phi' (from autograd) at many points", () => {
    const act = activationByName('tanh');
    if ('error' in act) throw new Error(act.error);
    const { phi, dphi } = act.evaluate(Float64Array.of(-1, 0, 2));
    assert.deepEqual([...phi], [-1, 0, 2].map(Math.tanh));
    [-1, 0, 2].forEach((x, i) => assert.ok(Math.abs(dphi[i] - (1 - Math.tanh(x) ** 2)) < 1e-16));
    assert.deepEqual(act.kinks, []);
  });

  it('keeps registry kinks for default parameters only', () => {
    const relu6 = activationByName('relu6');
    assert.ok(!('error' in relu6) && relu6.kinks?.includes(6));
    const hardtanh = activationByName('hardtanh', { max_val: 2 });
    assert.ok(!('error' in hardtanh) && hardtanh.kinks === undefined);
  });

  it('gives a zero slope for constant expressions and rejects non-elementwise functions', () => {
    const { phi, dphi } = evaluateActivation(() => Tensor.full([3], 2), Float64Array.of(1, 2, 3));
    assert.deepEqual([...phi, ...dphi], [2, 2, 2, 0, 0, 0]);
    assert.throws(() => evaluateActivation(() => Tensor.full([1], 2), Float64Array.of(1, 2)), /one number/);
  });

  it('reports unknown names, normalizers and expression errors', () => {
    assert.deepEqual(activationByName('sigmod'), { error: "Unknown activation 'sigmod'" });
    const softmax = activationByName('softmax');
    assert.ok('error' in softmax && /not an elementwise activation/.test(softmax.error));
    const bad = activationFromExpression('x * sigmod(x)');
    assert.ok('error' in bad);
    assert.equal(bad.error, "Unknown function 'sigmod' at column 5 — did you mean 'sigmoid'?");
    const good = activationFromExpression('  x * sigmoid(x) ');
    assert.ok(!('error' in good) && good.label === 'x * sigmoid(x)');
  });
});
