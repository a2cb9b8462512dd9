/**
 * Natural logarithm computed with plain IEEE-754 arithmetic only.
 *
 * WHY: ECMAScript leaves Math.log "implementation-approximated", so two JavaScript engines may
 * differ in the last bit. The seeded normal generator feeds logarithms into every weight of every
 * network, and we promise that one seed gives the same numbers in every runtime. This is a port
 * of fdlibm's e_log.c (the algorithm V8 itself ships), which uses only +, -, *, / and bit
 * manipulation, all of which IEEE-754 defines exactly.
 */

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.80143985094819840000e16;
const LG1 = 6.666666666666735130e-01;
const LG2 = 3.999999999940941908e-01;
const LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01;
const LG5 = 1.818357216161805012e-01;
const LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;

// Word access to a float64 (little-endian layout handled by DataView explicitly).
const scratch = new DataView(new ArrayBuffer(8));
function highWord(x: number): number {
  scratch.setFloat64(0, x);
  return scratch.getInt32(0);
}
function lowWord(x: number): number {
  scratch.setFloat64(0, x);
  return scratch.getUint32(4);
}
function withHighWord(x: number, hi: number): number {
  scratch.setFloat64(0, x);
  scratch.setInt32(0, hi);
  return scratch.getFloat64(0);
}

/** ln(x), bit-identical on every conforming JavaScript engine. */
export function portableLog(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal.
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // scale a subnormal up into the normal range
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000)); // normalise x into [sqrt(2)/2, sqrt(2))
  k += i0 >> 20;
  const f = x - 1.0;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const i = (hx - 0x6147a) | (0x6b851 - hx);
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}
