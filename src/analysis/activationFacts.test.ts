/**
 * Facts computed numerically from the engine's functions, checked against what is known about
 * each function in closed form.
 */
import { strict as assert } from 'node:assert';
import { activationFacts, type ActivationFacts } from './activationFacts';
import { activationByName, activationFromExpression } from './activationFunction';
import { ACTIVATIONS } from '../engine';

function facts(nameOrExpression: string): ActivationFacts {
  const byName = activationByName(nameOrExpression);
  const act = 'error' in byName ? activationFromExpression(nameOrExpression) : byName;
  if ('error' in act) throw new Error(act.error);
  return activationFacts(act);
}

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
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
  });

  it('tanh: range (-1, 1), slope 1 at 0, zero-centred, E[tanh\'(z)²] from a 30-digit reference', () => {
    const f = facts('tanh');
    assert.deepEqual(f.range, [-1, 1]);
    close(f.maxAbsSlope, 1, 1e-15, 'max slope');
    assert.equal(f.zeroCentred, true);
    close(f.meanSquaredSlope, 0.464402902448268241972021461116, 1e-14, "E[tanh'²]");
  });

  it('relu: [0, inf), E[relu\'(z)²] = 1/2, E[relu(z)] = 1/sqrt(2 pi)', () => {
    const f = facts('relu');
    assert.deepEqual(f.range, [0, Infinity]);
    close(f.meanSquaredSlope, 0.5, 1e-15, "E[relu'²]");
    close(f.meanOutput, 1 / Math.sqrt(2 * Math.PI), 1e-15, 'E[relu]');
    close(f.rmsOutput, Math.sqrt(0.5), 1e-15, 'rms');
    assert.equal(f.monotonic, 'increasing');
    assert.equal(f.zeroCentred, false);
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
    assert.equal(facts('elu').zeroCentred, false); // E[elu(z)] ≈ 0.16
  });

  it('works on custom expressions and reports where they are undefined', () => {
    const square = facts('x^2');
    assert.deepEqual(square.range, [0, Infinity]);
    assert.equal(square.monotonic, 'none');
    close(square.meanSquaredSlope, 4, 1e-13, 'E[(2z)²]');
    close(square.maxAbsSlope, 20, 1e-12, 'max |2x| on [-10, 10]');
    assert.equal(facts('-x').monotonic, 'decreasing');
    assert.equal(facts('0.5').monotonic, 'constant');
    const log = facts('log(x)');
    assert.equal(log.definedEverywhere, false);
    assert.equal(facts('exp(x)').range[1], Infinity);
  });

  it("agrees with the registry's declared ranges and monotonicity for every activation", () => {
    for (const spec of ACTIVATIONS.filter((a) => a.kind === 'elementwise')) {
      const act = activationByName(spec.name);
      if ('error' in act) throw new Error(act.error);
      const f = activationFacts(act);
      assert.equal(f.monotonic !== 'none', spec.monotonic, `${spec.name}: monotonic`);
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
