/**
 * erf, erfc and the normal CDF to float64 accuracy (< 1 ulp), for GELU's exact form.
 *
 * JavaScript has no Math.erf, and the popular short approximations (Abramowitz–Stegun 7.1.26,
 * the one tfjs uses) are only good to ~1e-7: far outside the 1e-9 tolerance of the PyTorch oracle.
 * This is a port of fdlibm's s_erf.c, the algorithm behind glibc's erf/erfc and therefore
 * PyTorch's CPU torch.erf and exact GELU: minimax rational approximations on four intervals of |x|
 * and at most two exps, ~10× faster than a series or continued fraction and, being the same
 * arithmetic, usually bit-identical to PyTorch.
 *   [0, 0.84375)       erf(x) = x + x·P(x²)/Q(x²)                    (no exp)
 *   [0.84375, 1.25)    erf(x) = c + P(s)/Q(s), s = |x| - 1, c ≈ erf(1) rounded to float32
 *   [1.25, 28)         erfc(x) = e^{-x² - 0.5625 + R(1/x²)/S(1/x²)} / x   (two coefficient sets,
 *                      split at 1/0.35; erf = 1 - erfc)
 *   [28, ∞)            erfc(x) underflows to 0 (erf is 1 from 6 on)
 * erfc is computed directly for large x, so its tiny values keep their relative accuracy
 * (1 - erf(x) would be 0 beyond x ≈ 6).
 *
 * The coefficients below are fdlibm's, under its licence:
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

/** erf(1) rounded to float32: erf on [0.84375, 1.25) is this plus a small rational correction. */
const ERX = 8.45062911510467529297e-01;
const EFX = 1.28379167095512586316e-01; // 2/√π - 1: erf(x) ≈ x + EFX·x for |x| < 2^-28

// Interval boundaries: fdlibm compares the high 32 bits of |x|, which equals comparing |x|
// with these doubles (whose low 32 bits are 0), so the split points match glibc exactly.
const TINY_ERF = 2 ** -28; // 0x3e300000
const TINY_ERFC = 2 ** -56; // 0x3c700000
const SMALL = 0.84375; // 0x3feb0000
const NEAR_ONE = 1.25; // 0x3ff40000
const ERF_IS_ONE = 6; // 0x40180000
const ERFC_UNDERFLOWS = 28; // 0x403c0000
// 1/0.35 with the low word cleared; fdlibm's erf and erfc disagree by one in the high word.
const ERF_TAIL_SPLIT = 2.8571434020996094; // 0x4006DB6E
const ERFC_TAIL_SPLIT = 2.8571414947509766; // 0x4006DB6D

// The four ratios evaluate their polynomials in glibc's order (pairs of terms combined with
// powers of the argument, which also shortens the dependency chain), not fdlibm's plain Horner
// form: the last bit then agrees with glibc, hence with PyTorch, wherever no exp is involved.

/** (P/Q)(z) for |x| < 0.84375, z = x²: (erf(x) - x)/x. */
function smallRatio(z: number): number {
  const z2 = z * z, z4 = z2 * z2;
  const p = (1.28379167095512558561e-01 + z * -3.25042107247001499370e-01)
    + z2 * (-2.84817495755985104766e-02 + z * -5.77027029648944159157e-03) + z4 * -2.37630166566501626084e-05;
  const q = (1 + z * 3.97917223959155352819e-01)
    + z2 * (6.50222499887672944485e-02 + z * 5.08130628187576562776e-03)
    + z4 * (1.32494738004321644526e-04 + z * -3.96022827877536812320e-06);
  return p / q;
}

/** (P/Q)(s) for 0.84375 <= |x| < 1.25, s = |x| - 1: erf(|x|) - ERX. */
function nearOneRatio(s: number): number {
  const s2 = s * s, s4 = s2 * s2, s6 = s4 * s2;
  const p = (-2.36211856075265944077e-03 + s * 4.14856118683748331666e-01)
    + s2 * (-3.72207876035701323847e-01 + s * 3.18346619901161753674e-01)
    + s4 * (-1.10894694282396677476e-01 + s * 3.54783043256182359371e-02) + s6 * -2.16637559486879084300e-03;
  const q = (1 + s * 1.06420880400844228286e-01)
    + s2 * (5.40397917702171048937e-01 + s * 7.18286544141962662868e-02)
    + s4 * (1.26171219808761642112e-01 + s * 1.36370839120290507362e-02) + s6 * 1.19844998467991074170e-02;
  return p / q;
}

/** (R/S)(1/x²) for 1.25 <= x < 1/0.35: log(x·erfc(x)) + x² + 0.5625. */
function midTailRatio(s: number): number {
  const s2 = s * s, s4 = s2 * s2, s6 = s4 * s2, s8 = s4 * s4;
  const r = (-9.86494403484714822705e-03 + s * -6.93858572707181764372e-01)
    + s2 * (-1.05586262253232909814e+01 + s * -6.23753324503260060396e+01)
    + s4 * (-1.62396669462573470355e+02 + s * -1.84605092906711035994e+02)
    + s6 * (-8.12874355063065934246e+01 + s * -9.81432934416914548592e+00);
  const q = (1 + s * 1.96512716674392571292e+01)
    + s2 * (1.37657754143519042600e+02 + s * 4.34565877475229228821e+02)
    + s4 * (6.45387271733267880336e+02 + s * 4.29008140027567833386e+02)
    + s6 * (1.08635005541779435134e+02 + s * 6.57024977031928170135e+00) + s8 * -6.04244152148580987438e-02;
  return r / q;
}

/** The same for 1/0.35 <= x < 28. */
function farTailRatio(s: number): number {
  const s2 = s * s, s4 = s2 * s2, s6 = s4 * s2;
  const r = (-9.86494292470009928597e-03 + s * -7.99283237680523006574e-01)
    + s2 * (-1.77579549177547519889e+01 + s * -1.60636384855821916062e+02)
    + s4 * (-6.37566443368389627722e+02 + s * -1.02509513161107724954e+03) + s6 * -4.83519191608651397019e+02;
  const q = (1 + s * 3.03380607434824582924e+01)
    + s2 * (3.25792512996573918826e+02 + s * 1.53672958608443695994e+03)
    + s4 * (3.19985821950859553908e+03 + s * 2.55305040643316442583e+03)
    + s6 * (4.74528541206955367215e+02 + s * -2.24409524465858183362e+01);
  return r / q;
}

// x with the low 32 bits of its float64 cleared (fdlibm's SET_LOW_WORD(z, 0)), through one
// shared buffer. The low word's index depends on the platform's byte order.
const wordBuffer = new Float64Array(1);
const words = new Uint32Array(wordBuffer.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * x·erfc(x) for 1.25 <= x < 28, as e^{-x² - 0.5625 + R/S}. x² is split as z² - (z - x)(z + x) with
 * z = x cut to 21 bits, so z² is exact: a rounded x² (absolute error up to ~4e-14 at x = 28) would
 * become the relative error of e^{-x²}.
 */
function scaledErfcTail(x: number, ratio: number): number {
  wordBuffer[0] = x;
  words[LOW_WORD] = 0;
  const z = wordBuffer[0];
  return Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + ratio);
}

/** erf(x); odd (erf(-0) = -0), NaN-propagating, ±1 at ±∞. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < SMALL) {
    // Below 2^-1015, EFX·x is subnormal and rounds on a coarser grid; glibc scales by 16 around
    // it, and so do we, for the same last bit.
    if (ax < TINY_ERF) return ax < 2 ** -1015 ? 0.0625 * (16 * x + (16 * EFX) * x) : x + EFX * x;
    return x + x * smallRatio(x * x);
  }
  if (ax < NEAR_ONE) {
    const r = ERX + nearOneRatio(ax - 1);
    return x < 0 ? -r : r;
  }
  if (ax < ERF_IS_ONE) {
    const s = 1 / (ax * ax);
    const r = 1 - scaledErfcTail(ax, ax < ERF_TAIL_SPLIT ? midTailRatio(s) : farTailRatio(s)) / ax;
    return x < 0 ? -r : r;
  }
  if (Number.isNaN(x)) return x;
  return x < 0 ? -1 : 1;
}

/** erfc(x) = 1 - erf(x), accurate in relative terms also where it is tiny (large positive x). */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  if (ax < SMALL) {
    if (ax < TINY_ERFC) return 1 - x;
    const y = smallRatio(x * x);
    // From 1/4 on, 1 - erf(x) is rearranged so the two large terms cancel exactly first.
    return x < 0.25 ? 1 - (x + x * y) : 0.5 - (x * y + (x - 0.5));
  }
  if (ax < NEAR_ONE) {
    const r = nearOneRatio(ax - 1);
    return x >= 0 ? (1 - ERX) - r : 1 + (ERX + r);
  }
  if (ax < ERFC_UNDERFLOWS) {
    if (x <= -ERF_IS_ONE) return 2;
    const s = 1 / (ax * ax);
    const r = scaledErfcTail(ax, ax < ERFC_TAIL_SPLIT ? midTailRatio(s) : farTailRatio(s)) / ax;
    return x > 0 ? r : 2 - r;
  }
  if (Number.isNaN(x)) return x;
  return x < 0 ? 2 : 0;
}

/** Φ(x), the standard normal CDF, as 0.5·erfc(-x/√2): accurate in the far left tail too. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}
