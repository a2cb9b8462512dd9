// Writes the WebAssembly text of the engine's bulk exp (see src/engine/kernels/exp.ts): fdlibm's e_exp.c, the
// algorithm V8's Math.exp runs, two values per instruction, with every branch of the C code computed and selected,
// so the bits are Math.exp's (src/engine/kernels/exp.test.ts compares them on millions of values and every seam).
//
//   k  = 0 where the high word of |x| is at most 0x3fd62e42 (|x| about 0.5·ln2 or less),
//        else trunc(x/ln2 ± 0.5), with x's sign          (fdlibm's two reductions give the same k and hi there)
//   hi = x - k·ln2_hi,  lo = k·ln2_lo,  r = hi - lo
//   c  = r - r²·(P1 + r²·(P2 + r²·(P3 + r²·(P4 + r²·P5))))
//   k = 0: 1 - ((r·c)/(c - 2) - r);  else (1 - ((lo - (r·c)/(2 - c)) - hi))·A·B, with A·B = 2^k split as fdlibm
//   splits it (2·2^1023 for k = 1024, 2^(k+1000)·2^-1000 below k = -1021)
//   then fdlibm's special cases: 1 + x when |x| < 2^-28, +Infinity above its overflow threshold, 0 below its
//   underflow threshold, x + x for NaN; and V8's own: e for x = 1.
import { add, constantsTable, get, inPlaceKernel, mul, set, sub } from './inPlaceKernel.mjs';

const CONSTANTS = {
  oThreshold: 7.09782712893383973096e+02,
  uThreshold: -7.45133219101941108420e+02,
  ln2Hi: 6.93147180369123816490e-01,
  ln2Lo: 1.90821492927058770002e-10,
  invLn2: 1.44269504088896338700e+00,
  P: [1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05, -1.65339022054652515390e-06, 4.13813679705723846039e-08],
  magic: 6755399441055744, // 1.5·2^52: k + magic holds k in its low bits
};

const table = constantsTable('exp');
const { splat, i64 } = table;
const select = (mask, yes, no) => `(v128.bitselect ${yes} ${no} ${mask})`;
/** 2^e for integer lanes e (i64), as float64 bits. */
const powerOfTwo = (e) => `(i64x2.shl (i64x2.add ${e} ${i64(1023)}) (i32.const 52))`;

const LOCALS = ['x', 'hx', 'neg', 'k', 'ki', 'hi', 'lo', 'r', 't', 'c', 'rc', 'q', 'y', 'e', 'low', 'big', 'ea', 'eb'];

function expPair() {
  const { oThreshold, uThreshold, ln2Hi, ln2Lo, invLn2, P, magic } = CONSTANTS;
  return [
    set('hx', `(i64x2.shr_u (v128.and ${get('x')} ${i64('0x7fffffffffffffff')}) (i32.const 32))`),
    set('neg', `(f64x2.lt ${get('x')} ${splat(0)})`), // x's sign where it matters (k is 0 for ±0)
    // k as a float: 0 in the primary range, else trunc(x/ln2 ± 0.5).
    set('k', `(f64x2.trunc ${add(mul(splat(invLn2), get('x')), select(get('neg'), splat(-0.5), splat(0.5)))})`),
    set('k', `(v128.and ${get('k')} (i64x2.gt_s ${get('hx')} ${i64(0x3fd62e42)}))`),
    set('hi', sub(get('x'), mul(get('k'), splat(ln2Hi)))),
    set('lo', mul(get('k'), splat(ln2Lo))),
    set('r', sub(get('hi'), get('lo'))),
    set('t', mul(get('r'), get('r'))),
    set('c', sub(get('r'), mul(get('t'),
      add(splat(P[0]), mul(get('t'), add(splat(P[1]), mul(get('t'), add(splat(P[2]), mul(get('t'), add(splat(P[3]), mul(get('t'), splat(P[4])))))))))))),
    set('rc', mul(get('r'), get('c'))),
    // k's integer value in i64 lanes (exact for the k any finite input below the thresholds gives).
    set('ki', `(i64x2.sub ${add(get('k'), splat(magic))} ${splat(magic)})`),
    set('low', `(i64x2.lt_s ${get('ki')} ${i64(-1021)})`),
    set('big', `(i64x2.eq ${get('ki')} ${i64(1024)})`),
    set('ea', select(get('low'), `(i64x2.add ${get('ki')} ${i64(1000)})`, select(get('big'), i64(1), get('ki')))),
    set('eb', select(get('low'), i64(-1000), select(get('big'), i64(1023), i64(0)))),
    // One division serves both of fdlibm's forms: (r·c)/(c - 2) is exactly -((r·c)/(2 - c)).
    set('q', `(f64x2.div ${get('rc')} ${sub(splat(2), get('c'))})`),
    set('y', sub(splat(1), sub(sub(get('lo'), get('q')), get('hi')))),
    set('y', mul(mul(get('y'), powerOfTwo(get('ea'))), powerOfTwo(get('eb')))),
    set('e', sub(splat(1), sub(`(f64x2.neg ${get('q')})`, get('r')))),
    set('e', select(`(f64x2.eq ${get('k')} ${splat(0)})`, get('e'), get('y'))),
    set('e', select(`(i64x2.lt_s ${get('hx')} ${i64(0x3e300000)})`, add(splat(1), get('x')), get('e'))),
    set('e', select(`(f64x2.gt ${get('x')} ${splat(oThreshold)})`, table.load('(f64x2.splat (f64.const inf))'), get('e'))),
    set('e', select(`(f64x2.lt ${get('x')} ${splat(uThreshold)})`, splat(0), get('e'))),
    set('e', select(`(f64x2.ne ${get('x')} ${get('x')})`, add(get('x'), get('x')), get('e'))),
    // V8's copy returns e itself for x = 1, whose last bit the reduction gets wrong.
    set('e', select(`(f64x2.eq ${get('x')} ${splat(1)})`, splat(Math.E), get('e'))),
  ].join('\n      ');
}

export function expWat() {
  return inPlaceKernel('exp', LOCALS, expPair(), table);
}
