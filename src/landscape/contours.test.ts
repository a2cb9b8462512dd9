import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bandOf, bands, contourLevels } from './contours';
import { evaluateGrid } from './calculus';
import { resolveSurface } from './surfaces';

const surface = (name: 'quadratic' | 'rosenbrock' | 'saddle') => {
  const r = resolveSurface({ kind: 'builtin', name });
  if (!r.ok) throw new Error('no surface');
  return r.surface;
};

describe('contour levels', () => {
  it('spaces levels geometrically for Rosenbrock and evenly for the saddle', () => {
    const rosen = evaluateGrid(surface('rosenbrock'), surface('rosenbrock').view, 60, 60);
    const lr = contourLevels(rosen.values, 12);
    assert.equal(lr.scale, 'log');
    const ratios = [...lr.levels].slice(1, -1).map((l, i, a) => (i === 0 ? NaN : (l - lr.min) / (a[i - 1] - lr.min))).slice(1);
    for (const r of ratios) assert.ok(Math.abs(r - ratios[0]) < 1e-9 * ratios[0], 'constant ratio above the minimum');
    const saddle = evaluateGrid(surface('saddle'), surface('saddle').view, 61, 61); // odd: x = 0 is a grid point
    const ls = contourLevels(saddle.values, 10);
    assert.equal(ls.scale, 'linear');
    assert.equal(ls.levels[0], -4);
    assert.equal(ls.levels[10], 4);
  });

  it('gives every finite value a band in range, and holes to NaN and infinities', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity)), { minLength: 1, maxLength: 200 }),
      fc.integer({ min: 2, max: 30 }),
      (vs, count) => {
        const { levels } = contourLevels(vs, count);
        for (let i = 1; i < levels.length; i++) assert.ok(levels[i] >= levels[i - 1], 'levels increase');
        const b = bands(Float64Array.from(vs), levels);
        vs.forEach((v, i) => {
          if (!Number.isFinite(v)) assert.equal(b[i], -1);
          else {
            assert.ok(b[i] >= 0 && b[i] <= levels.length - 2);
            if (b[i] > 0) assert.ok(v >= levels[b[i]]);
            if (b[i] < levels.length - 2) assert.ok(v < levels[b[i] + 1]);
          }
        });
      },
    ));
  });

  it('finds the band by bisection at the boundaries', () => {
    const levels = Float64Array.of(0, 1, 2, 3);
    assert.deepEqual([-1, 0, 0.5, 1, 1.5, 2, 2.9, 3, 7].map((v) => bandOf(v, levels)), [0, 0, 0, 1, 1, 2, 2, 2, 2]);
  });
});

describe('upsampling a coarse grid', () => {
  it('keeps the grid values at the grid points, interpolates between them, and keeps holes', async () => {
    const { upsample } = await import('./raster');
    const coarse = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, NaN);
    const { values, size } = upsample(coarse, 3, 4);
    assert.equal(size, 9);
    assert.equal(values[0], 0);
    assert.equal(values[4], 1);
    assert.equal(values[2], 0.5);
    assert.equal(values[4 * 9 + 4], 4);
    assert.equal(values[2 * 9 + 2], 2); // the centre of cell (0, 0): (0 + 1 + 3 + 4) / 4
    assert.ok(Number.isNaN(values[8 * 9 + 8]) && Number.isNaN(values[6 * 9 + 6]));
  });
});
