import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Tensor } from '../tensor';
import { backward, grad } from '../autograd';
import { linear } from '../ops/matmul';
import { mul } from '../ops/elementwise';
import { sum } from '../ops/reduce';
import { getActivation } from '../activations/registry';
import { mseLoss } from '../losses';
import { MLP } from '../nn/mlp';
import { FUSED_ACTIVATIONS, linearActivation, type FusedActivation } from './fusedLinear';
import { POOL_MAX_BYTES, openArena, poolStats, withArena } from './bufferPool';

/** The teaching form: the registry activation applied to the linear op's output. */
function unfused(x: Tensor, w: Tensor, b: Tensor | null, act: FusedActivation): Tensor {
  return getActivation(act).apply(linear(x, w, b));
}

function sameBits(got: Float64Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: ${got[i]} != ${want[i]}`);
  }
}

function close(got: Float64Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    const tol = 1e-12 * Math.max(1, Math.abs(want[i]));
    if (!(Math.abs(got[i] - want[i]) <= tol) && !Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

/** A layer's operands: N×in input, out×in weight, out bias (or none), N×out upstream weights. */
const caseArb = fc.record({
  rows: fc.integer({ min: 1, max: 9 }),
  inner: fc.integer({ min: 1, max: 9 }),
  cols: fc.integer({ min: 1, max: 9 }),
  act: fc.constantFrom(...FUSED_ACTIVATIONS),
  withBias: fc.boolean(),
  seed: fc.integer(),
}).chain((c) => fc.record({
  c: fc.constant(c),
  // Values over several decades, exact zeros (relu's kink) included.
  xs: fc.array(fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constant(0)), { minLength: c.rows * c.inner, maxLength: c.rows * c.inner }),
  ws: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: c.cols * c.inner, maxLength: c.cols * c.inner }),
  bs: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: c.cols, maxLength: c.cols }),
  rs: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: c.rows * c.cols, maxLength: c.rows * c.cols }),
}));

function operands(o: { c: { rows: number; inner: number; cols: number; withBias: boolean }; xs: number[]; ws: number[]; bs: number[]; rs: number[] }) {
  const { rows, inner, cols, withBias } = o.c;
  return {
    x: Tensor.from(o.xs, [rows, inner], true),
    w: Tensor.from(o.ws, [cols, inner], true),
    b: withBias ? Tensor.from(o.bs, [cols], true) : null,
    r: Tensor.from(o.rs, [rows, cols]),
  };
}

describe('fused linear + activation (kernels/fusedLinear)', () => {
  it('equals the activation applied to linear bit for bit, in value and in every gradient, over shapes and values', () => {
    fc.assert(fc.property(caseArb, (o) => {
      const { x, w, b, r } = operands(o);
      const params = b === null ? [x, w] : [x, w, b];
      const fused = linearActivation(x, w, b, o.c.act);
      const plain = unfused(x, w, b, o.c.act);
      sameBits(fused.data, plain.data, 'value');
      const gf = grad(sum(mul(fused, r)), params);
      const gp = grad(sum(mul(plain, r)), params);
      gp.forEach((g, i) => sameBits(gf[i].data, g.data, `gradient ${i}`));
    }), { numRuns: 200, seed: 18 });
  });

  it('differentiates twice like the unfused graph (recorded backward), to 1e-12', () => {
    fc.assert(fc.property(caseArb, (o) => {
      const { x, w, b, r } = operands(o);
      const params = b === null ? [x, w] : [x, w, b];
      const second = (y: Tensor) => {
        const first = grad(sum(mul(y, r)), params, { createGraph: true });
        // d/dparams of Σ (dL/dx)²: goes through φ'' and the products' backward.
        return grad(sum(mul(first[0], first[0])), params, { allowUnused: true });
      };
      const gf = second(linearActivation(x, w, b, o.c.act));
      const gp = second(unfused(x, w, b, o.c.act));
      gp.forEach((g, i) => {
        if (g === null) assert.equal(gf[i], null);
        else close(gf[i]!.data, g.data, `second derivative ${i}`);
      });
    }), { numRuns: 60, seed: 1818 });
  });

  it('passes NaN through value and gradient as the unfused ops do (relu keeps its NaN mask)', () => {
    for (const act of FUSED_ACTIVATIONS) {
      const x = Tensor.from([NaN, 1, 0, -1], [2, 2], true);
      const w = Tensor.from([1, 0, 0, 1], [2, 2], true);
      const params = [x, w];
      const fused = linearActivation(x, w, null, act), plain = unfused(x, w, null, act);
      sameBits(fused.data, plain.data, `${act} value`);
      const gf = grad(sum(fused), params), gp = grad(sum(plain), params);
      gp.forEach((g, i) => sameBits(gf[i].data, g.data, `${act} gradient ${i}`));
    }
  });

  it('rejects operands that do not fit, as linear does', () => {
    assert.throws(() => linearActivation(Tensor.zeros([2, 3]), Tensor.zeros([4, 2]), null, 'tanh'), /does not match weight/);
    assert.throws(() => linearActivation(Tensor.zeros([2, 3]), Tensor.zeros([4, 3]), Tensor.zeros([3]), 'tanh'), /bias of shape/);
  });
});

describe('MLP with fused layers', () => {
  for (const activation of ['tanh', 'sigmoid', 'relu', 'gelu']) {
    it(`${activation}: an untraced forward (fused where possible) gives the traced (unfused) loss and gradients bit for bit`, () => {
      const make = () => new MLP({ sizes: [3, 7, 5, 2], activation, seed: 4, residual: true });
      const x = Tensor.from(Array.from({ length: 18 }, (_, i) => Math.sin(i * 1.7) * 2), [6, 3]);
      const target = Tensor.from(Array.from({ length: 12 }, (_, i) => Math.cos(i)), [6, 2]);
      const a = make(), b = make();
      const la = mseLoss(a.forward(x), target), lb = mseLoss(b.forward(x, { trace: true }), target);
      assert.ok(Object.is(la.item(), lb.item()));
      backward(la);
      backward(lb);
      const pb = b.parameters();
      a.parameters().forEach((p, i) => sameBits(p.grad!.data, pb[i].grad!.data, `parameter ${i}`));
    });
  }
});

describe('buffer reuse across training steps', () => {
  // On an arena of its own: the shared one may be full of other tests' arrays, whose dropped blocks come back to it
  // whenever the garbage collector runs, and the ordinary pool may be at its cap; either would move the counts.
  it('a deep MLP step allocates the same small number of arrays from the pool every step after the first', () => withArena(openArena(16 << 20), () => {
    const model = new MLP({ sizes: [4, 16, 16, 16, 16, 16, 16, 16, 16, 1], activation: 'tanh', seed: 9 });
    const x = Tensor.from(Array.from({ length: 32 * 4 }, (_, i) => Math.sin(i)), [32, 4]);
    const target = Tensor.from(Array.from({ length: 32 }, (_, i) => Math.cos(i)), [32, 1]);
    const step = () => {
      model.zeroGrad();
      backward(mseLoss(model.forward(x), target));
    };
    const perStep: number[] = [];
    for (let s = 0; s < 8; s++) {
      const before = poolStats().allocations;
      step();
      perStep.push(poolStats().allocations - before);
    }
    // Each step keeps what it hands out: every layer's output and the loss's six intermediate results
    // (four elementwise, two sums) for the graph, and the weight and bias gradients as .grad (9 + 6 + 18
    // arrays; a few outputs reuse arrays the backward gave back). The input and activation gradients come back
    // from the pool (8 + 8 more per step without reuse).
    const steady = perStep.slice(2);
    assert.ok(steady.every((n) => n === steady[0]), `allocations per step ${perStep.join(', ')}`);
    assert.ok(steady[0] <= 33, `allocations per step ${perStep.join(', ')}`);
    assert.ok(poolStats().keptBytes <= POOL_MAX_BYTES, `the pool keeps ${poolStats().keptBytes} bytes`);
  }));

  it('never hands a gradient the caller holds back to the pool (results stay intact across later passes)', () => {
    const a = Tensor.from(Array.from({ length: 64 }, (_, i) => Math.sin(i)), [8, 8], true);
    const b = Tensor.from(Array.from({ length: 64 }, (_, i) => Math.cos(i)), [8, 8], true);
    const loss = () => {
      const y = linearActivation(a, b, null, 'tanh');
      return sum(mul(y, y));
    };
    const first = grad(loss(), [a, b]);
    const snapshot = first.map((g) => g.data.slice());
    for (let i = 0; i < 5; i++) grad(loss(), [a, b]);
    first.forEach((g, i) => sameBits(g.data, snapshot[i], `gradient ${i}`));
  });
});
