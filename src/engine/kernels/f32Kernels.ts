/**
 * The float32 kernels of the depth explorer's preview (scripts/gen-wasm-f32-kernels.mjs): a float32 matrix
 * multiply, the tanh / sigmoid / ReLU / identity activations with their derivatives, and the per-layer sums
 * (norms, moments, histograms), in f32x4 SIMD. Unlike the float64 kernels (kernels.ts) they do not give the
 * engine's bits — float32 with polynomial approximations, a few float32 ulps — so they serve only a preview that
 * the float64 engine replaces once the input settles.
 *
 * The module built with relaxed SIMD's fused multiply-add is tried first (Chromium has it); where that does not
 * validate, the baseline SIMD module; where neither can run, `f32Kernels()` is null and no preview is made.
 */
import { F32_KERNELS_FMA_WASM_BASE64, F32_KERNELS_WASM_BASE64, F32_NORMALS_SCRATCH_BYTES } from './f32Kernels.generated';

export { F32_NORMALS_SCRATCH_BYTES };
import { decodeBase64, heapView, type WasmMemory } from './wasm';

declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
};

/** The activations with a float32 kernel, by the engine's registry name, and their `act32` kind. */
export const F32_ACTIVATION_KINDS: Readonly<Record<string, number>> = { tanh: 0, sigmoid: 1, relu: 2, identity: 3 };

export interface F32Kernels {
  /** C = A·B + bias per column, float32; A m×k at byte strides (sar, sap), B k×n and C m×n row-major; byte offsets. */
  gemm32(m: number, n: number, k: number, a: number, sar: number, sap: number, b: number, c: number, bias: number): void;
  /**
   * out = phi(h) (+ res unless res is 0), dphi = phi'(h) over `count` values rounded up to a multiple of 4
   * (callers pad their buffers to 16 bytes); byte offsets.
   */
  act32(kind: number, count: number, h: number, out: number, dphi: number, res: number): void;
  /**
   * `count` draws of std·N(0, 1) from each of four xoshiro128** streams (as Rng.fillNormal draws from a fresh
   * generator to a few float32 ulps; polar method), stream i into o_i. `state` holds the 4 × 4 words word-major
   * (s0 of the four streams, then s1, ...) and is advanced in place by whole chunks of 64 candidate pairs (so
   * past the draws used); F32_NORMALS_SCRATCH_BYTES of scratch follow it. Byte offsets.
   */
  normals4(state: number, count: number, std: number, o0: number, o1: number, o2: number, o3: number): void;
  /** dst (cols × rows) = srcᵀ, float32 row-major; byte offsets. */
  transpose32(rows: number, cols: number, src: number, dst: number): void;
  /** Σ p[i]² over `count` floats, summed in float64; byte offset. */
  sumsq32(count: number, p: number): number;
  /** out = a·b·s elementwise over `count` floats; returns Σ out[i]² (float64). Byte offsets. */
  scaledProduct32(count: number, a: number, b: number, s: number, out: number): number;
  /** u += c·g over `count` floats; returns Σ u[i]² (float64). Byte offsets. */
  addScaled32(count: number, u: number, c: number, g: number): number;
  /** Σ over columns of (the column's sum)², for a rows × cols row-major float32 matrix at byte offset p. */
  columnSumsSq32(rows: number, cols: number, p: number): number;
  /** float64 out[0..1] = Σx, Σx² over `count` floats (not finite when some value is not). */
  sums32(count: number, p: number, out: number): void;
  /** float64 out[0..4] = Σx, Σx², min, max of the finite values among `count` floats, and how many are not finite. */
  moments32(count: number, p: number, out: number): void;
  /** float64 out[0..1] = Σ|x| over `count` floats and how many have |x| < threshold. */
  absBelow32(count: number, p: number, threshold: number, out: number): void;
  /** int32 out[b] += 1 per finite x, b = min(bins − 1, floor((x − min)·scale)) in float32; every x ≥ min. */
  histogram32(count: number, p: number, min: number, scale: number, bins: number, out: number): void;
  /** A float32 view of at least `floats` values of the module's memory (valid until the next heap call), or null. */
  heap(floats: number): Float32Array | null;
  /** Whether the product uses relaxed SIMD's fused multiply-add. */
  readonly fma: boolean;
}

/** 1 GiB: the kernels address memory with 32-bit signed offsets. */
const MAX_HEAP_FLOATS = 2 ** 28;
let loaded: F32Kernels | null | undefined;

function instantiate(base64: string): { readonly exports: Record<string, unknown> } | null {
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(base64)));
  } catch {
    return null;
  }
}

/** The module's functions, each exported under its name in F32Kernels. */
const KERNEL_EXPORTS = [
  'gemm32', 'act32', 'normals4', 'transpose32', 'sumsq32', 'scaledProduct32', 'addScaled32', 'columnSumsSq32',
  'sums32', 'moments32', 'absBelow32', 'histogram32',
] as const satisfies readonly (keyof F32Kernels)[];

function load(): F32Kernels | null {
  const withFma = instantiate(F32_KERNELS_FMA_WASM_BASE64);
  const instance = withFma ?? instantiate(F32_KERNELS_WASM_BASE64);
  if (instance === null) return null;
  const memory = instance.exports.memory as WasmMemory;
  const exported = Object.fromEntries(KERNEL_EXPORTS.map((name) => [name, instance.exports[name]]));
  return {
    ...(exported as Pick<F32Kernels, (typeof KERNEL_EXPORTS)[number]>),
    fma: withFma !== null,
    heap: heapView(memory, Float32Array, MAX_HEAP_FLOATS),
  };
}

/** The float32 kernels, or null when WebAssembly SIMD cannot run here. */
export function f32Kernels(): F32Kernels | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}
