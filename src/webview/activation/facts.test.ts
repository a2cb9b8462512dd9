/**
 * The panel's adapter over src/analysis/activationFacts.ts (whose tests check the numbers against
 * closed forms and the registry hints): the box's shape, brackets, plateaus and placeholders.
 */
import { strict as assert } from 'node:assert';
import { ACTIVATIONS, findActivation, resolveCurve } from '../../plot/catalog';
import { curveFacts, factRows, formatRange, type CurveFacts } from './facts';

const cache = new Map<string, CurveFacts>();
function facts(name: string, params: Record<string, number> = {}): CurveFacts {
  const key = JSON.stringify([name, params]);
  if (!cache.has(key)) {
    const r = resolveCurve(name.includes('x') && !findActivation(name) ? { kind: 'expression', source: name } : { kind: 'builtin', name }, params);
    assert.ok(r.ok, name);
    cache.set(key, curveFacts(r.apply, r.spec?.kinks));
  }
  return cache.get(key)!;
}

describe('activation facts box', function () {
  this.timeout(60_000);

  it('sigmoid: (0, 1), not zero-centred, increasing, max f′ = 0.25 placed at exactly 0', () => {
    const f = facts('sigmoid');
    assert.equal(formatRange(f.range), '(0, 1)');
    assert.equal(f.zeroCentred, false);
    assert.equal(f.monotonic, 'increasing');
    assert.equal(f.maxAbsDfAt, 0);
  });

  it('odd functions report a mean of exactly 0', () => {
    assert.equal(facts('tanh').meanOutput, 0);
    assert.equal(formatRange(facts('tanh').range), '(−1, 1)');
  });

  it('ReLU: [0, ∞), max |f′| = 1 on a plateau (no single place)', () => {
    const f = facts('relu');
    assert.equal(formatRange(f.range), '[0, ∞)');
    assert.equal(f.maxAbsDf, 1);
    assert.ok(Number.isNaN(f.maxAbsDfAt));
  });

  it('brackets follow attainment and parameters: [−1, 1], (−1, ∞), (−2, ∞), (−∞, ∞), [0, ∞)', () => {
    assert.equal(formatRange(facts('hardtanh').range), '[−1, 1]');
    assert.equal(formatRange(facts('elu').range), '(−1, ∞)');
    assert.equal(formatRange(facts('elu', { alpha: 2 }).range), '(−2, ∞)');
    assert.equal(formatRange(facts('leaky_relu').range), '(−∞, ∞)');
    assert.equal(formatRange(facts('1 / x').range), '(−∞, ∞)');
    assert.equal(formatRange(facts('sqrt(x)').range), '[0, ∞)');
    assert.equal(formatRange(facts('softsign').range), '(−1, 1)');
    assert.equal(facts('silu').monotonic, 'no');
    assert.equal(facts('silu').range.loAttained, true);
  });

  it('log x has no mean, so no zero-centred verdict', () => {
    const log = facts('log(x)');
    assert.equal(formatRange(log.range), '(−∞, ∞)');
    assert.ok(Number.isNaN(log.meanOutput));
    assert.equal(factRows(log, true)[1].value, '—');
  });

  it('an expression whose slope keeps growing has max |f′| = ∞', () => {
    const f = facts('x^2');
    assert.equal(f.maxAbsDf, Infinity);
    assert.ok(Number.isNaN(f.maxAbsDfAt));
    assert.equal(f.monotonic, 'no');
    assert.equal(factRows(f, true)[3].value, '∞');
  });

  it('agrees with the registry hints for every elementwise default, through the adapter', () => {
    for (const spec of ACTIVATIONS.filter((a) => a.kind === 'elementwise')) {
      const f = facts(spec.name);
      assert.equal(f.monotonic !== 'no', spec.monotonic, `${spec.name} monotonic`);
      assert.equal(f.zeroCentred, spec.zeroCentred, `${spec.name} zero-centred`);
    }
  });

  it('formats the box, with placeholders before and after a failure', () => {
    const rows = factRows(facts('sigmoid'), true);
    assert.deepEqual(rows.map((r) => r.term), ['Range', 'Zero-centred', 'Monotonic', 'max |f′|', 'E[f′(z)²], z ~ N(0, 1)']);
    assert.equal(rows[3].value, '0.25 (x = 0)');
    assert.ok(factRows(undefined, false).every((r) => r.value === 'computing…'));
    assert.ok(factRows(undefined, true).every((r) => r.value === '—'));
  });
});
