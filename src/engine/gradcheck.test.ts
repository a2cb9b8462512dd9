/**
 * Property tests: autograd against finite differences on random expression graphs, random
 * activations and random small MLPs, at first and second order, plus negative controls showing
 * that the same checks catch a deliberately wrong backward.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  Tensor, record, add, sub, mul, div, pow, exp, log1p, sqrt, sin, cos, tanh, sigmoid, matmul, linear, sum, mean,
  softmax, logSoftmax, transpose, reshape, concat, narrow, gather, softplus, erf, maximum, where, gt,
  ACTIVATIONS, MLP, mseLoss, crossEntropy, Rng,
} from './index';
import { gradcheck, gradgradcheck } from './gradcheck';

const ROWS = 3, COLS = 4;
const GATHER_INDEX = new Tensor(Float64Array.from([0, 0, 3, 1, 2, 1, 1, 0, 3, 3, 2, 2]), [ROWS, COLS]);

type Binary = (x: Tensor, y: Tensor) => Tensor;

/** Ops from [3,4] tensors to a [3,4] tensor; smooth, and bounded where chaining could blow up. */
const SMOOTH_OPS: Record<string, Binary> = {
  add: (x, y) => add(x, y),
  sub: (x, y) => sub(x, y),
  mul: (x, y) => mul(tanh(x), y),
  div: (x, y) => div(x, add(mul(y, y), 1.5)),
  pow3: (x) => pow(tanh(x), 3),
  powTensor: (x, y) => pow(add(sigmoid(x), 0.5), tanh(y)),
  expTanh: (x) => exp(tanh(x)),
  log1pSquare: (x) => log1p(mul(x, x)),
  sqrtSoft: (x) => sqrt(add(mul(x, x), 1)),
  sinCos: (x, y) => mul(sin(x), cos(y)),
  sigmoid: (x) => sigmoid(x),
  erf: (x) => erf(x),
  softplus: (x) => softplus(x),
  matmulMix: (x, y) => mul(matmul(matmul(x, y, { transposeB: true }), x), 0.25),
  matmulTA: (x, y) => mul(matmul(x, matmul(x, y, { transposeA: true })), 0.25),
  linear: (x, y) => linear(x, mul(matmul(y, y, { transposeA: true }), 0.25), sum(y, 0)),
  centre: (x) => sub(x, mean(x, 1, true)),
  normalise: (x) => div(x, sqrt(add(mean(mul(x, x), 0, true), 1))),
  softmax: (x) => softmax(x, 1),
  logSoftmax: (x) => logSoftmax(x, 0),
  transposeReshape: (x) => transpose(reshape(x, [COLS, ROWS])),
  concatNarrow: (x, y) => concat([narrow(x, 1, 0, 2), narrow(y, 1, 2, 2)], 1),
  gather: (x) => gather(x, 1, GATHER_INDEX),
};

interface Instruction { op: string; a: number; b: number }

/** Runs a program over a pool that starts with the inputs (c and s enter through broadcasting). */
function runProgram(ops: Record<string, Binary>, program: readonly Instruction[], A: Tensor, B: Tensor, c: Tensor, s: Tensor): Tensor {
  const pool = [A, B, add(A, c), mul(B, s)];
  for (const { op, a, b } of program) pool.push(ops[op](pool[a % pool.length], pool[b % pool.length]));
  return pool[pool.length - 1];
}

const value = fc.double({ min: -2, max: 2, noNaN: true });
const inputsArb = fc.record({
  A: fc.array(value, { minLength: ROWS * COLS, maxLength: ROWS * COLS }),
  B: fc.array(value, { minLength: ROWS * COLS, maxLength: ROWS * COLS }),
  c: fc.array(value, { minLength: COLS, maxLength: COLS }),
  s: value,
});
const programArb = (ops: Record<string, Binary>) =>
  fc.array(fc.record({ op: fc.constantFrom(...Object.keys(ops)), a: fc.nat(), b: fc.nat() }), { minLength: 1, maxLength: 7 });

function tensors(i: { A: number[]; B: number[]; c: number[]; s: number }): Tensor[] {
  return [Tensor.from(i.A, [ROWS, COLS], true), Tensor.from(i.B, [ROWS, COLS], true), Tensor.from(i.c, [COLS], true), Tensor.from([i.s], [], true)];
}

/** Moves x at least 0.01 away from each kink (finite differences straddling a kink are meaningless). */
function nudge(x: number, kinks: readonly number[]): number {
  for (let pass = 0; pass < 3; pass++) {
    for (const k of kinks) if (Math.abs(x - k) < 0.01) x = k + (x >= k ? 0.01 : -0.01) * 1.7;
  }
  return x;
}

function describeFailure(r: ReturnType<typeof gradcheck>): string {
  return r.worst ? `input ${r.worst.input}[${r.worst.index}]: analytic ${r.worst.analytic}, numeric ${r.worst.numeric}` : '';
}

/** The property "gradcheck passes on every random program built from `ops`". */
function graphProperty(ops: Record<string, Binary>, check: typeof gradcheck) {
  return fc.property(programArb(ops), inputsArb, (program, inputs) => {
    const r = check((A, B, c, s) => runProgram(ops, program, A, B, c, s), tensors(inputs));
    if (!r.ok) throw new Error(`${program.map((p) => p.op).join(' → ')}: ${describeFailure(r)}`);
  });
}

/** A cube op whose backward is off by 0.1%: the bug a gradient check exists to catch. */
function buggyCube(x: Tensor): Tensor {
  const out = new Tensor(x.data.map((v) => v * v * v), x.shape);
  return record('buggyCube', out, [x], (g) => [mul(g, mul(mul(x, x), 3.003))]);
}

/** tanh whose backward is right but detached (built from raw numbers): f' is right, f'' is lost. */
function detachedTanh(x: Tensor): Tensor {
  const out = new Tensor(x.data.map(Math.tanh), x.shape);
  return record('detachedTanh', out, [x], (g) => [mul(g, new Tensor(out.data.map((t) => 1 - t * t), x.shape))]);
}

describe('gradcheck properties', () => {
  it('random expression graphs: autograd matches finite differences', () => {
    fc.assert(graphProperty(SMOOTH_OPS, gradcheck), { numRuns: 150, seed: 20240611 });
  });

  it('random expression graphs: double backward matches finite differences of the gradient', () => {
    fc.assert(graphProperty(SMOOTH_OPS, gradgradcheck), { numRuns: 40, seed: 7 });
  });

  it('every elementwise activation: f\' and f\'\' away from its kinks', () => {
    const elementwise = ACTIVATIONS.filter((a) => a.kind === 'elementwise');
    const awayFromKinks = fc.array(fc.double({ min: -6, max: 6, noNaN: true }).map((x) => nudge(x, [0, -1, 1, -3, 3, 6])), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.constantFrom(...elementwise), awayFromKinks, (act, xs) => {
      for (const check of [gradcheck, gradgradcheck]) {
        const r = check((x) => act.apply(x), [Tensor.from(xs, [xs.length], true)]);
        if (!r.ok) throw new Error(`${act.name} (${check.name}): ${describeFailure(r)}`);
      }
    }), { numRuns: 150, seed: 3 });
  });

  it('random small MLPs (smooth activations, residual, batch norm, MSE or cross-entropy)', () => {
    const smooth = ACTIVATIONS.filter((a) => a.kind === 'elementwise' && a.smooth).map((a) => a.name);
    const mlpArb = fc.record({
      seed: fc.nat(), inputSize: fc.integer({ min: 1, max: 4 }), depth: fc.integer({ min: 1, max: 3 }),
      width: fc.integer({ min: 1, max: 5 }), outputSize: fc.integer({ min: 2, max: 3 }), batch: fc.integer({ min: 2, max: 5 }),
      activation: fc.constantFrom(...smooth), residual: fc.boolean(), batchNorm: fc.boolean(), classify: fc.boolean(),
    });
    fc.assert(fc.property(mlpArb, (o) => {
      const mlp = new MLP({ ...o, init: 'xavier_normal', biasInit: 'uniform' });
      const rng = new Rng(o.seed);
      const x = new Tensor(rng.fillNormal(new Float64Array(o.batch * o.inputSize), 0, 1), [o.batch, o.inputSize]);
      const labels = Array.from({ length: o.batch }, (_, i) => i % o.outputSize);
      const y = new Tensor(rng.fillNormal(new Float64Array(o.batch * o.outputSize), 0, 1), [o.batch, o.outputSize]);
      const loss = () => (o.classify ? crossEntropy(mlp.forward(x), labels) : mseLoss(mlp.forward(x), y));
      const r = gradcheck(() => loss(), mlp.parameters());
      if (!r.ok) throw new Error(`${mlp}: ${describeFailure(r)}`);
    }), { numRuns: 60, seed: 11 });
  });

  it('piecewise ops away from their kinks: where, maximum', () => {
    const apart = fc.array(fc.double({ min: -2, max: 2, noNaN: true }).map((x) => nudge(x, [0])), { minLength: 8, maxLength: 8 })
      .map((v) => v.map((x, i) => (i >= 4 ? nudge(x, [v[i - 4], 0]) : x)));
    fc.assert(fc.property(apart, (v) => {
      const r = gradcheck((a, b) => add(where(gt(a, 0), mul(a, b), exp(b)), maximum(a, b)),
        [Tensor.from(v.slice(0, 4), [4], true), Tensor.from(v.slice(4), [4], true)]);
      if (!r.ok) throw new Error(describeFailure(r));
    }), { numRuns: 100, seed: 5 });
  });
});

describe('gradcheck negative controls', () => {
  it('catches a backward that is 0.1% off, on every input', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 3, noNaN: true }), (x) => {
      const r = gradcheck((t) => buggyCube(t), [Tensor.from([x], [1], true)]);
      assert.equal(r.ok, false, `x = ${x}: the wrong backward was not caught`);
      assert.ok(r.maxRelError > 5e-4 && r.maxRelError < 2e-3, `relative error ${r.maxRelError}`);
    }), { numRuns: 100, seed: 1 });
  });

  it('the random-graph property fails once the wrong op is among the ops', () => {
    const withBug: Record<string, Binary> = { ...SMOOTH_OPS, buggyCube: (x) => buggyCube(tanh(x)) };
    const result = fc.check(graphProperty(withBug, gradcheck), { numRuns: 300, seed: 20240611 });
    assert.equal(result.failed, true, 'fast-check should find a program using the wrong backward');
    assert.match(String(result.errorInstance), /buggyCube/);
  });

  it('a detached backward passes gradcheck but fails gradgradcheck', () => {
    const x = [Tensor.from([-1.2, 0.3, 0.8], [3], true)];
    assert.equal(gradcheck((t) => detachedTanh(t), x).ok, true);
    assert.equal(gradgradcheck((t) => detachedTanh(t), x).ok, false);
    assert.equal(gradgradcheck((t) => tanh(t), x).ok, true);
  });
});
