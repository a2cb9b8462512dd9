// Writes the WebAssembly text of the engine's bulk normal generator (see src/engine/rng.ts, fillNormal).
//
// normals(out, count, state, mean, std) writes `count` float64 draws at byte offset `out` exactly as
// Rng.normal() would draw them one by one: xoshiro128** from the four 32-bit words at `state`, doubles
// from 26 + 27 bits, Marsaglia's polar method, and fdlibm's logarithm (the same port as
// src/engine/kernels/portableLog.ts). Only IEEE-754 +, -, ×, ÷, sqrt and integer operations are used, so every
// value has the same bits as the JavaScript generator's. The advanced state is written back to `state`;
// when `count` is odd, the pair's second normal (the generator's spare) goes to state + 16 as a raw z.

/** An f64 constant written as a hexadecimal float, so no decimal rounding can change it. */
export function f64(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & 0xfffffffffffffn).toString(16).padStart(13, '0');
  if (exponent === 0) return `(f64.const ${sign}0x0.${mantissa}p-1022)`;
  return `(f64.const ${sign}0x1.${mantissa}p${exponent - 1023})`;
}

const get = (name) => `(local.get $${name})`;
const set = (name, value) => `(local.set $${name} ${value})`;
const i32 = (n) => `(i32.const ${n})`;
const add = (a, b) => `(f64.add ${a} ${b})`;
const sub = (a, b) => `(f64.sub ${a} ${b})`;
const mul = (a, b) => `(f64.mul ${a} ${b})`;
const div = (a, b) => `(f64.div ${a} ${b})`;

const LN2_HI = f64(6.93147180369123816490e-01);
const LN2_LO = f64(1.90821492927058770002e-10);
const LG = [0, 6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
  1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01].map(f64);

/** fdlibm's e_log.c, line for line as portableLog.ts (comments there). */
const logFunction = `
(func $log (param $x f64) (result f64)
  (local $bits i64) (local $hx i32) (local $lx i32) (local $k i32) (local $i0 i32) (local $i i32)
  (local $f f64) (local $dk f64) (local $r f64) (local $s f64) (local $z f64) (local $w f64) (local $t1 f64) (local $t2 f64) (local $hfsq f64)
  ${set('bits', '(i64.reinterpret_f64 (local.get $x))')}
  ${set('hx', '(i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32)))')}
  ${set('lx', '(i32.wrap_i64 (local.get $bits))')}
  (if (i32.lt_s ${get('hx')} ${i32(0x00100000)}) (then
    (if (i32.eqz (i32.or (i32.and ${get('hx')} ${i32(0x7fffffff)}) ${get('lx')})) (then (return (f64.const -inf))))
    (if (i32.lt_s ${get('hx')} ${i32(0)}) (then (return (f64.const nan))))
    ${set('k', i32(-54))}
    ${set('x', mul(get('x'), f64(1.80143985094819840000e16)))}
    ${set('hx', '(i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32)))')}))
  (if (i32.ge_s ${get('hx')} ${i32(0x7ff00000)}) (then (return ${add(get('x'), get('x'))})))
  ${set('k', `(i32.add ${get('k')} (i32.sub (i32.shr_s ${get('hx')} ${i32(20)}) ${i32(1023)}))`)}
  ${set('hx', `(i32.and ${get('hx')} ${i32(0x000fffff)})`)}
  ${set('i0', `(i32.and (i32.add ${get('hx')} ${i32(0x95f64)}) ${i32(0x100000)})`)}
  ${set('x', `(f64.reinterpret_i64 (i64.or
      (i64.shl (i64.extend_i32_u (i32.or ${get('hx')} (i32.xor ${get('i0')} ${i32(0x3ff00000)}))) (i64.const 32))
      (i64.and (i64.reinterpret_f64 ${get('x')}) (i64.const 0xffffffff))))`)}
  ${set('k', `(i32.add ${get('k')} (i32.shr_s ${get('i0')} ${i32(20)}))`)}
  ${set('f', sub(get('x'), f64(1)))}
  ${set('dk', `(f64.convert_i32_s ${get('k')})`)}
  (if (i32.lt_s (i32.and ${i32(0x000fffff)} (i32.add ${i32(2)} ${get('hx')})) ${i32(3)}) (then
    (if (f64.eq ${get('f')} ${f64(0)}) (then
      (if (i32.eqz ${get('k')}) (then (return ${f64(0)})))
      (return ${add(mul(get('dk'), LN2_HI), mul(get('dk'), LN2_LO))})))
    ${set('r', mul(mul(get('f'), get('f')), sub(f64(0.5), mul(f64(0.33333333333333333), get('f')))))}
    (if (i32.eqz ${get('k')}) (then (return ${sub(get('f'), get('r'))})))
    (return ${sub(mul(get('dk'), LN2_HI), sub(sub(get('r'), mul(get('dk'), LN2_LO)), get('f')))})))
  ${set('s', div(get('f'), add(f64(2), get('f'))))}
  ${set('z', mul(get('s'), get('s')))}
  ${set('w', mul(get('z'), get('z')))}
  ${set('t1', mul(get('w'), add(LG[2], mul(get('w'), add(LG[4], mul(get('w'), LG[6]))))))}
  ${set('t2', mul(get('z'), add(LG[1], mul(get('w'), add(LG[3], mul(get('w'), add(LG[5], mul(get('w'), LG[7]))))))))}
  ${set('i', `(i32.or (i32.sub ${get('hx')} ${i32(0x6147a)}) (i32.sub ${i32(0x6b851)} ${get('hx')}))`)}
  ${set('r', add(get('t2'), get('t1')))}
  (if (i32.gt_s ${get('i')} ${i32(0)}) (then
    ${set('hfsq', mul(mul(f64(0.5), get('f')), get('f')))}
    (if (i32.eqz ${get('k')}) (then (return ${sub(get('f'), sub(get('hfsq'), mul(get('s'), add(get('hfsq'), get('r')))))})))
    (return ${sub(mul(get('dk'), LN2_HI), sub(sub(get('hfsq'), add(mul(get('s'), add(get('hfsq'), get('r'))), mul(get('dk'), LN2_LO))), get('f')))})))
  (if (i32.eqz ${get('k')}) (then (return ${sub(get('f'), mul(get('s'), sub(get('f'), get('r'))))})))
  ${sub(mul(get('dk'), LN2_HI), sub(sub(mul(get('s'), sub(get('f'), get('r'))), mul(get('dk'), LN2_LO)), get('f')))})`;

/** One xoshiro128** step: leaves the output in $r (Rng.nextUint32). */
const nextUint32 = `
    ${set('r', `(i32.mul (i32.rotl (i32.mul ${get('s1')} ${i32(5)}) ${i32(7)}) ${i32(9)})`)}
    ${set('t', `(i32.shl ${get('s1')} ${i32(9)})`)}
    ${set('s2', `(i32.xor ${get('s2')} ${get('s0')})`)}
    ${set('s3', `(i32.xor ${get('s3')} ${get('s1')})`)}
    ${set('s1', `(i32.xor ${get('s1')} ${get('s2')})`)}
    ${set('s0', `(i32.xor ${get('s0')} ${get('s3')})`)}
    ${set('s2', `(i32.xor ${get('s2')} ${get('t')})`)}
    ${set('s3', `(i32.rotl ${get('s3')} ${i32(11)})`)}`;

/**
 * 2 · Rng.next() − 1 into $target: 26 high bits of one output and 27 of the next, over 2^53 (multiplied
 * by 2^-53, which is exact and gives the division's bits without its latency).
 */
const symmetricUniform = (target) => `
    ${nextUint32}
    ${set('hi', `(i32.shr_u ${get('r')} ${i32(6)})`)}
    ${nextUint32}
    ${set(target, sub(mul(f64(2), mul(add(mul(`(f64.convert_i32_u ${get('hi')})`, f64(134217728)),
      `(f64.convert_i32_u (i32.shr_u ${get('r')} ${i32(5)}))`), f64(2 ** -53))), f64(1)))}`;

const normalsFunction = `
(func (export "normals") (param $out i32) (param $count i32) (param $state i32) (param $mean f64) (param $std f64)
  (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $r i32) (local $t i32) (local $hi i32) (local $end i32)
  (local $u f64) (local $v f64) (local $s f64) (local $factor f64)
  ${set('s0', `(i32.load offset=0 ${get('state')})`)}
  ${set('s1', `(i32.load offset=4 ${get('state')})`)}
  ${set('s2', `(i32.load offset=8 ${get('state')})`)}
  ${set('s3', `(i32.load offset=12 ${get('state')})`)}
  ${set('end', `(i32.add ${get('out')} (i32.shl ${get('count')} ${i32(3)}))`)}
  (block $done (loop $pairs
    (br_if $done (i32.ge_u ${get('out')} ${get('end')}))
    (loop $reject
      ${symmetricUniform('u')}
      ${symmetricUniform('v')}
      ${set('s', add(mul(get('u'), get('u')), mul(get('v'), get('v'))))}
      (br_if $reject (i32.or (f64.ge ${get('s')} ${f64(1)}) (f64.eq ${get('s')} ${f64(0)}))))
    ${set('factor', `(f64.sqrt ${div(mul(f64(-2), `(call $log ${get('s')})`), get('s'))})`)}
    (f64.store ${get('out')} ${add(get('mean'), mul(get('std'), mul(get('u'), get('factor'))))})
    ${set('out', `(i32.add ${get('out')} ${i32(8)})`)}
    (if (i32.lt_u ${get('out')} ${get('end')})
      (then
        (f64.store ${get('out')} ${add(get('mean'), mul(get('std'), mul(get('v'), get('factor'))))})
        ${set('out', `(i32.add ${get('out')} ${i32(8)})`)})
      (else (f64.store offset=16 ${get('state')} ${mul(get('v'), get('factor'))})))
    (br $pairs)))
  (i32.store offset=0 ${get('state')} ${get('s0')})
  (i32.store offset=4 ${get('state')} ${get('s1')})
  (i32.store offset=8 ${get('state')} ${get('s2')})
  (i32.store offset=12 ${get('state')} ${get('s3')}))`;

export function normalsWat() {
  return `${logFunction}\n${normalsFunction}`;
}
