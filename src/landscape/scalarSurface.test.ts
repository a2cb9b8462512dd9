/**
 * The scalar forms of the surfaces give bit for bit what the tensor path gives, so a grid drawn from
 * them is the grid the engine would draw: for every built-in and for random expressions.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { evaluateGrid, valuesAt } from './calculus';
import { compileSurfacePoints } from './scalarSurface';
import { resolveSurface, SURFACE_NAMES, type Surface, type SurfaceSpec } from './surfaces';

function surfaceOf(spec: SurfaceSpec): Surface {
  const r = resolveSurface(spec);
  if (!r.ok) throw new Error(r.error.message);
  return r.surface;
}

/** The surface without its scalar form: the grid then goes through tensors. */
const tensorOnly = (s: Surface): Surface => ({ ...s, evaluatePoints: undefined });

/** f at the points through the surface's tensor-free form. */
function pointsOf(s: Surface, xs: Float64Array, ys: Float64Array): Float64Array {
  const out = new Float64Array(xs.length);
  s.evaluatePoints!(xs, ys, out);
  return out;
}

function assertSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: point ${i}: ${actual[i]} (scalar) ≠ ${expected[i]} (tensors)`);
  }
}

const coordinate = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 1e-300, 1e300, Infinity, -Infinity, NaN),
);

describe('surfaces evaluated without tensors (grids)', () => {
  const builtins: SurfaceSpec[] = [
    ...SURFACE_NAMES.map((name): SurfaceSpec => ({ kind: 'builtin', name })),
    { kind: 'builtin', name: 'quadratic', condition: 1e-3 },
    { kind: 'builtin', name: 'quadratic', condition: 737.5 },
  ];
  for (const spec of builtins) {
    const label = spec.kind === 'builtin' ? `${spec.name}${spec.condition ? ` (k = ${spec.condition})` : ''}` : spec.source;
    it(`${label}: the tensor-free form equals the engine's ops bit for bit`, () => {
      const s = surfaceOf(spec);
      assert.ok(s.evaluatePoints, 'every built-in has a scalar form');
      fc.assert(fc.property(fc.array(fc.tuple(coordinate, coordinate), { minLength: 1, maxLength: 40 }), (pts) => {
        const xs = Float64Array.from(pts, (p) => p[0]), ys = Float64Array.from(pts, (p) => p[1]);
        assertSameBits(pointsOf(s, xs, ys), valuesAt(s, xs, ys), label);
      }), { numRuns: 200 });
      const grid = evaluateGrid(s, s.view, 61, 47);
      assertSameBits(grid.values, evaluateGrid(tensorOnly(s), s.view, 61, 47).values, `${label} grid`);
    });
  }

  it('expressions with arithmetic, powers, comparisons, where, max/min and elementary functions compile to loops that equal the tensors', () => {
    const sources = [
      'sin(x) * cos(y) + 0.1 * (x^2 + y^2)',
      'log(x) + y^2',
      '-x^3 + 2^0.5 * y - pi / e',
      'x^0.5 + y^-1 + x^-2.5 + pow(x, y) + x^y + 2^x',
      'where(x > y, exp(x), sqrt(abs(y))) + max(x, 0) - min(y, 1)',
      'where(x >= 0, 1, 2) + where(x <= y, x, 2) * where(x == y, 3, y) - where(x != 0, 1, 0) + where(y < 1, sin(y), 0)',
      '-(-x) + +y - (1 - 2) * 3',
      '7',
      '-x',
      'where(x > 0, -y, -x)',
      'x - x + y / 0',
      'where(1 > 0, x, y) + where(0 > 1, 1, 2) * pow(3, 2) - 2 ^ 3 ^ 0.5',
    ];
    const xs: number[] = [], ys: number[] = [];
    for (const x of [-2.5, -1, -0, 0, 0.3, 1, 2, 1e-310, Infinity, -Infinity, NaN]) {
      for (const y of [-3, -0.5, 0, 0.25, 1, 4, -Infinity]) { xs.push(x); ys.push(y); }
    }
    // Past one block of registers (128 points), and not a multiple of it.
    for (let i = 0; i < 300; i++) { xs.push(Math.sin(i) * 3); ys.push(Math.cos(i * 1.7) * 3); }
    for (const source of sources) {
      const s = surfaceOf({ kind: 'expression', source });
      assert.ok(s.evaluatePoints, `${source} has a scalar form`);
      assertSameBits(pointsOf(s, Float64Array.from(xs), Float64Array.from(ys)), valuesAt(s, Float64Array.from(xs), Float64Array.from(ys)), source);
      fc.assert(fc.property(fc.array(fc.tuple(coordinate, coordinate), { minLength: 1, maxLength: 40 }), (pts) => {
        const xs = Float64Array.from(pts, (p) => p[0]), ys = Float64Array.from(pts, (p) => p[1]);
        assertSameBits(pointsOf(s, xs, ys), valuesAt(s, xs, ys), source);
      }), { numRuns: 100 });
    }
  });

  it('random expressions: tensor-free and tensor evaluation agree bit for bit', () => {
    const leaf = fc.oneof(fc.constantFrom('x', 'y', 'pi', 'e', '2', '0.5', '3', '-1'), fc.double({ min: -5, max: 5, noNaN: true }).map((v) => `(${v})`));
    const { expr } = fc.letrec((tie) => ({
      expr: fc.oneof({ depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '^'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(fc.constantFrom('exp', 'log', 'sqrt', 'abs', 'sin', 'cos', '-', 'erf', 'sigmoid', 'relu', 'gelu', 'tanh'), tie('expr')).map(([f, a]) => `${f}(${a})`),
        fc.tuple(fc.constantFrom('max', 'min', 'pow'), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
        fc.tuple(tie('expr'), fc.constantFrom('>', '<', '>=', '<=', '==', '!='), tie('expr'), tie('expr'), tie('expr'))
          .map(([l, op, r, a, b]) => `where(${l} ${op} ${r}, ${a}, ${b})`),
      ),
    }));
    fc.assert(fc.property(expr, fc.array(fc.tuple(coordinate, coordinate), { minLength: 1, maxLength: 140 }), (source, pts) => {
      const s = surfaceOf({ kind: 'expression', source });
      assert.ok(s.evaluatePoints, `${source} has a scalar form`);
      const xs = Float64Array.from(pts, (p) => p[0]), ys = Float64Array.from(pts, (p) => p[1]);
        assertSameBits(pointsOf(s, xs, ys), valuesAt(s, xs, ys), source);
    }), { numRuns: 300 });
  });

  it('erf and every activation of the language (with parameters) run the engine\'s own op per block: the same bits', () => {
    const sources = [
      'sigmoid(x * y)', 'erf(x) + y', 'x + relu(y)', 'leaky_relu(x * y, 0.2) + elu(x, 0.5)', 'softplus(x - y, 2, 5) * gelu(y)',
      'hardtanh(x, -0.5, 2) + swish(y) - mish(x) + tanh(x * y) + erf(0.5) * sigmoid(1) + logsigmoid(y)',
    ];
    const xs: number[] = [], ys: number[] = [];
    for (let i = 0; i < 300; i++) { xs.push(Math.sin(i) * 4); ys.push(Math.cos(i * 1.3) * 4); }
    xs.push(0, -0, Infinity, -Infinity, NaN, 30);
    ys.push(-0, 0, 1, -Infinity, 2, -40);
    for (const source of sources) {
      const s = surfaceOf({ kind: 'expression', source });
      assert.ok(s.evaluatePoints, `${source} has a tensor-free form`);
      assertSameBits(pointsOf(s, Float64Array.from(xs), Float64Array.from(ys)), valuesAt(s, Float64Array.from(xs), Float64Array.from(ys)), source);
    }
  });

  it('an expression too long for the registers keeps the tensor path', () => {
    const source = Array.from({ length: 400 }, (_, i) => `${i % 7} * x`).join(' + ');
    assert.equal(compileSurfacePoints(source), null);
    assert.ok(compileSurfacePoints(Array.from({ length: 100 }, (_, i) => `${i % 7} * x`).join(' + ')));
  });

  it('evaluateGrid reuses the buffer it is given', () => {
    const s = surfaceOf({ kind: 'builtin', name: 'rosenbrock' });
    const buf = new Float64Array(30 * 20);
    const grid = evaluateGrid(s, s.view, 30, 20, buf);
    assert.equal(grid.values, buf);
    assertSameBits(buf, evaluateGrid(tensorOnly(s), s.view, 30, 20).values, 'rosenbrock into a buffer');
  });
});
