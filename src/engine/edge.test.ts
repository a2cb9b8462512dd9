/**
 * Edge inputs: huge logits, activations far out on both sides, NaN. Finite wherever PyTorch is
 * finite, NaN where PyTorch gives NaN, never a silent wrong number.
 */
import { strict as assert } from 'node:assert';
import {
  Tensor, ACTIVATIONS, grad, sum, crossEntropy, nllLoss, logSoftmax, softmax, mseLoss, binaryCrossEntropy,
  binaryCrossEntropyWithLogits, backward, MLP,
} from './index';

const elementwise = ACTIVATIONS.filter((a) => a.kind === 'elementwise');

function derivatives(name: string, xs: number[]) {
  const x = Tensor.from(xs, [xs.length], true);
  const act = elementwise.find((a) => a.name === name)!;
  const y = act.apply(x);
  const [dy] = grad(sum(y), x, { createGraph: true });
  const [d2y] = grad(sum(dy), x, { materializeGrads: true });
  return { y: y.toArray(), dy: dy.toArray(), d2y: d2y.toArray() };
}

describe('edge inputs', () => {
  it('cross-entropy of logits at ±1000 is finite and exact', () => {
    const logits = Tensor.from([1000, -1000, 0, -1000, -1000, -1000, 1000, 1000, -1000], [3, 3], true);
    const loss = crossEntropy(logits, [1, 0, 2]);
    // Row 0: target sits 2000 below the max; row 1: all equal; row 2: target 2000 below two maxima.
    const expected = (2000 + Math.log(3) + (2000 + Math.log(2))) / 3;
    assert.ok(Math.abs(loss.item() - expected) < 1e-12 * expected, `loss ${loss.item()}`);
    backward(loss);
    const g = logits.grad!.toArray();
    assert.ok(g.every(Number.isFinite));
    const expectedGrad = [1 / 3, -1 / 3, 0, -2 / 9, 1 / 9, 1 / 9, 1 / 6, 1 / 6, -1 / 3]; // (softmax - onehot) / 3
    g.forEach((v, i) => assert.ok(Math.abs(v - expectedGrad[i]) < 1e-15, `grad[${i}] = ${v}`));
    const ls = logSoftmax(Tensor.from([1000, -1000], [1, 2]), 1).toArray();
    assert.deepEqual(ls, [0, -2000]);
    assert.deepEqual(softmax(Tensor.from([1000, -1000], [1, 2]), 1).toArray(), [1, 0]);
  });

  for (const act of elementwise) {
    it(`${act.name}: y, f', f'' finite at ±700 and ±1000`, () => {
      const r = derivatives(act.name, [-1000, -700, 700, 1000]);
      for (const q of ['y', 'dy', 'd2y'] as const) {
        assert.ok(r[q].every(Number.isFinite), `${q} = [${r[q]}]`);
      }
    });

    it(`${act.name}: NaN in, NaN out (value and derivative)`, () => {
      const r = derivatives(act.name, [NaN, 1.5]);
      assert.ok(Number.isNaN(r.y[0]), `y(NaN) = ${r.y[0]}`);
      if (act.name !== 'identity') assert.ok(Number.isNaN(r.dy[0]), `f'(NaN) = ${r.dy[0]}`); // identity' is the constant 1
      assert.ok(Number.isFinite(r.y[1]) && Number.isFinite(r.dy[1]), 'NaN does not leak into other elements');
    });
  }

  it('NaN in a batch poisons the loss and the gradients, not silently a number', () => {
    const mlp = new MLP({ sizes: [2, 3, 2], activation: 'relu', seed: 1 });
    const x = Tensor.from([0.5, NaN, 1, 2], [2, 2]);
    const loss = mseLoss(mlp.forward(x), Tensor.zeros([2, 2]));
    assert.ok(Number.isNaN(loss.item()));
    backward(loss);
    assert.ok(mlp.layers[0].weight.grad!.toArray().some(Number.isNaN));
    const logits = Tensor.from([NaN, 0, 1, 2], [2, 2], true);
    const l = nllLoss(logSoftmax(logits, 1), [0, 1]);
    assert.ok(Number.isNaN(l.item()));
  });

  it('gelu at |x| = 1e5 and 1e300 is x or 0, with slopes 1 or 0 and no NaN; at ±∞ as PyTorch', () => {
    const xs = [-1e300, -2.4e5 - 0.3, -1e5 - 0.1, -1e5, 1e5, 1e5 + 0.1, 2.4e5 + 0.3, 1e300];
    const r = derivatives('gelu', xs);
    xs.forEach((x, i) => {
      assert.ok(Object.is(r.y[i], x > 0 ? x : -0), `gelu(${x}) = ${r.y[i]}`);
      assert.equal(r.dy[i], x > 0 ? 1 : 0, `gelu'(${x}) = ${r.dy[i]}`);
      assert.equal(r.d2y[i], 0, `gelu''(${x}) = ${r.d2y[i]}`);
    });
    // x·Φ(x) at -∞ is -∞·0: NaN, as torch.nn.functional.gelu gives (and x·σ(x) for silu).
    const inf = derivatives('gelu', [Infinity, -Infinity]);
    assert.equal(inf.y[0], Infinity);
    assert.ok(Number.isNaN(inf.y[1]));
  });

  it('binary cross-entropy stays finite at p = 0 and 1 (logs clamped at -100, as PyTorch)', () => {
    const p = Tensor.from([0, 1, 0.5], [3], true);
    const loss = binaryCrossEntropy(p, Tensor.from([1, 0, 1]));
    assert.ok(Math.abs(loss.item() - (100 + 100 + Math.log(2)) / 3) < 1e-12);
    const withLogits = binaryCrossEntropyWithLogits(Tensor.from([-1000, 1000, 0], [3], true), Tensor.from([1, 0, 1]));
    assert.ok(Math.abs(withLogits.item() - (1000 + 1000 + Math.log(2)) / 3) < 1e-9);
  });

  it('all-zero gradients stay zero and finite through a network', () => {
    const mlp = new MLP({ sizes: [2, 4, 1], activation: 'tanh', seed: 3 });
    const x = Tensor.from([0.1, 0.2, 0.3, 0.4], [2, 2]);
    const y = mlp.forward(x);
    backward(sum(y), { gradient: Tensor.zeros([]) });
    for (const p of mlp.parameters()) assert.ok(p.grad!.toArray().every((v) => v === 0));
  });
});
