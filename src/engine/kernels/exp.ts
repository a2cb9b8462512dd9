/**
 * exp over arrays, bit for bit V8's `Math.exp`: V8 computes it with fdlibm's e_exp.c, and the WebAssembly kernel
 * (scripts/wasm/expWat.mjs) runs the same IEEE-754 operations, every branch computed and selected, two values per
 * instruction. A loop of `Math.exp` calls costs ~15 ns a value; the kernel ~1. Where WebAssembly cannot run, or for
 * a handful of values, the loop runs. exp.test.ts holds the kernel to `Math.exp` on every seam of the C code.
 */
import { applyInPlaceKernel } from './inPlace';

/** Below this many values a loop of `Math.exp` is as fast as a kernel call. */
const WASM_MIN_VALUES = 16;

/** out[i] = Math.exp(x[i]) for i < out.length (x and out may be the same array). */
export function expInto(x: Float64Array, out: Float64Array): void {
  const n = out.length;
  if (n >= WASM_MIN_VALUES && applyInPlaceKernel('exp', x, out)) return;
  for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
}
