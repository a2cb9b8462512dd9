/**
 * Clipping behaviour beyond the oracle: non-finite gradients (torch's NaN propagation and
 * error_if_nonfinite), Keras per-tensor clipnorm, the angle and the clipping report.
 */
import { strict as assert } from 'node:assert';
import {
  clipGradNorm_, clipGradNormPerTensor_, clipGradValue_, gradientAngle, totalGradNorm, vectorNorm, type HasGrad,
} from './clip';
import { clipGradients_ } from './clipReport';

function grads(...tensors: number[][]): HasGrad[] {
  return tensors.map((t) => ({ grad: { data: Float64Array.from(t) } }));
}
const values = (ps: HasGrad[]) => ps.map((p) => [...p.grad!.data]);

describe('clipping', () => {
  it('computes norms of several tensors like one concatenated vector', () => {
    const ps = grads([3, 0], [4], [0, 0, -12]);
    assert.equal(totalGradNorm(ps), 13);
    assert.equal(totalGradNorm(ps, 'inf'), 12);
    assert.equal(totalGradNorm(ps, Infinity), 12);
    assert.ok(Math.abs(totalGradNorm(ps, 1) - 19) < 1e-12);
    assert.equal(totalGradNorm([]), 0);
    assert.equal(totalGradNorm([{ grad: null }]), 0);
    assert.throws(() => vectorNorm([1], 0), /norm type must be positive/);
  });

  it('clip_grad_norm_: scales everything by max_norm / (norm + 1e-6) and skips missing grads', () => {
    const ps = [...grads([3], [4]), { grad: null }];
    const { totalNorm, clipCoef } = clipGradNorm_(ps, 1);
    assert.equal(totalNorm, 5);
    assert.equal(clipCoef, 1 / (5 + 1e-6));
    assert.deepEqual(values(ps.slice(0, 2)), [[3 * clipCoef], [4 * clipCoef]]);
    assert.deepEqual(clipGradNorm_([], 1), { totalNorm: 0, clipCoef: 1 });
  });

  it('clip_grad_norm_: a NaN or infinite norm poisons the gradients as in torch, or throws on request', () => {
    const nan = grads([1, NaN], [2]);
    const r = clipGradNorm_(nan, 1);
    assert.ok(Number.isNaN(r.totalNorm) && Number.isNaN(r.clipCoef));
    assert.ok(values(nan).flat().every(Number.isNaN));
    const inf = grads([1, Infinity]);
    assert.equal(clipGradNorm_(inf, 1).clipCoef, 0); // max_norm / inf
    assert.deepEqual(values(inf)[0].map(String), ['0', 'NaN']); // inf * 0 is NaN, as in torch
    const guarded = grads([1, Infinity]);
    assert.throws(() => clipGradNorm_(guarded, 1, 2, { errorIfNonfinite: true }),
      /The total norm of order 2.0 for gradients is non-finite \(Infinity\), so it cannot be clipped/);
    assert.deepEqual(values(guarded), [[1, Infinity]]); // untouched when it throws
    assert.throws(() => clipGradNorm_(grads([NaN]), 1, 'inf', { errorIfNonfinite: true }), /order inf/);
  });

  it('clip_grad_value_: clamps, counts what it changed, leaves NaN alone', () => {
    const ps = grads([0.5, -0.7, 0.2, NaN], [-0.5, 3]);
    const r = clipGradValue_(ps, 0.5);
    assert.deepEqual(values(ps).map((t) => t.map(String)), [['0.5', '-0.5', '0.2', 'NaN'], ['-0.5', '0.5']]);
    assert.deepEqual(r, { clippedCount: 2, totalCount: 6, fractionClipped: 2 / 6 });
    assert.throws(() => clipGradValue_(ps, -1), /clip value must be >= 0/);
  });

  it('per-tensor clipnorm (Keras): each tensor is clipped to the norm on its own, without epsilon', () => {
    const ps = grads([3, 4], [0.3, 0.4], [0, 0]);
    const r = clipGradNormPerTensor_(ps, 1);
    assert.deepEqual(r.norms, [5, 0.5, 0]);
    assert.deepEqual(r.coefs, [0.2, 1, 1]);
    const v = values(ps);
    assert.ok(Math.abs(vectorNorm(v[0]) - 1) < 1e-15);
    assert.deepEqual(v.slice(1), [[0.3, 0.4], [0, 0]]);
  });

  it('measures the angle accurately, including tiny and extreme-magnitude cases', () => {
    assert.equal(gradientAngle([[1, 0]], [[2, 0]]), 0);
    assert.ok(Math.abs(gradientAngle([[1, 0]], [[0, 3]]) - Math.PI / 2) < 1e-15);
    assert.ok(Math.abs(gradientAngle([[1], [0]], [[-1], [0]]) - Math.PI) < 1e-15);
    assert.ok(Math.abs(gradientAngle([[1, 1e-9]], [[1, 0]]) - 1e-9) < 1e-22); // acos would give ~1e-8 noise
    assert.ok(Math.abs(gradientAngle([[1e200, 1e200]], [[1e-200, 0]]) - Math.PI / 4) < 1e-15);
    assert.equal(gradientAngle([[0, 0]], [[0, 0]]), 0);
    assert.ok(Number.isNaN(gradientAngle([[0, 0]], [[1, 0]])));
    assert.ok(Number.isNaN(gradientAngle([[NaN]], [[1]])));
    assert.throws(() => gradientAngle([[1]], [[1, 2]]), /sizes differ/);
  });

  it('reports what each kind of clipping did', () => {
    const none = clipGradients_(grads([3, 4]), { kind: 'none' });
    assert.deepEqual({ ...none }, { kind: 'none', normBefore: 5, normAfter: 5, totalNorm: 5, clipCoef: null, fractionClipped: 0, angle: 0, active: false });

    const byValue = clipGradients_(grads([3, 0.5], [-0.2, -4]), { kind: 'value', clipValue: 1 });
    assert.equal(byValue.fractionClipped, 0.5);
    assert.ok(byValue.angle > 0.1, 'value clipping turns the gradient');
    assert.ok(Math.abs(byValue.normAfter - Math.sqrt(1 + 0.25 + 0.04 + 1)) < 1e-15);

    const byNorm = clipGradients_(grads([3, 0], [0, 4]), { kind: 'norm', maxNorm: 1 });
    assert.equal(byNorm.totalNorm, 5);
    assert.equal(byNorm.clipCoef, 1 / (5 + 1e-6));
    assert.equal(byNorm.fractionClipped, 0.5); // the zeros stay zeros
    assert.ok(byNorm.angle < 1e-15, 'norm clipping keeps the direction');
    assert.ok(byNorm.active && byNorm.normAfter < 1);

    const infNorm = clipGradients_(grads([3, -4]), { kind: 'norm', maxNorm: 2, normType: 'inf' });
    assert.equal(infNorm.totalNorm, 4);
    assert.equal(infNorm.normBefore, 5);

    const perTensor = clipGradients_(grads([3, 4], [0.1, 0]), { kind: 'per_tensor_norm', clipNorm: 1 });
    assert.equal(perTensor.clipCoef, 0.2);
    assert.equal(perTensor.fractionClipped, 0.5);
    assert.ok(perTensor.angle > 0, 'per-tensor clipping changes the relative scale of tensors');

    const inactive = clipGradients_(grads([0.1]), { kind: 'norm', maxNorm: 1 });
    assert.equal(inactive.clipCoef, 1);
    assert.equal(inactive.active, false);
  });
});
