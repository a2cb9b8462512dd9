/**
 * Every activation of the PyTorch oracle (activations.json): y, f' and f'' (double backward) at
 * every point, and PyTorch's values exactly at each kink.
 */
import { strict as assert } from 'node:assert';
import { Tensor, grad, sum } from '../index';
import { getActivation } from './registry';
import { CaseCheck, decodeArray, describeOracle, loadOracle, type OracleNumber } from '../testing/oracle';

interface Tol { rtol: number; atol: number }
interface ActivationsOracle {
  x: OracleNumber[];
  order: string[];
  tolerance: { default: Tol; overrides: Record<string, Record<string, Tol>> };
  activations: Record<string, { params: Record<string, number | string>; y: OracleNumber[]; dy: OracleNumber[]; d2y: OracleNumber[] | null }>;
  conventions: Record<string, { kinks: { x: number; y: number; dy: number; d2y: number | null }[] }>;
}

const oracle = loadOracle<ActivationsOracle>('activations.json');

/** y, f'(x) and f''(x) for every x at once (elementwise functions do not mix elements). */
export function evaluateWithDerivatives(name: string, xs: Float64Array, params: Record<string, number>) {
  const x = new Tensor(xs.slice(), [xs.length], true);
  const y = getActivation(name).apply(x, params);
  const [dy] = grad(sum(y), x, { createGraph: true });
  // f' that does not depend on x (relu, identity, hardsigmoid) has no graph: f'' is then 0.
  const [d2y] = grad(sum(dy), x, { materializeGrads: true });
  return { y: y.data, dy: dy.data, d2y: d2y.data, d2yConnected: dy.requiresGrad };
}

/** Oracle params use PyTorch keywords; gelu's `approximate` selects a registry entry instead. */
function numericParams(params: Record<string, number | string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'number') out[k] = v;
  return out;
}

describeOracle<ActivationsOracle>('activations.json', (oracle) => {
  const xs = decodeArray(oracle.x);

  for (const name of oracle.order) {
    it(`${name}: y, dy, d2y at ${xs.length} points and at its kinks`, () => {
      const entry = oracle.activations[name];
      const tol = (q: string): Tol => oracle.tolerance.overrides[name]?.[q] ?? oracle.tolerance.default;
      const params = name === 'selu' ? {} : numericParams(entry.params); // selu's constants are fixed
      const registryName = name === 'gelu' && entry.params.approximate === 'tanh' ? 'gelu_tanh' : name;
      const r = evaluateWithDerivatives(registryName, xs, params);
      const check = new CaseCheck();
      for (const q of ['y', 'dy'] as const) check.elementwise(q, r[q], decodeArray(entry[q]), tol(q).rtol, tol(q).atol);
      if (entry.d2y === null) {
        // PyTorch gives no f'' here (not implemented, or f' is a constant); mathematically it is 0
        // away from the kinks, and the engine's f' carries no dependence on x.
        check.exact('d2y', !r.d2yConnected && r.d2y.every((v) => v === 0), 'expected f\' not to depend on x');
      } else {
        check.elementwise('d2y', r.d2y, decodeArray(entry.d2y), tol('d2y').rtol, tol('d2y').atol);
      }
      for (const kink of oracle.conventions[name]?.kinks ?? []) {
        const k = evaluateWithDerivatives(registryName, Float64Array.of(kink.x), params);
        const at = `kink x=${kink.x}`;
        check.elementwise(`${at} y`, k.y, [kink.y], tol('y').rtol, tol('y').atol);
        check.elementwise(`${at} dy`, k.dy, [kink.dy], tol('dy').rtol, tol('dy').atol);
        if (kink.d2y !== null) check.elementwise(`${at} d2y`, k.d2y, [kink.d2y], tol('d2y').rtol, tol('d2y').atol);
      }
      check.assertAll();
    });
  }
});

describe('activations.json coverage', () => {
  it('names every activation in `order`', () => {
    if (oracle === null) return;
    assert.deepEqual(Object.keys(oracle.activations).sort(), [...oracle.order].sort());
  });
});
