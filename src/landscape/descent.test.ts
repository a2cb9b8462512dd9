/**
 * Optimizer paths against PyTorch: test/fixtures/landscape/landscape.json holds, for every surface ×
 * optimizer × clipping case (and two that diverge), the path torch.optim took in float64
 * (scripts/oracle/landscape.py). Every coordinate and value must agree to 1e-9 relative, and a
 * diverging path must stop at the same step.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bowlStability, descend, type Clipping, type DescentOptimizer } from './descent';
import { directional, valueAndGradient } from './calculus';
import { resolveSurface, surfaceSpecOf, type Surface } from './surfaces';

interface FixtureCase {
  function: string;
  condition: number | null;
  start: [number, number];
  optimizer: DescentOptimizer;
  lr: number;
  momentum: number;
  steps: number;
  clipping: Clipping;
  path: [number, number, number][];
  diverged_at_step: number | null;
}
interface FixturePoint {
  function: string;
  condition: number | null;
  start: [number, number];
  direction: [number, number];
  value: number;
  gradient: [number, number];
  directional_derivative: number;
}

const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'landscape', 'landscape.json'), 'utf8')) as {
  torch: string; cases: FixtureCase[]; points: FixturePoint[];
};

function surfaceOf(name: string, condition: number | null): Surface {
  const r = resolveSurface(surfaceSpecOf(name, condition ?? undefined));
  if (!r.ok) throw new Error(r.error.message);
  return r.surface;
}

/** |a − e| ≤ 1e-9·|e| (with an absolute floor of 1e-12 for coordinates that reach 0). */
function assertClose(a: number, e: number, what: string): void {
  assert.ok(Math.abs(a - e) <= 1e-9 * Math.abs(e) + 1e-12, `${what}: ${a} vs torch ${e}`);
}

describe(`landscape paths against torch ${fixture.torch} (float64)`, () => {
  it('covers every surface × optimizer × clipping', () => {
    const combos = new Set(fixture.cases.map((c) => `${c.function}|${c.optimizer}|${c.clipping.kind}`));
    assert.equal(combos.size, 6 * 5 * 3);
  });

  for (const c of fixture.cases) {
    const clip = c.clipping.kind === 'none' ? 'no clipping' : JSON.stringify(c.clipping);
    it(`${c.function}: ${c.optimizer} lr ${c.lr}, ${clip}, ${c.steps} steps`, () => {
      const path = descend(surfaceOf(c.function, c.condition), c.start, {
        optimizer: c.optimizer, lr: c.lr, momentum: c.momentum, steps: c.steps, clipping: c.clipping,
      });
      assert.equal(path.divergedAtStep, c.diverged_at_step, 'step of divergence');
      assert.equal(path.points.length, c.path.length, 'points on the path');
      c.path.forEach((expected, i) => expected.forEach((e, j) => assertClose(path.points[i][j], e, `point ${i}[${j}]`)));
    });
  }

  for (const p of fixture.points) {
    it(`${p.function}: f, ∇f and D_u f at the start`, () => {
      const surface = surfaceOf(p.function, p.condition);
      const at = valueAndGradient(surface, p.start[0], p.start[1]);
      assertClose(at.value, p.value, 'f');
      assertClose(at.gradient[0], p.gradient[0], 'df/dx');
      assertClose(at.gradient[1], p.gradient[1], 'df/dy');
      const d = directional(surface, p.start, p.direction, at);
      assertClose(d.derivative, p.directional_derivative, 'D_u f');
      assert.ok(Math.abs(d.finiteDifference - d.derivative) <= 1e-6 * Math.max(1, Math.abs(d.derivative)), `finite difference ${d.finiteDifference}`);
    });
  }
});

describe('descent details', () => {
  const bowl = surfaceOf('quadratic', 10);
  it('records raw and clipped gradients: norm clipping keeps the direction, value clipping turns it', () => {
    const byNorm = descend(bowl, [-2.5, 2], { optimizer: 'sgd', lr: 0.05, momentum: 0.9, steps: 3, clipping: { kind: 'norm', maxNorm: 1 } });
    const r = byNorm.records[0];
    assert.deepEqual(r.raw, [-25, 2]);
    assert.ok(Math.abs(Math.hypot(...r.clipped) - 1) < 1e-5);
    assert.ok(r.angle < 1e-12);
    const byValue = descend(bowl, [-2.5, 2], { optimizer: 'sgd', lr: 0.05, momentum: 0.9, steps: 3, clipping: { kind: 'value', clipValue: 1 } });
    assert.deepEqual(byValue.records[0].clipped, [-1, 1]);
    const expected = Math.acos((25 + 2) / (Math.hypot(25, 2) * Math.SQRT2));
    assert.ok(Math.abs(byValue.records[0].angle - expected) < 1e-12);
  });

  it('says when SGD on the bowl diverges: lr·k > 2 (and the limits with momentum)', () => {
    assert.equal(bowlStability('sgd', 10, 0.19, 0)!.stable, true);
    assert.equal(bowlStability('sgd', 10, 0.21, 0)!.stable, false);
    assert.equal(bowlStability('adam', 10, 5, 0), null);
    const grows = (optimizer: 'sgd' | 'momentum' | 'nesterov', lr: number) => {
      const p = descend(bowl, [-2.5, 2], { optimizer, lr, momentum: 0.9, steps: 400, clipping: { kind: 'none' } });
      return p.divergedAtStep !== null || Math.abs(p.points[p.points.length - 1][0]) > 2.5;
    };
    // Each predicted limit separates paths that shrink from paths that grow.
    for (const optimizer of ['sgd', 'momentum', 'nesterov'] as const) {
      const { limit } = bowlStability(optimizer, 10, 0.1, 0.9)!;
      assert.equal(grows(optimizer, (limit / 10) * 0.97), false, `${optimizer} below its limit`);
      assert.equal(grows(optimizer, (limit / 10) * 1.03), true, `${optimizer} above its limit`);
    }
  });

  it('stops at the first non-finite point of an expression surface', () => {
    const r = resolveSurface({ kind: 'expression', source: 'log(x) + y^2' });
    assert.ok(r.ok);
    const path = descend(r.surface, [0.5, 1], { optimizer: 'sgd', lr: 1, momentum: 0, steps: 10, clipping: { kind: 'none' } });
    assert.equal(path.divergedAtStep, 1); // x = 0.5 − 1·(1/0.5) < 0: log is NaN there
    assert.equal(path.points.length, 1);
  });

  it('refuses a step count it cannot hold', () => {
    assert.throws(() => descend(bowl, [0, 0], { optimizer: 'adam', lr: 0.1, momentum: 0.9, steps: 1e9, clipping: { kind: 'none' } }), /steps must be/);
  });
});
