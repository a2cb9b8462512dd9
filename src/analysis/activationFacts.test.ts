/**
 * Facts computed numerically from the engine's functions, checked against what is known about
 * each function in closed form.
 */
import { strict as assert } from 'node:assert';
import { activationFacts, type ActivationFacts } from './activationFacts';
import { activationByName, activationFromExpression } from './activationFunction';
import { ACTIVATIONS, erfScalar, type ActivationParams } from '../engine';

function facts(nameOrExpression: string, params: ActivationParams = {}): ActivationFacts {
  const byName = activationByName(nameOrExpression, params);
  const act = 'error' in byName ? activationFromExpression(nameOrExpression) : byName;
  if ('error' in act) throw new Error(act.error);
  return activationFacts(act);
}

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

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

describe('activation facts', () => {
  it('sigmoid: range (0, 1), steepest slope 1/4 at 0, not zero-centred, increasing', () => {
    const f = facts('sigmoid');
    assert.deepEqual(f.range, [0, 1]);
    close(f.maxAbsSlope, 0.25, 1e-15, 'max slope');
    close(f.maxAbsSlopeAt, 0, 1e-6, 'argmax');
    assert.equal(f.zeroCentred, false);
    close(f.meanOutput, 0.5, 1e-15, 'E[sigmoid(z)]');
    assert.equal(f.monotonic, 'increasing');
    assert.equal(f.valueAtZero, 0.5);
    assert.equal(f.slopeAtZero, 0.25);
    assert.deepEqual(f.rangeAttained, [false, false]);
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    close(f.meanSquaredSlope, simpson((z) => (s(z) * (1 - s(z))) ** 2), 1e-12, "E[sigmoid'²]");
  });

  it('tanh: range (-1, 1), slope 1 at 0, zero-centred, E[tanh\'(z)²] from a 30-digit reference', () => {
    const f = facts('tanh');
    assert.deepEqual(f.range, [-1, 1]);
    close(f.maxAbsSlope, 1, 1e-15, 'max slope');
    assert.equal(f.zeroCentred, true);
    close(f.meanSquaredSlope, 0.464402902448268241972021461116, 1e-14, "E[tanh'²]");
    close(f.meanSquaredSlope, simpson((z) => (1 - Math.tanh(z) ** 2) ** 2), 1e-12, "E[tanh'²] by Simpson");
    close(f.meanOutput, 0, 1e-14, 'E[tanh]');
    assert.deepEqual(f.rangeAttained, [false, false]); // tanh(20) = 1 in float64, yet 1 is only approached
  });

  it('relu: [0, inf), E[relu\'(z)²] = 1/2, E[relu(z)] = 1/sqrt(2 pi)', () => {
    const f = facts('relu');
    assert.deepEqual(f.range, [0, Infinity]);
    close(f.meanSquaredSlope, 0.5, 1e-15, "E[relu'²]");
    close(f.meanOutput, 1 / Math.sqrt(2 * Math.PI), 1e-15, 'E[relu]');
    close(f.rmsOutput, Math.sqrt(0.5), 1e-15, 'rms');
    assert.equal(f.monotonic, 'increasing');
    assert.equal(f.zeroCentred, false);
    assert.deepEqual(f.rangeAttained, [true, false]);
    assert.equal(f.supAbsSlope, 1);
    assert.equal(f.slopePlateau, true); // slope 1 for every x > 0: no single place
  });

  it("piecewise-linear ones have closed forms: leaky 1/2 + s²/2, hardtanh P(|z| < 1), hardsigmoid P(|z| < 3)/36", () => {
    close(facts('leaky_relu', { negative_slope: 0.2 }).meanSquaredSlope, 0.5 + 0.02, 1e-13, 'leaky 0.2');
    close(facts('hardtanh').meanSquaredSlope, 2 * Phi(1) - 1, 1e-13, 'hardtanh');
    close(facts('hardsigmoid').meanSquaredSlope, (2 * Phi(3) - 1) / 36, 1e-13, 'hardsigmoid');
    close(facts('identity').meanSquaredSlope, 1, 1e-13, 'identity');
    assert.deepEqual(facts('hardtanh').rangeAttained, [true, true]);
  });

  it('ELU approaches -alpha without reaching it, and follows its parameter', () => {
    const elu = facts('elu');
    assert.deepEqual(elu.range, [-1, Infinity]);
    assert.deepEqual(elu.rangeAttained, [false, false]);
    assert.deepEqual(facts('elu', { alpha: 2 }).range, [-2, Infinity]);
  });

  it("SiLU is not monotonic, dips to -0.2785 (attained) and peaks at f' ≈ 1.0998 near x ≈ 2.3994", () => {
    const f = facts('silu');
    assert.equal(f.monotonic, 'none');
    close(f.maxAbsSlope, 1.0998393194, 1e-8, "max silu'");
    close(f.maxAbsSlopeAt, 2.399357280, 1e-5, 'argmax');
    assert.equal(f.slopePlateau, false);
    close(f.range[0], -0.2784645428, 1e-8, 'min silu');
    assert.equal(f.rangeAttained[0], true);
  });

  it('finds interior extremes (GELU\'s minimum, hardswish\'s slope 1.5 at 3) and asymptotes (softsign, SELU)', () => {
    const gelu = facts('gelu');
    close(gelu.range[0], -0.16997120747990146, 1e-12, 'min of x Φ(x)'); // at x ≈ -0.7518
    assert.equal(gelu.range[1], Infinity);
    assert.equal(gelu.monotonic, 'none');
    close(facts('hardswish').maxAbsSlope, 1.5, 1e-9, "hardswish' at 3");
    assert.deepEqual(facts('softsign').range.map((v) => Math.round(v * 1e6) / 1e6), [-1, 1]);
    const selu = facts('selu');
    close(selu.range[0], -1.7580993408473766, 1e-12, 'selu lower asymptote -scale·alpha');
    close(selu.maxAbsSlope, 1.7580993408473766, 1e-9, 'selu slope just left of 0');
    assert.equal(selu.zeroCentred, true); // SELU is built so that E[selu(z)] = 0
    // E[elu(z)] ≈ 0.16 against an RMS of 0.78: zero-centred in the registry's (quarter-RMS) sense.
    assert.equal(facts('elu').zeroCentred, true);
  });

  it('works on custom expressions and reports where they are undefined', () => {
    const square = facts('x^2');
    assert.deepEqual(square.range, [0, Infinity]);
    assert.equal(square.monotonic, 'none');
    close(square.meanSquaredSlope, 4, 1e-13, 'E[(2z)²]');
    close(square.maxAbsSlope, 20, 1e-12, 'max |2x| on [-10, 10]');
    assert.equal(square.supAbsSlope, Infinity); // still growing beyond the interval
    assert.deepEqual(square.rangeAttained, [true, false]);
    assert.equal(facts('-x').monotonic, 'decreasing');
    assert.equal(facts('0.5').monotonic, 'constant');
    const log = facts('log(x)');
    assert.equal(log.definedEverywhere, false);
    assert.deepEqual(log.range, [-Infinity, Infinity]);
    assert.ok(Number.isNaN(log.meanOutput), 'no mean where phi is undefined');
    assert.equal(facts('exp(x)').range[1], Infinity);
    assert.deepEqual(facts('1 / x').range, [-Infinity, Infinity]); // a pole, not the largest sample
    assert.deepEqual(facts('sqrt(x)').range, [0, Infinity]);
    assert.equal(facts('sqrt(x)').rangeAttained[0], true);
    assert.deepEqual(facts('leaky_relu').range, [-Infinity, Infinity]);
  });

  it("agrees with the registry's declared ranges, zero-centred and monotonicity for every activation", () => {
    for (const spec of ACTIVATIONS.filter((a) => a.kind === 'elementwise')) {
      const act = activationByName(spec.name);
      if ('error' in act) throw new Error(act.error);
      const f = activationFacts(act);
      assert.equal(f.monotonic !== 'none', spec.monotonic, `${spec.name}: monotonic`);
      assert.equal(f.zeroCentred, spec.zeroCentred, `${spec.name}: zero-centred (E[phi(z)] = ${f.meanOutput})`);
      // The registry states ranges to about three digits (GELU's minimum as -0.17).
      f.range.forEach((end, i) => {
        const declared = spec.range[i];
        assert.ok(end === declared || Math.abs(end - declared) <= 2e-3 * Math.max(1, Math.abs(declared)),
          `${spec.name}: range end ${end} vs declared ${declared}`);
      });
      assert.ok(f.range[0] <= f.valueAtZero && f.valueAtZero <= f.range[1], `${spec.name}: phi(0) inside its range`);
      assert.ok(f.meanSquaredSlope > 0 && Number.isFinite(f.meanSquaredSlope), `${spec.name}: E[phi'²]`);
    }
  });
});
