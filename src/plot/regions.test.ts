import { strict as assert } from 'node:assert';
import { findRegions } from './regions';

describe('saturation and dead regions', () => {
  it('marks f′ = 0 as dead and 0 < |f′| < 0.01 as saturated, with edges halfway between grid points', () => {
    const x = [-3, -2, -1, 0, 1, 2, 3];
    const df = [0, 0, 0.005, 0.5, 1, -0.001, 0.2];
    assert.deepEqual(findRegions(x, df), [
      { kind: 'dead', x0: -3, x1: -1.5 },
      { kind: 'saturated', x0: -1.5, x1: -0.5 },
      { kind: 'saturated', x0: 1.5, x1: 2.5 },
    ]);
  });

  it('makes no claim where f′ is NaN, and extends a run to the last grid point', () => {
    const x = [0, 1, 2, 3];
    assert.deepEqual(findRegions(x, [NaN, 0.5, 0.001, 0.002]), [{ kind: 'saturated', x0: 1.5, x1: 3 }]);
    assert.deepEqual(findRegions([], []), []);
  });

  it("sigmoid′ saturates beyond |x| ≈ 4.6 (σ′ = 0.01 there)", () => {
    const x = Array.from({ length: 1201 }, (_, i) => -6 + i / 100);
    const df = x.map((v) => Math.exp(-v) / (1 + Math.exp(-v)) ** 2);
    const r = findRegions(x, df);
    assert.equal(r.length, 2);
    assert.ok(Math.abs(r[0].x1 + 4.595) < 0.01 && Math.abs(r[1].x0 - 4.595) < 0.01, JSON.stringify(r));
  });
});
