import { strict as assert } from 'node:assert';
import { Tensor, grad, sum } from '../index';
import {
  ACTIVATIONS, ACTIVATION_NAMES, ELEMENTWISE_ACTIVATION_NAMES, findActivation, getActivation, resolveActivationParams,
  type ActivationSpec,
} from './registry';

const GRID = Float64Array.from({ length: 4001 }, (_, i) => -50 + i * 0.025);

function valuesAndSlopes(a: ActivationSpec, xs: Float64Array) {
  const x = new Tensor(xs.slice(), [xs.length], true);
  const y = a.apply(x);
  const [dy] = grad(sum(y), x);
  return { y: y.data, dy: dy.data };
}

describe('activation registry', () => {
  it('has unique names and aliases, the 20 oracle activations plus softmax and log_softmax', () => {
    const keys = ACTIVATIONS.flatMap((a) => [a.name, ...a.aliases]);
    assert.equal(new Set(keys).size, keys.length);
    for (const n of ['relu', 'leaky_relu', 'elu', 'selu', 'celu', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus',
      'sigmoid', 'tanh', 'hardtanh', 'hardsigmoid', 'hardswish', 'softsign', 'logsigmoid', 'relu6', 'tanhshrink',
      'identity', 'softmax', 'log_softmax']) {
      assert.ok(ACTIVATION_NAMES.includes(n), n);
    }
    assert.ok(!ELEMENTWISE_ACTIVATION_NAMES.includes('softmax'));
    assert.equal(findActivation('swish')?.name, 'silu');
    assert.equal(findActivation('nope'), undefined);
    assert.throws(() => getActivation('nope'), /unknown activation "nope"; known: relu, /);
  });

  it('every entry has a one-line description and sane slider ranges', () => {
    for (const a of ACTIVATIONS) {
      assert.ok(a.description.length > 10 && !a.description.includes('\n'), a.name);
      for (const p of a.params) {
        assert.ok(p.min <= p.default && p.default <= p.max && p.step > 0, `${a.name}.${p.name}`);
      }
    }
  });

  it('fills defaults and rejects unknown or non-finite parameters', () => {
    const sp = getActivation('softplus');
    assert.deepEqual(resolveActivationParams(sp, { beta: 2 }), { beta: 2, threshold: 20 });
    assert.throws(() => resolveActivationParams(sp, { alpha: 1 }), /softplus has no parameter "alpha" \(parameters: beta, threshold\)/);
    assert.throws(() => resolveActivationParams(sp, { beta: NaN }), /finite/);
    const leaky = getActivation('leaky_relu').apply(Tensor.from([-2, 2]), { negative_slope: 0.5 });
    assert.deepEqual(leaky.toArray(), [-1, 2]);
  });

  for (const a of ACTIVATIONS.filter((e) => e.kind === 'elementwise')) {
    it(`${a.name}: range, monotonicity, zero-centring and kinks hold numerically`, () => {
      const { y, dy } = valuesAndSlopes(a, GRID);
      const far = valuesAndSlopes(a, Float64Array.of(-1e6, -1e3, 1e3, 1e6)).y;
      const [lo, hi] = a.range;
      const yMin = Math.min(...y, ...far), yMax = Math.max(...y, ...far);
      assert.ok(yMin >= lo - 1e-12 && yMax <= hi + 1e-12, `values [${yMin}, ${yMax}] outside [${lo}, ${hi}]`);
      if (Number.isFinite(lo)) assert.ok(yMin - lo < 0.01, `lower bound ${lo} is not approached (min ${yMin})`);
      else assert.ok(yMin < -20);
      if (Number.isFinite(hi)) assert.ok(hi - yMax < 0.01, `upper bound ${hi} is not approached (max ${yMax})`);
      else assert.ok(yMax > 20);
      assert.equal(dy.every((d) => d >= 0), a.monotonic, 'monotonic flag');
      if (a.zeroCentred) assert.equal(a.apply(Tensor.from([0])).item(), 0);
      for (const k of a.kinks) {
        const s = valuesAndSlopes(a, Float64Array.of(k - 1e-7, k + 1e-7)).dy;
        assert.ok(Math.abs(s[1] - s[0]) > 1e-3, `no slope jump at kink ${k}`);
      }
      // Away from the listed kinks, f' is continuous on the grid (steps of 0.025).
      for (let i = 1; i < GRID.length; i++) {
        if (a.kinks.some((k) => Math.abs(GRID[i] - k) < 0.03)) continue;
        assert.ok(Math.abs(dy[i] - dy[i - 1]) < 0.05, `f' jumps between ${GRID[i - 1]} and ${GRID[i]}`);
      }
    });
  }

  it('softmax rows sum to 1 and log_softmax rows log-sum-exp to 0', () => {
    const x = Tensor.from([1, 2, 3, -1, 0, 1000], [2, 3]);
    const s = getActivation('softmax').apply(x).data;
    assert.ok(Math.abs(s[0] + s[1] + s[2] - 1) < 1e-15 && Math.abs(s[3] + s[4] + s[5] - 1) < 1e-15);
    const l = getActivation('log_softmax').apply(x).data;
    assert.ok(Math.abs(Math.log(Math.exp(l[0]) + Math.exp(l[1]) + Math.exp(l[2]))) < 1e-15);
  });
});
