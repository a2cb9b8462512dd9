/**
 * The engine's tanh: expm1(2|x|) by a Taylor polynomial after reducing by ln 2, then e/(e + 2) with x's sign
 * (the steps are spelled out in scripts/wasm/tanhWat.mjs). Within 2 ulp of the correctly rounded value, like V8's
 * `Math.tanh`, and correctly rounded more often. It is the engine's own rather than `Math.tanh` for two reasons:
 * the WebAssembly kernel computes exactly these bits two values per instruction with no branch (~3× faster than
 * fdlibm's branches, whose bits a kernel would otherwise have to copy), and the bits are the same in every
 * runtime, which `Math.tanh` does not promise. Where WebAssembly cannot run, or for a handful of values, the
 * scalar function below runs the same operations in the same order.
 */
import { applyInPlaceKernel } from './inPlace';
import { TANH_CONSTANTS } from './wasm.generated';

/** Below this many values the copies into WebAssembly memory cost more than they save. */
const WASM_MIN_VALUES = 64;

const { clamp, invLn2, ln2Hi, ln2Lo, roundMagic } = TANH_CONSTANTS;
const [c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13] = TANH_CONSTANTS.taylor;
/** 2^k for the k the reduction can give (2·clamp/ln 2 < 58), exactly. */
const POWERS_OF_TWO = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

/** tanh(x), the bits the WebAssembly kernel gives. */
export function tanh(x: number): number {
  const a = Math.min(Math.abs(x), clamp);
  const y = a + a;
  const t = y * invLn2 + roundMagic;
  const k = t - roundMagic;
  const r = (y - k * ln2Hi) - k * ln2Lo;
  const r2 = r * r, r4 = r2 * r2;
  const q = (c2 + c3 * r + (c4 + c5 * r) * r2)
    + r4 * ((c6 + c7 * r + (c8 + c9 * r) * r2) + (c10 + c11 * r + (c12 + c13 * r) * r2) * r4);
  const s = POWERS_OF_TWO[k];
  let e = s * (r + r2 * q) + (s - 1);
  e = e / (e + 2);
  return x > 0 ? e : x < 0 ? -e : x; // ±0 and NaN are their own tanh
}

/** out[i] = tanh(x[i]) for i < out.length (x and out may be the same array). */
export function tanhInto(x: Float64Array, out: Float64Array): void {
  const n = out.length;
  if (n >= WASM_MIN_VALUES && applyInPlaceKernel('tanh', x, out)) return;
  for (let i = 0; i < n; i++) out[i] = tanh(x[i]);
}
