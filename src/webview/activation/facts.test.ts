import { strict as assert } from 'node:assert';
import { erfScalar } from '../../engine';
import { ACTIVATIONS, findActivation, resolveCurve } from './catalog';
import { curveFacts, factRows, formatRange, type CurveFacts } from './facts';

const Phi = (x: number) => 0.5 * (1 + erfScalar(x / Math.SQRT2));

/** E[g(z)], z ~ N(0, 1), by composite Simpson on [-12, 12]: an independent check of the quadrature. */
function simpson(g: (z: number) => number, n = 24_000): number {
  const a = -12, h = 24 / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const z = a + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    s += w * g(z) * Math.exp(-z * z / 2);
  }
  return (s * h) / 3 / Math.sqrt(2 * Math.PI);
}

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
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('activation facts', function () {
  this.timeout(60_000);

  it('sigmoid: range (0, 1), not zero-centred, increasing, max f′ = 0.25 at 0, E[σ′(z)²] as integrated', () => {
    const f = facts('sigmoid');
    assert.equal(formatRange(f.range), '(0, 1)');
    assert.equal(f.zeroCentred, false);
    assert.equal(f.monotonic, 'increasing');
    close(f.maxAbsDf, 0.25, 1e-14, 'max');
    close(f.maxAbsDfAt, 0, 1e-6, 'argmax');
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    close(f.meanSquaredDf, simpson((z) => (s(z) * (1 - s(z))) ** 2), 1e-12, 'E[σ′²]');
  });

  it('tanh: range (−1, 1), zero-centred, max f′ = 1 at 0, E[tanh′(z)²] as integrated', () => {
    const f = facts('tanh');
    assert.equal(formatRange(f.range), '(−1, 1)');
    assert.equal(f.zeroCentred, true);
    close(f.meanOutput, 0, 1e-14, 'E[tanh]');
    close(f.maxAbsDf, 1, 1e-14, 'max');
    close(f.meanSquaredDf, simpson((z) => (1 - Math.tanh(z) ** 2) ** 2), 1e-12, 'E[tanh′²]');
  });

  it('piecewise-linear ones have closed forms: ReLU 1/2, leaky 1/2 + s²/2, hardtanh P(|z| < 1), hardsigmoid P(|z| < 3)/36', () => {
    close(facts('relu').meanSquaredDf, 0.5, 1e-13, 'relu');
    close(facts('leaky_relu', { negative_slope: 0.2 }).meanSquaredDf, 0.5 + 0.02, 1e-13, 'leaky 0.2');
    close(facts('hardtanh').meanSquaredDf, 2 * Phi(1) - 1, 1e-13, 'hardtanh');
    close(facts('hardsigmoid').meanSquaredDf, (2 * Phi(3) - 1) / 36, 1e-13, 'hardsigmoid');
    close(facts('identity').meanSquaredDf, 1, 1e-13, 'identity');
  });

  it('ReLU: [0, ∞), max |f′| = 1 on a plateau (no single place), not zero-centred', () => {
    const f = facts('relu');
    assert.equal(formatRange(f.range), '[0, ∞)');
    assert.equal(f.maxAbsDf, 1);
    assert.ok(Number.isNaN(f.maxAbsDfAt));
    assert.equal(f.zeroCentred, false);
    close(f.meanOutput, 1 / Math.sqrt(2 * Math.PI), 1e-13, 'E[relu(z)]');
  });

  it('hardtanh is closed: [−1, 1]; ELU approaches −α: (−α, ∞) and follows its parameter', () => {
    assert.equal(formatRange(facts('hardtanh').range), '[−1, 1]');
    assert.equal(formatRange(facts('elu').range), '(−1, ∞)');
    assert.equal(formatRange(facts('elu', { alpha: 2 }).range), '(−2, ∞)');
    assert.equal(facts('elu').zeroCentred, true);
  });

  it('SiLU is not monotonic and peaks at f′ ≈ 1.0998 near x ≈ 2.3994', () => {
    const f = facts('silu');
    assert.equal(f.monotonic, 'no');
    close(f.maxAbsDf, 1.0998393194, 1e-8, 'max silu′');
    close(f.maxAbsDfAt, 2.399357280, 1e-5, 'argmax');
    close(f.range.lo, -0.2784645428, 1e-8, 'min silu');
    assert.equal(f.range.loAttained, true);
  });

  it('unbounded ranges: leaky ReLU (−∞, ∞), log x (−∞, ∞) with no mean, 1/x with a pole, sqrt x [0, ∞)', () => {
    assert.equal(formatRange(facts('leaky_relu').range), '(−∞, ∞)');
    const log = facts('log(x)');
    assert.equal(formatRange(log.range), '(−∞, ∞)');
    assert.ok(Number.isNaN(log.meanOutput));
    assert.ok(factRows(log, true)[1].value === '—', 'no zero-centred verdict without a mean');
    assert.equal(formatRange(facts('1 / x').range), '(−∞, ∞)');
    assert.equal(formatRange(facts('sqrt(x)').range), '[0, ∞)');
    assert.equal(formatRange(facts('softsign').range), '(−1, 1)');
  });

  it('an expression whose slope keeps growing has max |f′| = ∞', () => {
    const f = facts('x^2');
    assert.equal(f.maxAbsDf, Infinity);
    assert.equal(formatRange(f.range), '[0, ∞)');
    assert.equal(f.monotonic, 'no');
  });

  it('agrees with the registry hints (range, zero-centred, monotonic) for every elementwise default', () => {
    for (const spec of ACTIVATIONS.filter((a) => a.kind === 'elementwise')) {
      const f = facts(spec.name);
      assert.equal(f.monotonic !== 'no', spec.monotonic, `${spec.name} monotonic`);
      assert.equal(f.zeroCentred, spec.zeroCentred, `${spec.name} zero-centred (E[f] = ${f.meanOutput})`);
      const [lo, hi] = spec.range;
      assert.ok(Math.abs(f.range.lo - lo) <= 0.01 * Math.max(1, Math.abs(lo)) || f.range.lo === lo, `${spec.name} inf ${f.range.lo} vs hint ${lo}`);
      assert.ok(Math.abs(f.range.hi - hi) <= 0.01 * Math.max(1, Math.abs(hi)) || f.range.hi === hi, `${spec.name} sup ${f.range.hi} vs hint ${hi}`);
      assert.ok(f.meanSquaredDf > 0 && Number.isFinite(f.meanSquaredDf), `${spec.name} E[f′²]`);
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
