/**
 * The error function to float64 accuracy (relative error ~1e-15), for GELU's exact form.
 *
 * JavaScript has no Math.erf, and the popular rational approximations (Abramowitz–Stegun 7.1.26,
 * the one tfjs uses) are only good to ~1e-7: far outside the 1e-9 tolerance of the PyTorch oracle.
 * Two classical expansions cover the whole line, each where it converges fast:
 *   |x| < 2.5  erf(x) = 2/√π · e^{-x²} · Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1))
 *              (every term positive, so no cancellation; ≤ 40 terms),
 *   |x| ≥ 2.5  erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
 *              (a continued fraction, evaluated with Lentz's method; ≤ 40 terms; erfc uses it
 *              from 1.5 on, ≤ 91 terms).
 * erfc is computed directly for large x, so its tiny values keep their relative accuracy
 * (1 - erf(x) would be 0 beyond x ≈ 6).
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π
const SERIES_LIMIT = 2.5;
const ERFC_FRACTION_LIMIT = 1.5;
/** e^{-x²} rounds to 0 from here on (x² > 745.2, below half the smallest subnormal). */
const EXP_MINUS_SQUARE_ZERO = 27.3;

/**
 * e^{-x²} without the rounding error of x² itself: at x = 20, x² = 400 carries an absolute error
 * of ~4e-14, which exp turns into a relative error of 4e-14. Splitting x = hi + lo with hi a
 * float32 (so hi² is exact in float64) gives x² = hi² + lo·(x + hi) with a tiny second term.
 */
export function expMinusSquare(x: number): number {
  // Beyond |x| ≈ 27.3, e^{-x²} is below the smallest subnormal. Returning 0 there is not only a
  // shortcut: for |x| ≳ 1e5 the correction e^{-lo·(x+hi)} overflows (0 · ∞ = NaN), and above
  // float32's range hi itself is ±∞.
  if (!(Math.abs(x) < EXP_MINUS_SQUARE_ZERO)) return Number.isNaN(x) ? x : 0;
  const hi = Math.fround(x);
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
}

/** Σ series above for 0 <= x < 2.5 (without the e^{-x²} factor). */
function erfSeriesSum(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return sum;
}

/** 1 / (x + (1/2)/(x + 1/(x + …))) for x >= 1.5, by the modified Lentz method. */
function erfcContinuedFraction(x: number): number {
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = 1 / (x + a * d);
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/** erf(x); odd, NaN-propagating. */
export function erf(x: number): number {
  if (Number.isNaN(x) || x === 0) return x; // keeps the sign of -0, as erf is odd
  const ax = Math.abs(x);
  const r = ax < SERIES_LIMIT
    ? TWO_OVER_SQRT_PI * expMinusSquare(ax) * erfSeriesSum(ax)
    : 1 - erfcPositive(ax);
  return x < 0 ? -r : r;
}

/** erfc(x) = 1 - erf(x), accurate in relative terms also where it is tiny (large positive x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  // From 1.5 on, 1 - erf(x) would cost relative accuracy (erfc(2) ≈ 0.005 keeps only ~14 digits);
  // the continued fraction still converges there, in under 100 terms.
  if (x >= ERFC_FRACTION_LIMIT) return erfcPositive(x);
  if (x <= -SERIES_LIMIT) return 2 - erfcPositive(-x);
  return 1 - erf(x);
}

function erfcPositive(x: number): number {
  if (x === Infinity) return 0;
  return ONE_OVER_SQRT_PI * expMinusSquare(x) * erfcContinuedFraction(x);
}

/** Φ(x), the standard normal CDF, as 0.5·erfc(-x/√2): accurate in the far left tail too. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}
