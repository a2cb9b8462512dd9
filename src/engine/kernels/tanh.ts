/**
 * Bulk tanh, the bits of `Math.tanh`: V8 computes fdlibm's tanh one value per call out of the loop
 * (~11 ns each); the WebAssembly kernel (scripts/wasm/tanhWat.mjs) computes the same fdlibm
 * arithmetic two values per instruction, without the calls. Where WebAssembly cannot run, or for a
 * handful of values, the `Math.tanh` loop.
 */
import { prefix, wasmKernels } from './wasm';
import { TANH_SCRATCH_DOUBLES } from './wasm.generated';

/** Below this many values the copies into WebAssembly memory cost more than they save. */
const WASM_MIN_VALUES = 64;

/** out[i] = Math.tanh(x[i]) for i < out.length (x and out may be the same array). */
export function tanhInto(x: Float64Array, out: Float64Array): void {
  const n = out.length;
  const kernels = n >= WASM_MIN_VALUES ? wasmKernels() : null;
  const heap = kernels?.heap(n + TANH_SCRATCH_DOUBLES) ?? null;
  if (kernels === null || heap === null) {
    for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
    return;
  }
  heap.set(prefix(x, n), 0);
  kernels.tanh(0, n);
  out.set(heap.subarray(0, n));
}
