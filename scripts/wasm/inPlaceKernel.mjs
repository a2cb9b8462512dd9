// What the in-place elementwise kernels (tanh, exp) share: their constants' table and their loop over pairs.
import { f64 } from './normalsWat.mjs';

/** Doubles of the table a kernel stores its constants in at each call (its third argument, 16-byte aligned). */
export const TABLE_DOUBLES = 64;

export const get = (name) => `(local.get $${name})`;
export const set = (name, value) => `(local.set $${name} ${value})`;
export const add = (a, b) => `(f64x2.add ${a} ${b})`;
export const sub = (a, b) => `(f64x2.sub ${a} ${b})`;
export const mul = (a, b) => `(f64x2.mul ${a} ${b})`;

/**
 * A kernel's constants, each a v128 stored once per call in the caller's table and read from there: V8 rebuilds a
 * splatted constant from immediates at every use (three instructions for one load), and these loops are bound by
 * instruction count. `load(text)` is the instruction reading the constant `text` evaluates to.
 */
export function constantsTable(kernel) {
  const offsets = new Map();
  const load = (text) => {
    if (!offsets.has(text)) offsets.set(text, offsets.size * 16);
    return `(v128.load offset=${offsets.get(text)} (local.get $table))`;
  };
  return {
    load,
    splat: (x) => load(`(f64x2.splat ${f64(x)})`),
    i64: (x) => load(`(i64x2.splat (i64.const ${x}))`),
    /** The stores filling the table (after every constant was asked for). */
    stores() {
      if (offsets.size * 2 + 1 > TABLE_DOUBLES) throw new Error(`${kernel}'s ${offsets.size} constants outgrow its table`);
      return [...offsets].map(([text, at]) => `(v128.store offset=${at} (local.get $table) ${text})`);
    },
  };
}

/**
 * `name`(at, count, table): overwrites `count` float64 values at byte offset `at` with f of them, where `pair` is
 * the statements computing f of the two lanes of $x into $e. One loop over pairs; an odd count's last value goes
 * through it with a zero beside it, and only its lane is stored. The constants go to the table at byte offset
 * `table` (TABLE_DOUBLES long), which the caller gives: past the values in a scratch heap, or a block of its own
 * where the values sit among other arrays.
 */
export function inPlaceKernel(name, locals, pair, table) {
  return `(func (export "${name}") (param $at i32) (param $count i32) (param $table i32)
  ${locals.map((n) => `(local $${n} v128)`).join(' ')}
  (local $end i32)
  (local.set $end (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 3))))
  ${table.stores().join('\n  ')}
  (block $done (loop $pairs
    (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
    (local.set $x (if (result v128) (i32.ge_u (i32.sub (local.get $end) (local.get $at)) (i32.const 16))
      (then (v128.load (local.get $at)))
      (else (v128.load64_zero (local.get $at)))))
    ${pair}
    (if (i32.ge_u (i32.sub (local.get $end) (local.get $at)) (i32.const 16))
      (then (v128.store (local.get $at) (local.get $e)))
      (else (f64.store (local.get $at) (f64x2.extract_lane 0 (local.get $e)))))
    (local.set $at (i32.add (local.get $at) (i32.const 16)))
    (br $pairs))))
`;
}
