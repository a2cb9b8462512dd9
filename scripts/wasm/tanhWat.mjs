// Writes the WebAssembly text of the engine's bulk tanh (see src/engine/kernels/tanh.ts, whose scalar `tanh` is the
// same arithmetic one value at a time: both read TANH_CONSTANTS, emitted into wasm.generated.ts).
//
// tanh(at, count) overwrites `count` float64 values at byte offset `at` with their tanh, two values per instruction
// (f64x2), with no branch:
//   a = min(|x|, 20)                         (tanh rounds to 1 above ~19.1; expm1 stays finite)
//   k = round(2a / ln2)                      (adding and subtracting 1.5·2^52 rounds to nearest, ties to even)
//   r = (2a - k·ln2_hi) - k·ln2_lo           (|r| <= ln2/2; k·ln2_hi is exact for k <= 58)
//   expm1(r) = r + r²·q(r), q Taylor's 1/2! .. 1/13! by Estrin's scheme
//   e = 2^k·expm1(r) + (2^k - 1)             (= expm1(2a); 2^k from k's bits)
//   tanh(x) = e / (e + 2), with x's sign     (±0 and NaN come out as x)
// Within 2 ulp of the correctly rounded tanh, as V8's Math.tanh (fdlibm's) is, and correctly rounded more often
// (src/engine/kernels/tanh.test.ts measures both against a 200-bit reference). Only IEEE-754 operations in a
// fixed order, so the JavaScript loop and this kernel agree bit for bit in every runtime, which Math.tanh does
// not promise (Node's V8 and Chromium's have differed in the last bit).
import { add, constantsTable, get, inPlaceKernel, mul, set, sub } from './inPlaceKernel.mjs';

/** The kernel's and the scalar function's constants. */
export const TANH_CONSTANTS = (() => {
  const taylor = []; // 1/n! for n = 2..13, each from the last by one division, as written out below
  let factorial = 1;
  for (let n = 2; n <= 13; n++) taylor.push(1 / (factorial *= n));
  return {
    clamp: 20,
    invLn2: 1.44269504088896338700e+00,
    ln2Hi: 6.93147180369123816490e-01, // fdlibm's: its low 32 bits are zero
    ln2Lo: 1.90821492927058770002e-10,
    roundMagic: 6755399441055744, // 1.5·2^52
    taylor,
  };
})();

const table = constantsTable('tanh');
const { splat } = table;

const LOCALS = ['x', 'a', 'y', 't', 'k', 'r', 'r2', 'r4', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'q', 's', 'e'];

/** The statements computing tanh of the two lanes of $x into $e (the order src/engine/kernels/tanh.ts follows). */
function tanhPair() {
  const { clamp, invLn2, ln2Hi, ln2Lo, roundMagic, taylor } = TANH_CONSTANTS;
  const c = (n) => splat(taylor[n - 2]);
  return [
    // pmin (clamp < a ? clamp : a) is one instruction where min's NaN and ±0 rules take V8 seven; a = |x| is never
    // -0, and a NaN still passes through, so the two agree on every input.
    set('a', `(f64x2.pmin (f64x2.abs ${get('x')}) ${splat(clamp)})`),
    set('y', add(get('a'), get('a'))),
    set('t', add(mul(get('y'), splat(invLn2)), splat(roundMagic))),
    set('k', sub(get('t'), splat(roundMagic))),
    set('r', sub(sub(get('y'), mul(get('k'), splat(ln2Hi))), mul(get('k'), splat(ln2Lo)))),
    set('r2', mul(get('r'), get('r'))),
    set('r4', mul(get('r2'), get('r2'))),
    ...[0, 1, 2, 3, 4, 5].map((i) => set(`p${i}`, add(c(2 + 2 * i), mul(c(3 + 2 * i), get('r'))))),
    set('q', add(
      add(get('p0'), mul(get('p1'), get('r2'))),
      mul(get('r4'), add(add(get('p2'), mul(get('p3'), get('r2'))), mul(add(get('p4'), mul(get('p5'), get('r2'))), get('r4')))),
    )),
    set('q', add(get('r'), mul(get('r2'), get('q')))), // expm1(r)
    // 2^k: k's integer value is t's low bits (t = 1.5·2^52 + k), moved into an exponent.
    set('s', `(i64x2.shl (i64x2.add (i64x2.sub ${get('t')} ${splat(roundMagic)}) ${table.i64(1023)}) (i32.const 52))`),
    set('e', add(mul(get('s'), get('q')), sub(get('s'), splat(1)))),
    set('e', `(f64x2.div ${get('e')} ${add(get('e'), splat(2))})`),
    set('e', `(v128.or ${get('e')} (v128.and ${get('x')} ${table.load('(v128.const i64x2 0x8000000000000000 0x8000000000000000)')}))`),
  ].join('\n      ');
}

export function tanhWat() {
  return inPlaceKernel('tanh', LOCALS, tanhPair(), table);
}
