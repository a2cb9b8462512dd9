import { strict as assert } from 'node:assert';
import {
  Tensor, add, mul, sub, div, tanh, sum, mean, matmul, linear, backward, grad, noGrad, exp, pow, relu,
  sigmoid, erf, normalCdf, softplus, ACTIVATIONS,
} from './index';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);

describe('autograd', () => {
  it('accumulates gradients of a small expression into .grad', () => {
    const x = Tensor.from([1, 2, 3], [3], true);
    const y = Tensor.from([4, 5, 6], [3], true);
    const loss = sum(add(mul(x, y), mul(x, x))); // d/dx = y + 2x, d/dy = x
    backward(loss);
    assert.deepEqual(x.grad!.toArray(), [6, 9, 12]);
    assert.deepEqual(y.grad!.toArray(), [1, 2, 3]);
    backward(sum(mul(x, y)));
    assert.deepEqual(x.grad!.toArray(), [10, 14, 18], 'a second backward adds to .grad');
  });

  it('reduces broadcast gradients back to the operand shape', () => {
    const a = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], true);
    const b = Tensor.from([10, 20, 30], [3], true);
    const s = Tensor.scalar(2, true);
    backward(sum(mul(add(a, b), s)));
    assert.deepEqual(b.grad!.toArray(), [4, 4, 4]);
    assert.equal(s.grad!.item(), 1 + 2 + 3 + 4 + 5 + 6 + 2 * (10 + 20 + 30));
    assert.deepEqual(b.grad!.shape, [3]);
  });

  it('gives f\'\' by double backward (tanh)', () => {
    const x = Tensor.from([-2, -0.5, 0, 0.7, 3], [5], true);
    const [dy] = grad(sum(tanh(x)), x, { createGraph: true });
    const [d2y] = grad(sum(dy), x);
    x.data.forEach((v, i) => {
      const t = Math.tanh(v);
      close(dy.data[i], 1 - t * t);
      close(d2y.data[i], -2 * t * (1 - t * t));
    });
  });

  it('gives third derivatives (exp, pow)', () => {
    const x = Tensor.from([0.3, 1.5], [2], true);
    const f = sum(mul(exp(x), pow(x, 3)));
    const [d1] = grad(f, x, { createGraph: true });
    const [d2] = grad(sum(d1), x, { createGraph: true });
    const [d3] = grad(sum(d2), x);
    x.data.forEach((v, i) => {
      const e = Math.exp(v);
      close(d3.data[i], e * (v ** 3 + 9 * v * v + 18 * v + 6));
    });
  });

  it('differentiates matmul and linear in all transpose modes', () => {
    const A = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], true);
    const B = Tensor.from([1, -1, 2, 0, 0.5, 3], [3, 2], true);
    backward(sum(matmul(A, B)));
    // d sum(AB)/dA[i,p] = sum_j B[p,j]
    assert.deepEqual(A.grad!.toArray(), [0, 2, 3.5, 0, 2, 3.5]);
    assert.deepEqual(B.grad!.toArray(), [5, 5, 7, 7, 9, 9]);
    const W = Tensor.from([1, 0, -1, 2, 1, 0], [2, 3], true);
    const b = Tensor.from([0.5, -0.5], [2], true);
    const y1 = linear(A, W, b);
    const y2 = add(matmul(A, W, { transposeB: true }), b);
    assert.deepEqual(y1.toArray(), y2.toArray());
    backward(sum(mul(y1, y1)));
    const gW = W.grad!.toArray(), gb = b.grad!.toArray();
    W.grad = null; b.grad = null;
    backward(sum(mul(y2, y2)));
    assert.deepEqual(W.grad!.toArray(), gW);
    assert.deepEqual(b.grad!.toArray(), gb);
  });

  it('matmul gradients match finite differences with transposes', () => {
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const a = Tensor.from(Array.from({ length: 30 }, (_, i) => Math.sin(i)), tA ? [6, 5] : [5, 6], true);
      const b = Tensor.from(Array.from({ length: 42 }, (_, i) => Math.cos(i)), tB ? [7, 6] : [6, 7], true);
      const f = () => sum(pow(matmul(a, b, { transposeA: tA, transposeB: tB }), 2));
      const [ga, gb] = grad(f(), [a, b]);
      for (const [t, g] of [[a, ga], [b, gb]] as const) {
        for (let i = 0; i < t.size; i += 7) {
          const old = t.data[i];
          t.data[i] = old + 1e-6; const fp = f().item();
          t.data[i] = old - 1e-6; const fm = f().item();
          t.data[i] = old;
          close(g.data[i], (fp - fm) / 2e-6, 1e-6);
        }
      }
    }
  });

  it('noGrad records nothing', () => {
    const x = Tensor.from([1, 2], [2], true);
    const y = noGrad(() => mul(x, 2));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.equal(mul(x, 2).requiresGrad, true);
  });

  it('reports unused inputs and constant outputs clearly', () => {
    const x = Tensor.from([1, -1], [2], true);
    const z = Tensor.from([1, 1], [2], true);
    assert.throws(() => grad(sum(x), [x, z]), /not used/);
    const [gx, gz] = grad(sum(x), [x, z], { allowUnused: true });
    assert.ok(gx !== null && gz === null);
    const [d1] = grad(sum(relu(x)), x, { createGraph: true });
    const [d2] = grad(sum(d1), x, { materializeGrads: true });
    assert.deepEqual(d2.toArray(), [0, 0], 'relu\'\' is zero, not an error');
    assert.throws(() => backward(mean(Tensor.from([1, 2]))), /does not require grad/);
    assert.throws(() => backward(mul(x, 2)), /one-element/);
  });

  it('fused one-pass backwards (no graph) give the same bits as the recorded op-by-op backwards', () => {
    const xs = [NaN, -40, -20.5, -6, -2.5, -1, -0.3, -0, 0, 1e-9, 0.4, 1.3, 3, 7.5, 19.9, 20, 20.1, 45];
    const w = Tensor.from(xs.map((_, i) => Math.cos(3.7 * i) * 1.9)); // a varied upstream gradient
    const gelu = ACTIVATIONS.find((a) => a.name === 'gelu')!, silu = ACTIVATIONS.find((a) => a.name === 'silu')!;
    const fns: Record<string, (t: Tensor) => Tensor> = {
      tanh, sigmoid, relu, erf, normalCdf, softplus: (t) => softplus(t), softplus2: (t) => softplus(t, 2, 15),
      gelu: (t) => gelu.apply(t), silu: (t) => silu.apply(t),
    };
    for (const [name, f] of Object.entries(fns)) {
      const x = Tensor.from(xs, [xs.length], true);
      const [fused] = grad(sum(mul(f(x), w)), x);
      const [recorded] = grad(sum(mul(f(x), w)), x, { createGraph: true });
      // (relu's recorded backward multiplies by a constant mask, so it has no graph to show.)
      if (name !== 'relu') assert.ok(recorded.requiresGrad, `${name}: the recorded backward is a graph`);
      // Equal as numbers (relu's fused mask gives +0 where g·0 gives -0 for g < 0, as PyTorch's own
      // threshold_backward does), NaN where NaN.
      xs.forEach((v, i) => {
        const a = fused.data[i], b = recorded.data[i];
        assert.ok(a === b || (Number.isNaN(a) && Number.isNaN(b)), `${name}'(${v}): ${a} vs ${b}`);
      });
    }
  });

  it('keeps .grad of retained intermediates and frees the rest', () => {
    const x = Tensor.from([1, 2], [2], true);
    const h = mul(x, 3).retainGrad();
    const k = mul(x, 4);
    backward(sum(mul(h, k)));
    assert.deepEqual(h.grad!.toArray(), [4, 8]);
    assert.equal(k.grad, null);
    assert.deepEqual(x.grad!.toArray(), [24, 48]);
  });

  it('divides and subtracts with broadcasting', () => {
    const a = Tensor.from([2, 4], [2, 1], true);
    const b = Tensor.from([1, 2, 4], [3], true);
    backward(sum(sub(div(a, b), b)));
    assert.deepEqual(a.grad!.toArray(), [1.75, 1.75]);
    // d/db_j of sum_i (a_i / b_j - b_j) = -sum_i a_i / b_j^2 - 2
    assert.deepEqual(b.grad!.toArray(), [-6 - 2, -6 / 4 - 2, -6 / 16 - 2]);
  });
});

describe('.grad storage', () => {
  it('never shares a buffer between two .grad fields or with the seed', () => {
    const a = Tensor.from([1, 2], [2], true);
    const b = Tensor.from([3, 4], [2], true);
    const seed = Tensor.from([1, 1], [2]);
    backward(add(a, b), { gradient: seed }); // add passes the same gradient to both inputs
    assert.notEqual(a.grad!.data, b.grad!.data);
    assert.notEqual(a.grad!.data, seed.data);
    a.grad!.data[0] = 100;
    assert.deepEqual(b.grad!.toArray(), [1, 1]);
    assert.deepEqual(seed.toArray(), [1, 1]);
  });
});
