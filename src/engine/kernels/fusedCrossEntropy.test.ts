import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Tensor } from '../tensor';
import { grad } from '../autograd';
import { mul } from '../ops/elementwise';
import { sum } from '../ops/reduce';
import { logSoftmax } from '../ops/softmax';
import { crossEntropy, nllLoss } from '../losses';

/** The teaching form crossEntropy computed before the fused kernel: nllLoss(logSoftmax(logits)). */
const teaching = (logits: Tensor, targets: number[]) => nllLoss(logSoftmax(logits, 1), targets);

const caseArb = fc.record({ rows: fc.integer({ min: 1, max: 9 }), classes: fc.integer({ min: 1, max: 7 }) }).chain(({ rows, classes }) => fc.record({
  rows: fc.constant(rows),
  classes: fc.constant(classes),
  // Logits over a wide range, ties and large offsets included (the row maximum matters).
  xs: fc.array(fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), fc.constantFrom(0, 1000, -1000)), { minLength: rows * classes, maxLength: rows * classes }),
  targets: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
  upstream: fc.double({ min: -3, max: 3, noNaN: true }),
}));

function sameBits(got: Float64Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: ${got[i]} != ${want[i]}`);
}

describe('fused cross-entropy (kernels/fusedCrossEntropy)', () => {
  it('equals nllLoss(logSoftmax(x)) bit for bit in value and gradient, for any upstream gradient', () => {
    fc.assert(fc.property(caseArb, (o) => {
      const x = Tensor.from(o.xs, [o.rows, o.classes], true);
      const fused = crossEntropy(x, o.targets), plain = teaching(x, o.targets);
      assert.deepEqual(fused.shape, plain.shape);
      sameBits(fused.data, plain.data, 'loss');
      const u = Tensor.scalar(o.upstream);
      sameBits(grad(fused, x, { gradOutputs: u })[0].data, grad(plain, x, { gradOutputs: u })[0].data, 'gradient');
    }), { numRuns: 300, seed: 1800 });
  });

  it('differentiates twice like the teaching form (recorded backward), to 1e-12', () => {
    fc.assert(fc.property(caseArb, (o) => {
      const x = Tensor.from(o.xs.map((v) => Math.max(-20, Math.min(20, v))), [o.rows, o.classes], true);
      const r = Tensor.from(o.xs.map((v, i) => Math.sin(v + i)), x.shape);
      const second = (loss: Tensor) => {
        const [g] = grad(loss, x, { createGraph: true });
        return grad(sum(mul(g, r)), x)[0].data;
      };
      const got = second(crossEntropy(x, o.targets)), want = second(teaching(x, o.targets));
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-12 * Math.max(1, Math.abs(want[i])), `${i}: ${got[i]} vs ${want[i]}`);
    }), { numRuns: 80, seed: 18 });
  });

  it('keeps the teaching form for other reductions and the same errors for bad input', () => {
    const x = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], true);
    sameBits(crossEntropy(x, [0, 2], 'sum').data, nllLoss(logSoftmax(x, 1), [0, 2], 'sum').data, 'sum');
    assert.throws(() => crossEntropy(x, [0, 3]), /target 3 is not a class index in \[0, 3\)/);
    assert.throws(() => crossEntropy(x, [0]), /1 targets given for 2 rows/);
    assert.throws(() => crossEntropy(Tensor.from([1, 2, 3], [3], true), [0]), /axis 1 is out of range for a 1-d tensor/);
    const nan = Tensor.from([NaN, 0, 1, 2], [2, 2], true);
    sameBits(crossEntropy(nan, [1, 0]).data, teaching(nan, [1, 0]).data, 'NaN loss');
  });
});
