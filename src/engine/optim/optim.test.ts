/**
 * Options the oracle does not cover (Nesterov, dampening, centered and momentum RMSprop,
 * AMSGrad), checked against scalar recurrences written straight from PyTorch's documented
 * algorithms, plus the bookkeeping: skipped parameters, zeroGrad, lr changes, bad hyperparameters.
 */
import { strict as assert } from 'node:assert';
import { Adam, createOptimizer, findOptimizerName, OPTIMIZERS, RMSprop, SGD, type Parameter } from './index';
import { isResident, openArena, takeResident, withArena } from '../kernels/bufferPool';

function param(values: number[], grads: number[] | null): Parameter {
  return { data: Float64Array.from(values), grad: grads ? { data: Float64Array.from(grads) } : null };
}

/** Runs `steps` steps with a gradient that changes each step: g_t = g0 * (1 + 0.3 t) - 0.1 p. */
function runVector(make: (p: Parameter[]) => { step(): void }, steps: number): number[] {
  const p = param([0.5, -1.2, 2], [0.3, -0.7, 1e-4]);
  const g0 = Float64Array.from(p.grad!.data);
  const opt = make([p]);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < 3; i++) p.grad!.data[i] = g0[i] * (1 + 0.3 * t) - 0.1 * p.data[i];
    opt.step();
  }
  return [...p.data];
}

/** The same gradient sequence through a scalar reference update rule. */
function runScalar(update: (p: number, g: number, i: number) => number, steps: number): number[] {
  const p = [0.5, -1.2, 2];
  const g0 = [0.3, -0.7, 1e-4];
  for (let t = 0; t < steps; t++) for (let i = 0; i < 3; i++) p[i] = update(p[i], g0[i] * (1 + 0.3 * t) - 0.1 * p[i], i);
  return p;
}

function assertClose(actual: number[], expected: number[]): void {
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= 1e-14 * Math.max(1, Math.abs(expected[i])), `${a} vs ${expected[i]}`));
}

describe('optimizers beyond the oracle', () => {
  it('plain SGD updates every value as p + (-lr)·g, bit for bit, at every length, in JavaScript and in the arena\'s kernel', () => {
    // Ordinary arrays take the JavaScript loop (four values at a time); a parameter and gradient in the buffer pool's
    // arena take the WebAssembly kernel (four at a time, then a pair, then one).
    const inArena = (values: number[]) => {
      const a = values.length === 0 ? new Float64Array(0) : takeResident(values.length);
      assert.ok(a !== null && (values.length === 0 || isResident(a)), 'the arena has room');
      a.set(values);
      return a;
    };
    for (const place of [(values: number[]) => Float64Array.from(values), inArena]) withArena(openArena(1 << 20), () => {
      for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1001]) {
        const values = Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 3);
        const grads = Array.from({ length: n }, (_, i) => Math.cos(3 * i) / 7);
        const p: Parameter = { data: place(values), grad: { data: place(grads) } };
        new SGD([p], { lr: 0.037 }).step();
        assert.deepEqual([...p.data], values.map((v, i) => v + -0.037 * grads[i]), `length ${n}`);
      }
    });
  });

  it('SGD with Nesterov momentum and weight decay', () => {
    const [lr, mom, wd] = [0.05, 0.9, 0.01];
    const buf = [NaN, NaN, NaN];
    const expected = runScalar((p, g, i) => {
      const d = g + wd * p;
      buf[i] = Number.isNaN(buf[i]) ? d : mom * buf[i] + d;
      return p - lr * (d + mom * buf[i]);
    }, 5);
    assertClose(runVector((ps) => new SGD(ps, { lr, momentum: mom, weightDecay: wd, nesterov: true }), 5), expected);
  });

  it('SGD with dampening (the first step still copies d into the buffer)', () => {
    const [lr, mom, damp] = [0.1, 0.8, 0.5];
    const buf = [NaN, NaN, NaN];
    const expected = runScalar((p, g, i) => {
      buf[i] = Number.isNaN(buf[i]) ? g : mom * buf[i] + (1 - damp) * g;
      return p - lr * buf[i];
    }, 4);
    assertClose(runVector((ps) => new SGD(ps, { lr, momentum: mom, dampening: damp }), 4), expected);
  });

  it('Adam with AMSGrad uses the running maximum of v', () => {
    const [lr, b1, b2, eps] = [0.01, 0.9, 0.99, 1e-8];
    const m = [0, 0, 0], v = [0, 0, 0], vmax = [0, 0, 0];
    let t = 0;
    const expected = runScalar((p, g, i) => {
      if (i === 0) t++;
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      vmax[i] = Math.max(vmax[i], v[i]);
      return p - (lr / (1 - b1 ** t)) * m[i] / (Math.sqrt(vmax[i]) / Math.sqrt(1 - b2 ** t) + eps);
    }, 6);
    assertClose(runVector((ps) => new Adam(ps, { lr, betas: [b1, b2], eps, amsgrad: true }), 6), expected);
  });

  it('RMSprop centered with momentum and weight decay', () => {
    const [lr, alpha, eps, mom, wd] = [0.01, 0.9, 1e-8, 0.5, 0.1];
    const v = [0, 0, 0], gAvg = [0, 0, 0], buf = [0, 0, 0];
    const expected = runScalar((p, g, i) => {
      const d = g + wd * p;
      v[i] = alpha * v[i] + (1 - alpha) * d * d;
      gAvg[i] = alpha * gAvg[i] + (1 - alpha) * d;
      buf[i] = mom * buf[i] + d / (Math.sqrt(v[i] - gAvg[i] * gAvg[i]) + eps);
      return p - lr * buf[i];
    }, 5);
    assertClose(runVector((ps) => new RMSprop(ps, { lr, alpha, eps, momentum: mom, centered: true, weightDecay: wd }), 5), expected);
  });

  it('skips parameters without a gradient, keeps state per parameter, and zeroes gradients', () => {
    const a = param([1, 2], [0.5, 0.5]);
    const b = param([3], null);
    const opt = new Adam([a, b], { lr: 0.1 });
    opt.step();
    assert.deepEqual([...b.data], [3]);
    assert.ok(Math.abs(a.data[0] - 0.9) < 1e-7); // Adam's first step moves by ~lr
    b.grad = { data: Float64Array.from([1]) };
    opt.step(); // b's first step: its own step count starts at 1
    assert.ok(Math.abs(b.data[0] - 2.9) < 1e-7);
    opt.zeroGrad();
    assert.deepEqual([...a.grad!.data, ...b.grad.data], [0, 0, 0]);
  });

  it('lets the learning rate change between steps and resets state', () => {
    const p = param([1], [1]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    opt.step();
    opt.lr = 0.01;
    opt.step(); // buf = 0.9 * 1 + 1 = 1.9
    assert.ok(Math.abs(p.data[0] - (1 - 0.1 - 0.019)) < 1e-15);
    opt.resetState();
    opt.step(); // the buffer starts again from d
    assert.ok(Math.abs(p.data[0] - (1 - 0.1 - 0.019 - 0.01)) < 1e-15);
    assert.throws(() => { opt.lr = -1; }, /Invalid learning rate: -1/);
  });

  it('rejects invalid hyperparameters as torch does', () => {
    const ps = [param([1], [1])];
    assert.throws(() => new SGD(ps, { lr: 0.1, nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/);
    assert.throws(() => new SGD(ps, { lr: 0.1, momentum: -0.5 }), /Invalid momentum value/);
    assert.throws(() => new Adam(ps, { betas: [1, 0.999] }), /Invalid beta parameter at index 0/);
    assert.throws(() => new Adam(ps, { eps: -1 }), /Invalid epsilon value/);
    assert.throws(() => new RMSprop(ps, { weightDecay: -1 }), /Invalid weight_decay value/);
    assert.throws(() => new SGD([ps[0], ps[0]]), /more than once/);
    assert.throws(() => new SGD([param([1, 2], [1])]).step(), /gradient has 1 elements, parameter has 2/);
  });

  it('creates optimizers by name and lists their hyperparameters', () => {
    assert.ok(createOptimizer('Adam', []) instanceof Adam);
    assert.ok(createOptimizer('RMSprop', []) instanceof RMSprop);
    assert.ok(createOptimizer('sgd', [], { lr: 0.5 }) instanceof SGD);
    assert.equal(findOptimizerName(' SGD '), 'sgd');
    assert.throws(() => createOptimizer('adamw', []), /Unknown optimizer 'adamw'. Valid names: sgd, adam, rmsprop/);
    // The registry's defaults are the ones the constructors use.
    const adam = new Adam([]);
    const defaults = Object.fromEntries(OPTIMIZERS.adam.hyperparameters.map((h) => [h.key, h.default]));
    assert.deepEqual(defaults, { lr: adam.lr, betas: [adam.beta1, adam.beta2], eps: adam.eps, weightDecay: 0, amsgrad: false });
    assert.equal(OPTIMIZERS.rmsprop.hyperparameters[0].default, new RMSprop([]).lr);
    assert.equal(OPTIMIZERS.sgd.hyperparameters[0].default, new SGD([]).lr);
  });
});
