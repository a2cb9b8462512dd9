// Writes the WebAssembly text of the engine's bulk tanh (see src/engine/kernels/tanh.ts).
//
// tanh(at, count) overwrites `count` float64 values at byte offset `at` with their tanh, bit for bit what
// V8's Math.tanh returns: V8 computes fdlibm's s_tanh.c over fdlibm's s_expm1.c, and this is the same
// arithmetic, two values per instruction (f64x2). fdlibm branches; here every lane computes every branch it can
// reach and selects, which gives the same bits because each branch's result is the same sequence of IEEE-754
// operations on the same operands. Two simplifications, both exact for the arguments tanh hands expm1
// (u = 2|x| in [2, 44) when |x| >= 1, u = -2|x| in (-2, -2^-27] otherwise):
// - fdlibm's argument reduction for |u| in (ln2/2, 3 ln2/2) (k = ±1, hi = u ∓ ln2_hi, lo = ±ln2_lo) is its
//   general reduction with t = k = ±1 (u - (-1)·ln2_hi is u + ln2_hi exactly), and for k = 0 the general
//   reduction leaves u as it is (hi = u - 0, lo = 0, c = 0); so only the choice of k differs per branch;
// - fdlibm adds k to y's exponent (`__HI(y) += k << 20`); here y is multiplied by 2^k (FreeBSD's form), the
//   same value because y is near 1 and k is in [-3, 64], so nothing overflows or goes subnormal.
// Out-of-range lanes (|x| >= 22, |x| < 2^-28, NaN) compute garbage without trapping and are replaced at the
// end: ±1, x itself, and x.
import { f64 } from './normalsWat.mjs';

const get = (name) => `(local.get $${name})`;
const set = (name, value) => `(local.set $${name} ${value})`;
/**
 * The kernel's constants, each a v128 stored once per call just past the values and read from there: V8 rebuilds
 * a splatted constant from immediates at every use (three instructions for one load), and the loop is bound by
 * instruction count. Text of each constant -> its byte offset in the table.
 */
const constants = new Map();
const constant = (text) => {
  if (!constants.has(text)) constants.set(text, constants.size * 16);
  return `(v128.load offset=${constants.get(text)} (local.get $table))`;
};
const splat = (x) => constant(`(f64x2.splat ${f64(x)})`);
const add = (a, b) => `(f64x2.add ${a} ${b})`;
const sub = (a, b) => `(f64x2.sub ${a} ${b})`;
const mul = (a, b) => `(f64x2.mul ${a} ${b})`;
const div = (a, b) => `(f64x2.div ${a} ${b})`;
const select = (ifTrue, ifFalse, mask) => `(v128.bitselect ${ifTrue} ${ifFalse} ${mask})`;
/** The double whose bits are `high` << 32: fdlibm compares high words, which for |x| is comparing with this. */
const highWord = (high) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, 0);
  return view.getFloat64(0);
};

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00;
const Q = [-3.33333333333331316428e-02, 1.58730158725481460165e-03, -7.93650757867487942473e-05,
  4.00821782732936239552e-06, -2.01099218183624371326e-07];

const LOCALS = ['x', 'a', 'big', 'u', 'k', 'hi', 'lo', 'y', 'c', 'hfx', 'hxs', 'r1', 't', 'e', 'e0', 'ki', 'twopk', 'twomk', 'r'];

/**
 * The statements computing tanh of the two lanes of $x (with $a = |x|) into $r. `belowOne`: both lanes are
 * known to have |x| < 1 (not NaN), which leaves only expm1's k <= 0 branches and tanh's -t/(t+2); the
 * statements that then select nothing are left out (a third fewer operations).
 */
function tanhPair(belowOne) {
  const all = !belowOne;
  const big = (ifBig, ifSmall) => (belowOne ? ifSmall : select(ifBig, ifSmall, get('big')));
  return [
    all && set('big', `(f64x2.ge ${get('a')} ${splat(1)})`), // |x| >= 1: t = expm1(2|x|), z = 1 - 2/(t+2)
    set('u', add(get('a'), get('a'))),
    set('u', big(get('u'), `(f64x2.neg ${get('u')})`)),
    // expm1(u): k, then u = hi - lo with hi = u - k·ln2_hi, lo = k·ln2_lo, and the rounding error c.
    set('k', `(f64x2.trunc ${add(mul(splat(INV_LN2), get('u')), big(splat(0.5), splat(-0.5)))})`),
    set('k', select(splat(-1), get('k'), `(f64x2.lt ${get('a')} ${splat(highWord(0x3ff0a2b2) / 2)})`)),
    set('k', select(splat(0), get('k'), `(f64x2.lt ${get('a')} ${splat(highWord(0x3fd62e43) / 2)})`)),
    set('hi', sub(get('u'), mul(get('k'), splat(LN2_HI)))),
    set('lo', mul(get('k'), splat(LN2_LO))),
    set('y', sub(get('hi'), get('lo'))),
    set('c', sub(sub(get('hi'), get('y')), get('lo'))),
    set('hfx', mul(splat(0.5), get('y'))),
    set('hxs', mul(get('y'), get('hfx'))),
    set('r1', add(splat(1), mul(get('hxs'), add(splat(Q[0]), mul(get('hxs'), add(splat(Q[1]), mul(get('hxs'),
      add(splat(Q[2]), mul(get('hxs'), add(splat(Q[3]), mul(get('hxs'), splat(Q[4])))))))))))),
    set('t', sub(splat(3), mul(get('r1'), get('hfx')))),
    set('e', mul(get('hxs'), div(sub(get('r1'), get('t')), sub(splat(6), mul(get('y'), get('t')))))),
    set('e0', sub(get('y'), sub(mul(get('y'), get('e')), get('hxs')))), // k = 0
    set('e', sub(sub(mul(get('y'), sub(get('e'), get('c'))), get('c')), get('hxs'))),
    // 2^k and 2^-k from the exponent bits.
    set('ki', `(i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero ${get('k')}))`),
    set('twopk', `(i64x2.shl (i64x2.add ${get('ki')} ${constant('(i64x2.splat (i64.const 1023))')}) (i32.const 52))`),
    all && set('twomk', `(i64x2.shl (i64x2.sub ${constant('(i64x2.splat (i64.const 1023))')} ${get('ki')}) (i32.const 52))`),
    // k <= -2 or k > 56: (1 - (e - y))·2^k - 1
    set('t', sub(mul(sub(splat(1), sub(get('e'), get('y'))), get('twopk')), splat(1))),
    // 2 <= k < 20: ((1 - 2^-k) - (e - y))·2^k; 20 <= k <= 56: ((y - (e + 2^-k)) + 1)·2^k
    all && set('r1', select(
      mul(sub(sub(splat(1), get('twomk')), sub(get('e'), get('y'))), get('twopk')),
      mul(add(sub(get('y'), add(get('e'), get('twomk'))), splat(1)), get('twopk')),
      `(f64x2.lt ${get('k')} ${splat(20)})`)),
    all && set('t', select(get('r1'), get('t'), `(v128.and ${get('big')} (f64x2.le ${get('k')} ${splat(56)}))`)),
    // k = -1: 0.5·(y - e) - 0.5; k = 0: e0 (both only below |x| = 1, where k <= 0)
    set('t', select(sub(mul(splat(0.5), sub(get('y'), get('e'))), splat(0.5)), get('t'), `(f64x2.eq ${get('k')} ${splat(-1)})`)),
    set('t', select(get('e0'), get('t'), `(f64x2.eq ${get('k')} ${splat(0)})`)),
    // tanh: |x| >= 1: 1 - 2/(t + 2); else -t/(t + 2)
    set('r', div(big(splat(2), `(f64x2.neg ${get('t')})`), add(get('t'), splat(2)))),
    all && set('r', select(sub(splat(1), get('r')), get('r'), get('big'))),
    all && set('r', select(splat(1), get('r'), `(f64x2.ge ${get('a')} ${splat(22)})`)),
    set('r', select(get('a'), get('r'), `(f64x2.lt ${get('a')} ${splat(2 ** -28)})`)),
    set('r', `(v128.or ${get('r')} (v128.and ${get('x')} ${constant('(v128.const i64x2 0x8000000000000000 0x8000000000000000)')}))`),
    all && set('r', select(get('x'), get('r'), `(f64x2.ne ${get('x')} ${get('x')})`)),
  ].filter(Boolean).join('\n      ');
}

// One loop over pairs; an odd count's last value goes through it with a zero beside it, and only its lane
// is stored. Pre-activations of a trained network are mostly below 1 in magnitude, so most pairs take the
// shorter path; a pair with a lane at or above 1 (or NaN) takes the path that computes every branch.
// The constants' table goes at the first 16-byte boundary past the values: callers leave TANH_SCRATCH_DOUBLES there.
export function tanhWat() {
  const locals = LOCALS.map((n) => `(local $${n} v128)`);
  const loop = `(block $done (loop $pairs
    (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
    (local.set $x (if (result v128) (i32.ge_u (i32.sub (local.get $end) (local.get $at)) (i32.const 16))
      (then (v128.load (local.get $at)))
      (else (v128.load64_zero (local.get $at)))))
    (local.set $a (f64x2.abs (local.get $x)))
    (if (i64x2.all_true (f64x2.lt (local.get $a) ${splat(1)}))
      (then
      ${tanhPair(true)})
      (else
      ${tanhPair(false)}))
    (if (i32.ge_u (i32.sub (local.get $end) (local.get $at)) (i32.const 16))
      (then (v128.store (local.get $at) (local.get $r)))
      (else (f64.store (local.get $at) (f64x2.extract_lane 0 (local.get $r)))))
    (local.set $at (i32.add (local.get $at) (i32.const 16)))
    (br $pairs)))`;
  if (constants.size * 2 + 1 > TANH_SCRATCH_DOUBLES) throw new Error(`tanh's ${constants.size} constants outgrow its scratch`);
  const table = [...constants].map(([text, at]) => `(v128.store offset=${at} (local.get $table) ${text})`);
  return `(func (export "tanh") (param $at i32) (param $count i32)
  ${locals.join(' ')}
  (local $end i32) (local $table i32)
  (local.set $end (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 3))))
  (local.set $table (i32.and (i32.add (local.get $end) (i32.const 15)) (i32.const -16)))
  ${table.join('\n  ')}
  ${loop})
`;
}

/** Doubles past the values the kernel overwrites with its constants' table (and the alignment before it). */
export const TANH_SCRATCH_DOUBLES = 64;
