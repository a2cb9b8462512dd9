/**
 * Runs one of the in-place elementwise WebAssembly kernels (tanh, exp: scripts/wasm/inPlaceKernel.mjs) over an
 * array: where the output lies in the buffer pool's arena, there; else on a copy in the kernels' scratch memory.
 * Null when WebAssembly cannot run here or the values do not fit: the caller's scalar loop runs instead.
 */
import { CONSTANTS_TABLE, isResident, residentArena } from './bufferPool';
import { prefix, tableAfter, wasmKernels } from './wasm';
import { TABLE_DOUBLES } from './wasm.generated';

/** out[i] = kernel(x[i]) for i < out.length (x and out may be the same array); false when it could not run. */
export function applyInPlaceKernel(kernel: 'tanh' | 'exp', x: Float64Array, out: Float64Array): boolean {
  const n = out.length;
  const arena = isResident(out) ? residentArena() : null;
  if (arena !== null) {
    if (x !== out) out.set(prefix(x, n));
    arena.calls[kernel](out.byteOffset, n, CONSTANTS_TABLE);
    return true;
  }
  const kernels = wasmKernels();
  const heap = kernels?.heap(n + TABLE_DOUBLES) ?? null;
  if (kernels === null || heap === null) return false;
  heap.set(prefix(x, n), 0);
  kernels[kernel](0, n, tableAfter(n));
  out.set(heap.subarray(0, n));
  return true;
}
