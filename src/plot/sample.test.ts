import { strict as assert } from 'node:assert';
import { compareElementwise, decodeArray, loadOracle, type OracleNumber } from '../engine/testing/oracle';
import { resolveCurve } from './catalog';
import { linspace, sampleDerivatives, sampleOnGrid } from './sample';

interface Tol { rtol: number; atol: number }
interface Oracle {
  x: OracleNumber[];
  tolerance: { default: Tol; overrides: Record<string, Record<string, Tol>> };
  activations: Record<string, { params: Record<string, number | string>; y: OracleNumber[]; dy: OracleNumber[]; d2y: OracleNumber[] | null }>;
}

const oracle = loadOracle<Oracle>('activations.json');

describe('sampling f, f′, f″ through autograd', () => {
  it('linspace hits both ends exactly and is evenly spaced', () => {
    const xs = linspace(-6, 6, 2001);
    assert.equal(xs.length, 2001);
    assert.equal(xs[0], -6);
    assert.equal(xs[2000], 6);
    assert.equal(xs[1000], 0);
    assert.ok(Math.abs(xs[1] - xs[0] - 0.006) < 1e-15);
  });

  // The panel's sampler, on every oracle point, for activations with and without kinks, parameters and f''.
  for (const name of ['sigmoid', 'tanh', 'relu', 'gelu', 'softplus', 'leaky_relu', 'elu', 'hardsigmoid', 'identity', 'mish']) {
    it(`${name} matches PyTorch's y, dy and d2y within the oracle's tolerances`, function () {
      if (!oracle) this.skip();
      const o = oracle!;
      const entry = o.activations[name];
      const params = Object.fromEntries(Object.entries(entry.params).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
      const resolved = resolveCurve({ kind: 'builtin', name }, name === 'selu' ? {} : params);
      assert.ok(resolved.ok);
      const v = sampleDerivatives(resolved.apply, decodeArray(o.x));
      const tol = (q: string) => o.tolerance.overrides[name]?.[q] ?? o.tolerance.default;
      for (const [q, actual] of [['y', v.f], ['dy', v.df]] as const) {
        const problem = compareElementwise(actual, decodeArray(entry[q]), tol(q).rtol, tol(q).atol);
        assert.equal(problem, null, `${name} ${q}: ${problem}`);
      }
      if (entry.d2y) {
        const problem = compareElementwise(v.d2f, decodeArray(entry.d2y), tol('d2y').rtol, tol('d2y').atol);
        assert.equal(problem, null, `${name} d2y: ${problem}`);
      } else {
        assert.ok(v.d2f.every((d) => d === 0), `${name}: f' has no dependence on x, so f'' must be 0`);
      }
    });
  }

  it('expressions: x * sigmoid(1.702 * x) has the product-rule derivative', () => {
    const r = resolveCurve({ kind: 'expression', source: 'x * sigmoid(1.702 * x)' });
    assert.ok(r.ok);
    const v = sampleOnGrid(r.apply, -4, 4, 81);
    for (let i = 0; i < v.x.length; i++) {
      const x = v.x[i], s = 1 / (1 + Math.exp(-1.702 * x));
      assert.ok(Math.abs(v.f[i] - x * s) < 1e-12);
      assert.ok(Math.abs(v.df[i] - (s + 1.702 * x * s * (1 - s))) < 1e-12);
    }
  });

  it('a constant expression gives f′ = f″ = 0 on every point', () => {
    const r = resolveCurve({ kind: 'expression', source: '2' });
    assert.ok(r.ok);
    const v = sampleOnGrid(r.apply, -1, 1, 11);
    assert.ok(v.f.every((y) => y === 2) && v.df.every((d) => d === 0) && v.d2f.every((d) => d === 0));
  });

  it('NaN where the expression is undefined, finite elsewhere (the chart draws gaps there)', () => {
    const r = resolveCurve({ kind: 'expression', source: 'log(x)' });
    assert.ok(r.ok);
    const v = sampleOnGrid(r.apply, -1, 1, 21);
    for (let i = 0; i < v.x.length; i++) {
      if (v.x[i] < 0) assert.ok(Number.isNaN(v.f[i]) && Number.isNaN(v.df[i]) && Number.isNaN(v.d2f[i]), `log(${v.x[i]}) and its derivatives`);
      if (v.x[i] > 0) {
        assert.ok(Math.abs(v.f[i] - Math.log(v.x[i])) < 1e-15);
        assert.ok(Math.abs(v.df[i] - 1 / v.x[i]) < 1e-12);
        assert.ok(Math.abs(v.d2f[i] + 1 / v.x[i] ** 2) < 1e-9);
      }
    }
  });
});
