import { strict as assert } from 'node:assert';
import {
  Tensor, add, mul, pow, maximum, minimum, sum, mean, max, min, argmax, reshape, permute, transpose, narrow, concat,
  gather, scatterAdd, where, gt, le, eq, ne, clamp, broadcastShapes, broadcastTo, sumTo, matmul, grad, abs, sign,
  sqrt, log, exp, expm1, log1p, sin, cos,
} from '../index';

const T = (data: number[], shape: number[], rg = false) => Tensor.from(data, shape, rg);

describe('broadcasting', () => {
  it('follows NumPy rules and names both shapes when it cannot', () => {
    assert.deepEqual(broadcastShapes([2, 1, 3], [4, 1]), [2, 4, 3]);
    assert.deepEqual(broadcastShapes([], [3]), [3]);
    assert.throws(() => broadcastShapes([2, 3], [4]), /\[2, 3\] and \[4\]/);
  });

  it('expands and sums back along stretched axes', () => {
    const x = T([1, 2, 3], [3, 1]);
    assert.deepEqual(broadcastTo(x, [2, 3, 2]).toArray(), [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    assert.deepEqual(sumTo(T([1, 2, 3, 4, 5, 6], [2, 3]), [3]).toArray(), [5, 7, 9]);
    assert.deepEqual(sumTo(T([1, 2, 3, 4, 5, 6], [2, 3]), [2, 1]).toArray(), [6, 15]);
    assert.deepEqual(add(T([1, 2], [2, 1]), T([10, 20, 30], [3])).toArray(), [11, 21, 31, 12, 22, 32]);
  });
});

describe('elementwise', () => {
  it('pow: integer shortcuts, 0^0, and the exponent gradient at base 0', () => {
    assert.deepEqual(pow(T([-2, 3], [2]), 2).toArray(), [4, 9]);
    assert.deepEqual(pow(T([-2, 0], [2]), 3).toArray(), [-8, 0]);
    const b = T([0, 2], [2], true);
    const [g0] = grad(sum(pow(b, 0)), b);
    assert.deepEqual(g0.toArray(), [0, 0], 'x^0 has derivative 0, also at x = 0');
    const e = T([2, 0.5], [2], true);
    const [ge] = grad(sum(pow(T([0, 0], [2]), e)), e);
    assert.deepEqual(ge.toArray(), [0, 0], 'd/de 0^e = 0, not 0·log 0');
  });

  it('maximum/minimum split the gradient on ties and propagate NaN', () => {
    const a = T([1, 2, 3], [3], true), b = T([3, 2, 1], [3], true);
    const [ga, gb] = grad(sum(maximum(a, b)), [a, b]);
    assert.deepEqual(ga.toArray(), [0, 0.5, 1]);
    assert.deepEqual(gb.toArray(), [1, 0.5, 0]);
    const [ma] = grad(sum(minimum(a, b)), [a]);
    assert.deepEqual(ma.toArray(), [1, 0.5, 0]);
    assert.ok(Number.isNaN(maximum(T([NaN], [1]), 1).item()));
  });

  it('unary functions and their derivatives', () => {
    const x = T([0.5, 2], [2], true);
    const cases: [(t: Tensor) => Tensor, (v: number) => number][] = [
      [sqrt, (v) => 0.5 / Math.sqrt(v)], [log, (v) => 1 / v], [exp, Math.exp], [expm1, Math.exp],
      [log1p, (v) => 1 / (1 + v)], [sin, Math.cos], [cos, (v) => -Math.sin(v)], [abs, Math.sign],
    ];
    for (const [f, df] of cases) {
      const [g] = grad(sum(f(x)), x);
      g.data.forEach((v, i) => assert.ok(Math.abs(v - df(x.data[i])) < 1e-15, `${f.name}'(${x.data[i]})`));
    }
    assert.deepEqual(sign(T([-3, 0, 2], [3])).toArray(), [-1, 0, 1]);
  });
});

describe('reductions', () => {
  const x = T([1, 5, 3, 4, 2, 6], [2, 3], true);
  it('sum and mean over axes, with keepdim', () => {
    assert.deepEqual(sum(x).shape, []);
    assert.equal(sum(x).item(), 21);
    assert.deepEqual(sum(x, 0).toArray(), [5, 7, 9]);
    assert.deepEqual(sum(x, -1, true).shape, [2, 1]);
    assert.deepEqual(mean(x, 1).toArray(), [3, 4]);
    assert.deepEqual(sum(T([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), [0, 2]).toArray(), [1 + 2 + 5 + 6, 3 + 4 + 7 + 8]);
    const [g] = grad(mean(x, 0), x, { gradOutputs: T([1, 2, 3], [3]) });
    assert.deepEqual(g.toArray(), [0.5, 1, 1.5, 0.5, 1, 1.5]);
  });

  it('max/min with gradients to the extremum, shared on ties; argmax picks the first', () => {
    assert.deepEqual(max(x, 1).toArray(), [5, 6]);
    assert.deepEqual(min(x, 0).toArray(), [1, 2, 3]);
    const [g] = grad(max(x, 1, true), x, { gradOutputs: T([1, 1], [2, 1]) });
    assert.deepEqual(g.toArray(), [0, 1, 0, 0, 0, 1]);
    const tie = T([2, 2, 1], [3], true);
    assert.deepEqual(grad(max(tie), tie)[0].toArray(), [0.5, 0.5, 0]);
    assert.deepEqual(argmax(T([1, 3, 3, 0], [1, 4]), 1).toArray(), [1]);
    assert.ok(Number.isNaN(max(T([1, NaN, 2], [3])).item()));
    assert.throws(() => sum(x, 2), /out of range/);
  });
});

describe('shape ops', () => {
  const x = T([0, 1, 2, 3, 4, 5], [2, 3], true);
  it('reshape (with -1), permute, transpose', () => {
    assert.deepEqual(reshape(x, [3, -1]).shape, [3, 2]);
    assert.throws(() => reshape(x, [4, -1]), /cannot view/);
    assert.deepEqual(transpose(x).toArray(), [0, 3, 1, 4, 2, 5]);
    const y = T([...Array(24).keys()], [2, 3, 4]);
    const p = permute(y, [2, 0, 1]);
    assert.deepEqual(p.shape, [4, 2, 3]);
    assert.equal(p.get(3, 1, 2), y.get(1, 2, 3));
    const [g] = grad(sum(mul(transpose(x), T([1, 2, 3, 4, 5, 6], [3, 2]))), x);
    assert.deepEqual(g.toArray(), [1, 3, 5, 2, 4, 6]);
  });

  it('narrow and concat are adjoint', () => {
    const a = T([1, 2, 3, 4], [2, 2], true), b = T([5, 6], [2, 1], true);
    const c = concat([a, b], 1);
    assert.deepEqual(c.toArray(), [1, 2, 5, 3, 4, 6]);
    assert.deepEqual(narrow(c, 1, 1, 2).toArray(), [2, 5, 4, 6]);
    const [ga, gb] = grad(sum(mul(c, T([1, 2, 3, 4, 5, 6], [2, 3]))), [a, b]);
    assert.deepEqual(ga.toArray(), [1, 2, 4, 5]);
    assert.deepEqual(gb.toArray(), [3, 6]);
    assert.throws(() => concat([a, T([1, 2, 3], [3, 1])], 1), /does not match/);
  });

  it('gather picks per row; its gradient scatters back (and adds on repeats)', () => {
    const idx = T([2, 0, 0, 1, 1, 1], [2, 3]);
    assert.deepEqual(gather(x, 1, idx).toArray(), [2, 0, 0, 4, 4, 4]);
    const [g] = grad(sum(gather(x, 1, idx)), x);
    assert.deepEqual(g.toArray(), [2, 0, 1, 0, 3, 0]);
    assert.deepEqual(scatterAdd(T([1, 1], [2, 1]), 1, T([2, 0], [2, 1]), [2, 3]).toArray(), [0, 0, 1, 1, 0, 0]);
    assert.throws(() => gather(x, 1, T([3], [1, 1])), /does not fit|out of range/);
  });
});

describe('comparisons and selection', () => {
  it('masks without history, where routes the gradient, clamp keeps its bounds inclusive', () => {
    const x = T([-1, 0, 2], [3], true);
    assert.deepEqual(gt(x, 0).toArray(), [0, 0, 1]);
    assert.deepEqual(le(x, 0).toArray(), [1, 1, 0]);
    assert.deepEqual(eq(x, 0).toArray(), [0, 1, 0]);
    assert.deepEqual(ne(T([NaN], [1]), T([NaN], [1])).toArray(), [1]);
    assert.equal(gt(x, 0).requiresGrad, false);
    const y = T([10, 20, 30], [3], true);
    const [gx, gy] = grad(sum(where(gt(x, 0), x, y)), [x, y]);
    assert.deepEqual(gx.toArray(), [0, 0, 1]);
    assert.deepEqual(gy.toArray(), [1, 1, 0]);
    const c = T([-2, -1, 0, 1, 2], [5], true);
    assert.deepEqual(clamp(c, -1, 1).toArray(), [-1, -1, 0, 1, 1]);
    assert.deepEqual(grad(sum(clamp(c, -1, 1)), c)[0].toArray(), [0, 1, 1, 1, 0]);
  });

  it('matmul rejects mismatched shapes with both shapes in the message', () => {
    assert.throws(() => matmul(T([1, 2], [1, 2]), T([1, 2], [1, 2])), /inner dimensions differ: \[1, 2\] · \[1, 2\]/);
  });
});
