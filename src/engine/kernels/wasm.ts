/**
 * The engine's WebAssembly kernels: one small generated module (scripts/gen-wasm-kernels.mjs, ~4 KB)
 * holding the float64 matrix multiply, its operand transpose and the bulk normal generator, and a second (~3 KB) on the
 * same memory holding tanh, exp, a fused layer's backward elementwise pass and plain SGD's update. All of them compute
 * exactly the bits their JavaScript counterparts compute (they use only IEEE-754 operations in the same order), so
 * whether a runtime uses them changes speed, never results.
 *
 * The pair runs on two memories: a scratch one (`wasmKernels().heap`) that operands are copied into, growing on
 * demand, and the buffer pool's resident arena (`residentKernels`), whose arrays they read and write in place.
 *
 * The modules are compiled synchronously on first use (every runtime allows that for modules under
 * 4 KB, hence two). Where WebAssembly is missing or refused (a page whose content security policy lacks
 * 'wasm-unsafe-eval'), `wasmKernels()` returns null and callers keep their JavaScript path.
 */
import { ACTIVATIONS_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasm.generated';

// The part of the WebAssembly JavaScript API used here. It exists in every runtime the engine runs in, but
// ES2022's lib does not declare it; declaring it in this module keeps the engine's purity fence as it is.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
};
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

/** The kernels proper: every operand is a byte offset into the memory they run on. */
export interface KernelCalls {
  /** C = A·B + bias per column; A m×k at byte strides (sar, sap), B k×n and C m×n row-major, bias n; byte offsets. */
  gemm(m: number, n: number, k: number, a: number, sar: number, sap: number, b: number, c: number, bias: number): void;
  /** `count` normal draws at byte offset `out` from the xoshiro words at `state` (see rng.ts). */
  normals(out: number, count: number, state: number, mean: number, std: number): void;
  /** dst (cols×rows, row-major) = the transpose of the rows×cols matrix at src, rows `srs` bytes apart; byte offsets. */
  transpose(src: number, srs: number, dst: number, rows: number, cols: number): void;
  /**
   * Overwrites `count` values at byte offset `at` with their tanh, the bits of kernels/tanh.ts's `tanh`; the
   * TABLE_DOUBLES at byte offset `table` (16-byte aligned, apart from the values) hold its constants meanwhile.
   */
  tanh(at: number, count: number, table: number): void;
  /** The same with exp: the bits of V8's `Math.exp` (fdlibm's e_exp.c; kernels/exp.ts). */
  exp(at: number, count: number, table: number): void;
  /**
   * g = g·φ'(from y) in place over rows×cols row-major values, and db[c] += it for every row in increasing order;
   * kind 0 tanh, 1 sigmoid, 2 relu (fusedLinear.ts's loops); byte offsets.
   */
  activationGrad(kind: number, g: number, y: number, db: number, rows: number, cols: number): void;
  /** param[i] += step·grad[i] for `count` values at byte offsets `param` and `grad` (optim/sgd.ts's plain loop). */
  sgd(param: number, grad: number, count: number, step: number): void;
}

/** The kernels on a scratch memory that operands are copied into and results out of. */
export interface WasmKernels extends KernelCalls {
  /**
   * A float64 view of at least `doubles` values of the module's memory (valid until the next call), or null
   * when that much cannot be had (beyond MAX_HEAP_DOUBLES, or the memory cannot grow): callers then use
   * their JavaScript path.
   */
  heap(doubles: number): Float64Array | null;
}

const PAGE_BYTES = 65536;
/** 1 GiB: the kernels address memory with 32-bit signed offsets, so operands stay well below 2 GiB. */
export const MAX_HEAP_DOUBLES = 2 ** 27;
let loaded: { modules: readonly [object, object]; kernels: WasmKernels } | null | undefined;

/** The byte offset of an in-place kernel's constants table past `doubles` values at the start of a scratch heap. */
export function tableAfter(doubles: number): number {
  return (doubles * 8 + 15) & ~15;
}

/**
 * A typed view of at least n elements of `memory`, growing it on demand, or null beyond `maxElements` or when the
 * runtime refuses more memory. The view returned is valid until the next call (growing detaches the old one).
 */
export function heapView<T extends Float64Array | Float32Array>(
  memory: WasmMemory, View: { new (buffer: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number }, maxElements: number,
): (n: number) => T | null {
  let view = new View(memory.buffer);
  return (n) => {
    if (n > maxElements) return null;
    const bytes = n * View.BYTES_PER_ELEMENT;
    if (memory.buffer.byteLength < bytes) {
      try {
        memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES));
      } catch {
        return null; // the runtime refused more memory
      }
    }
    if (view.buffer !== memory.buffer) view = new View(memory.buffer);
    return view;
  };
}

/** The first `n` values of `a`: the array itself when that is its length (a `set` from it then needs no view). */
export function prefix(a: Float64Array, n: number): Float64Array {
  return a.length === n ? a : a.subarray(0, n);
}

export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, value = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = ((value << 6) | alphabet.indexOf(clean[i])) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** Both modules instantiated on a fresh memory (the kernels module's own). */
function instantiate(modules: readonly [object, object]): { calls: KernelCalls; memory: WasmMemory } {
  const instance = new WebAssembly.Instance(modules[0]);
  const activations = new WebAssembly.Instance(modules[1], { kernels: { memory: instance.exports.memory } });
  return {
    calls: {
      gemm: instance.exports.gemm as KernelCalls['gemm'],
      normals: instance.exports.normals as KernelCalls['normals'],
      transpose: instance.exports.transpose as KernelCalls['transpose'],
      tanh: activations.exports.tanh as KernelCalls['tanh'],
      exp: activations.exports.exp as KernelCalls['exp'],
      activationGrad: activations.exports.activationGrad as KernelCalls['activationGrad'],
      sgd: activations.exports.sgd as KernelCalls['sgd'],
    },
    memory: instance.exports.memory as WasmMemory,
  };
}

function load(): { modules: readonly [object, object]; kernels: WasmKernels } | null {
  try {
    const modules = [
      new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64)), new WebAssembly.Module(decodeBase64(ACTIVATIONS_WASM_BASE64)),
    ] as const;
    const { calls, memory } = instantiate(modules);
    return { modules, kernels: { ...calls, heap: heapView(memory, Float64Array, MAX_HEAP_DOUBLES) } };
  } catch {
    return null; // no WebAssembly (or no SIMD) here, or a content security policy that forbids compiling it
  }
}

/** Which kernels this runtime computes with (the panels report it beside their timings). */
export function kernelBackend(): 'webassembly' | 'javascript' {
  return wasmKernels() === null ? 'javascript' : 'webassembly';
}

/** The kernels, or null when WebAssembly cannot run here. */
export function wasmKernels(): WasmKernels | null {
  if (loaded === undefined) loaded = load();
  return loaded?.kernels ?? null;
}

/**
 * The kernels on a memory of `bytes` bytes that never grows, so arrays viewing it stay valid: the buffer pool
 * hands such arrays out (bufferPool.ts), and the kernels then read and write them where they lie, with no copy.
 * Null without WebAssembly, or when the runtime will not give that much memory.
 */
export function residentKernels(bytes: number): { calls: KernelCalls; buffer: ArrayBuffer } | null {
  wasmKernels();
  if (!loaded) return null;
  try {
    const { calls, memory } = instantiate(loaded.modules);
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES));
    return { calls, buffer: memory.buffer };
  } catch {
    return null;
  }
}
