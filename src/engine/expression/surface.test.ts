/**
 * Expressions in x and y (surfaces f(x, y)): values and both partial derivatives by autograd against
 * closed forms, errors at their column, and the one-variable language left as it was.
 */
import { strict as assert } from 'node:assert';
import { compileExpression, compileSurfaceExpression } from './index';
import { Tensor } from '../tensor';
import { grad } from '../autograd';
import { sum } from '../ops/reduce';

function valueAndGrad(src: string, xs: number[], ys: number[]): { f: number[]; gx: number[]; gy: number[] } {
  const r = compileSurfaceExpression(src);
  if (!r.ok) throw new Error(r.error.message);
  const x = new Tensor(Float64Array.from(xs), [xs.length], true);
  const y = new Tensor(Float64Array.from(ys), [ys.length], true);
  const f = r.fn(x, y);
  const [gx, gy] = grad(sum(f), [x, y], { materializeGrads: true });
  return { f: [...f.data], gx: [...gx.data], gy: [...gy.data] };
}

const close = (a: number, e: number) => Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e));

describe('surface expressions in x and y', () => {
  const xs = [-1.5, -0.2, 0.3, 2];
  const ys = [0.7, -2, 1.1, 0.05];
  const cases: { src: string; f: (x: number, y: number) => number; gx: (x: number, y: number) => number; gy: (x: number, y: number) => number }[] = [
    { src: 'x^2 - y^2', f: (x, y) => x * x - y * y, gx: (x) => 2 * x, gy: (_x, y) => -2 * y },
    {
      src: '(1 - x)^2 + 100 * (y - x^2)^2',
      f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
      gx: (x, y) => -2 * (1 - x) - 400 * x * (y - x * x),
      gy: (x, y) => 200 * (y - x * x),
    },
    { src: 'sin(x) * cos(y) + tanh(x * y)', f: (x, y) => Math.sin(x) * Math.cos(y) + Math.tanh(x * y),
      gx: (x, y) => Math.cos(x) * Math.cos(y) + y * (1 - Math.tanh(x * y) ** 2),
      gy: (x, y) => -Math.sin(x) * Math.sin(y) + x * (1 - Math.tanh(x * y) ** 2) },
    { src: 'y', f: (_x, y) => y, gx: () => 0, gy: () => 1 },
  ];
  for (const c of cases) {
    it(`${c.src}: f, ∂f/∂x and ∂f/∂y match the closed forms`, () => {
      const r = valueAndGrad(c.src, xs, ys);
      xs.forEach((x, i) => {
        const y = ys[i];
        assert.ok(close(r.f[i], c.f(x, y)), `f(${x}, ${y}) = ${r.f[i]}`);
        assert.ok(close(r.gx[i], c.gx(x, y)), `df/dx(${x}, ${y}) = ${r.gx[i]}`);
        assert.ok(close(r.gy[i], c.gy(x, y)), `df/dy(${x}, ${y}) = ${r.gy[i]}`);
      });
    });
  }

  it('broadcasts a constant to the grid shape', () => {
    const r = compileSurfaceExpression('2 * pi');
    assert.ok(r.ok);
    assert.deepEqual(r.fn(Tensor.zeros([3, 4]), Tensor.zeros([3, 4])).shape, [3, 4]);
  });

  it('reports errors with their column and names both variables', () => {
    const r = compileSurfaceExpression('x + z');
    assert.ok(!r.ok);
    assert.equal(r.error.message, "Unknown name 'z' at column 5 — the variables are 'x', 'y'; constants are pi, e");
    assert.equal(r.error.column, 5);
    const bad = compileSurfaceExpression('x^2 + (y');
    assert.ok(!bad.ok);
    assert.equal(bad.error.column, 9);
  });

  it('leaves the one-variable language unchanged: y is still unknown there', () => {
    const r = compileExpression('x + y');
    assert.ok(!r.ok);
    assert.equal(r.error.message, "Unknown name 'y' at column 5 — the variable is 'x'; constants are pi, e");
  });
});
