import { strict as assert } from 'node:assert';
import { erf, erfc, normalCdf } from './erf';

// Reference values from mpmath at 40 digits.
const ERF: [number, number, number][] = [
  [1e-10, 1.1283791670955125739e-10, 0.99999999988716208329],
  [0.1, 0.1124629160182848922, 0.8875370839817151078],
  [0.5, 0.52049987781304653768, 0.47950012218695346232],
  [1, 0.84270079294971486934, 0.15729920705028513066],
  [2, 0.99532226501895273416, 0.0046777349810472658379],
  [2.4999, 0.99959283009966654908, 0.0004071699003334509212],
  [2.5, 0.99959304798255504106, 0.00040695201744495893956],
  [3, 0.99997790950300141456, 0.000022090496998585441373],
  [4, 0.99999998458274209972, 1.5417257900280018852e-8],
  [6, 0.99999999999999997848, 2.1519736712498913117e-17],
  [10, 1, 2.088487583762544757e-45],
  [27, 1, 5.237048923789255685e-319],
];

// Both sides of each seam between the approximation's intervals (0.84375, 1.25, 1/0.35 for
// erf and for erfc, 6), where a wrong coefficient or boundary would show first.
const SEAMS: [number, number, number][] = [
  [0.25, 0.276326390168236932985, 0.723673609831763067015],
  [0.8437499999999999, 0.767225661232341571986, 0.232774338767658428014],
  [0.84375, 0.767225661232341633459, 0.232774338767658366541],
  [1.2499999999999998, 0.922900128256458177618, 0.0770998717435418223817],
  [1.25, 0.922900128256458230137, 0.0770998717435417698635],
  [2.857142857142857, 0.999946687688611677206, 0.0000533123113883227942707],
  [2.8571434020996094, 0.999946687863820246915, 0.0000533121361797530850235],
  [5.999999999999999, 0.99999999999999997848, 2.15197367124991455796e-17],
  [15.5, 1, 1.66320164004887233415e-106],
  [26.5, 1, 2.21090766426373427593e-307],
];

const rel = (a: number, e: number) => (e === 0 ? Math.abs(a) : Math.abs(a - e) / Math.abs(e));

describe('erf', () => {
  it('matches 40-digit references to ~1e-15 relative, erfc too in its tail', () => {
    for (const [x, e, c] of ERF) {
      assert.ok(rel(erf(x), e) < 1.5e-15, `erf(${x}) = ${erf(x)}, expected ${e}`);
      assert.ok(rel(erf(-x), -e) < 1.5e-15, 'erf is odd');
      // erfc below 1e-300 is subnormal: only absolute accuracy is possible there.
      assert.ok(rel(erfc(x), c) < 5e-15 || (c < 1e-300 && Math.abs(erfc(x) - c) < 1e-320), `erfc(${x}) = ${erfc(x)}, expected ${c}`);
      assert.ok(rel(erfc(-x), 2 - c) < 1.5e-15);
    }
  });

  it('is within 2 ulp (~4.5e-16 relative) on both sides of every interval seam', () => {
    for (const [x, e, c] of SEAMS) {
      for (const [got, want, what] of [[erf(x), e, 'erf'], [erf(-x), -e, 'erf-'], [erfc(x), c, 'erfc'], [erfc(-x), 2 - c, 'erfc-']] as const) {
        assert.ok(rel(got, want) < 4.5e-16, `${what}(${x}) = ${got}, expected ${want}`);
      }
    }
    // Subnormal arguments: erf(x) ≈ (2/√π)·x, to the subnormal grid.
    assert.ok(Math.abs(erf(1e-310) - 1.12837916709550912662e-310) <= 5e-324);
  });

  it('keeps the normal CDF\'s far left tail', () => {
    assert.ok(rel(normalCdf(-8), 6.2209605742717841235e-16) < 1e-14);
    assert.ok(rel(normalCdf(-30), 4.9067139271481870595e-198) < 1e-13);
    assert.equal(normalCdf(40), 1);
    assert.equal(normalCdf(-40), 0);
  });

  it('reaches its limits far out, with no NaN (e^{-x²} once gave 0·∞ around |x| ≈ 1e5)', () => {
    for (const x of [27.3, 1e5, 1e5 + 0.1, 173228.1, 2.4e5 + 0.3, 1e300, Number.MAX_VALUE, Infinity]) {
      assert.equal(erf(x), 1, `erf(${x})`);
      assert.equal(erf(-x), -1, `erf(${-x})`);
      assert.equal(erfc(x), 0, `erfc(${x})`);
      assert.equal(erfc(-x), 2, `erfc(${-x})`);
      assert.equal(normalCdf(x * Math.SQRT2), 1, `Φ(${x}·√2)`);
      assert.equal(normalCdf(-x * Math.SQRT2), 0, `Φ(${-x}·√2)`);
    }
    // A dense sweep over the range where the old correction factor overflowed.
    for (let x = 1e4; x < 1e7; x *= 1.01) assert.ok(erf(x) === 1 && erfc(x) === 0 && normalCdf(-x) === 0, `x = ${x}`);
  });

  it('handles special values', () => {
    assert.equal(erf(0), 0);
    assert.ok(Object.is(erf(-0), -0));
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
    assert.equal(erfc(Infinity), 0);
    assert.equal(erfc(-Infinity), 2);
    assert.ok(Number.isNaN(erf(NaN)) && Number.isNaN(erfc(NaN)));
  });
});
