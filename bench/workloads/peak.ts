/**
 * The machine's WebAssembly SIMD limit for a matrix product's inner loop, measured in the same run as the
 * workloads: eight independent accumulators, each acc += a·b with two new `a` broadcast from memory every
 * iteration (as the gemm kernel's 2×8 block reads two rows of A) and four b vectors held in registers, so
 * the eight products differ and none can be shared. Baseline WebAssembly SIMD has no fused
 * multiply-add, so one mul and one add per lane: 32 FLOP per iteration in f64x2, 64 in f32x4.
 * Written so that V8 runs exactly that: the b vectors are loaded from memory before the loop (V8 rebuilds a
 * constant vector inside the loop, three instructions each time), the eight products differ (with one `a`,
 * acc i and acc i+4 got the same product and V8 computed it once), and each broadcast is one load-and-splat.
 * The first version had the first two faults: it did 4 of the 8 multiplications it counted and still ran ~12% below
 * the engine's own gemm.
 * Assembled with wabt at start-up (a devDependency), so the benchmark needs no generated file.
 */

import type { Step } from '../job';

export const PEAK_KINDS = ['f64x2', 'f32x4'] as const;
export type PeakKind = (typeof PEAK_KINDS)[number];

const ACCUMULATORS = 8;
/** Iterations per call: ~1-2 ms at the expected 15-30 GFLOP/s. */
export const PEAK_ITERATIONS = 1 << 20;
/** The broadcast operand cycles through this many bytes (L1-resident, as a gemm's A panel). */
const RING_BYTES = 1024;
/** The b vectors (4 × 16 bytes per kind) lie after the ring: f64x2's first, then f32x4's. */
const B_VALUES = [0.5, 0.25, -0.5, -0.25];
const bOffset = (kind: PeakKind) => RING_BYTES + (kind === 'f64x2' ? 0 : 64);

function peakFunc(kind: PeakKind): string {
  const [lane, scalar, bytes] = kind === 'f64x2' ? ['f64x2', 'f64', 8] : ['f32x4', 'f32', 4];
  const locals = Array.from({ length: ACCUMULATORS }, (_, i) => `(local $c${i} v128)`).join(' ');
  const init = Array.from({ length: ACCUMULATORS }, (_, i) => `(local.set $c${i} (${lane}.splat (${scalar}.const ${i})))`).join('\n');
  const body = Array.from({ length: ACCUMULATORS }, (_, i) =>
    `(local.set $c${i} (${lane}.add (local.get $c${i}) (${lane}.mul (local.get $a${i >> 2}) (local.get $b${i % 4}))))`).join('\n');
  const loadB = B_VALUES.map((_, v) => `(local.set $b${v} (v128.load offset=${bOffset(kind) + 16 * v} (i32.const 0)))`).join('\n');
  const sum = Array.from({ length: ACCUMULATORS - 1 }, (_, i) => `(local.set $c0 (${lane}.add (local.get $c0) (local.get $c${i + 1})))`).join('\n');
  return `(func (export "${kind}") (param $n i32) (result ${scalar})
(local $p i32) (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) ${locals}
${loadB}
${init}
(block $done (loop $l
  (br_if $done (i32.eqz (local.get $n)))
  (local.set $a0 (v128.load${8 * bytes}_splat (local.get $p)))
  (local.set $a1 (v128.load${8 * bytes}_splat offset=${bytes} (local.get $p)))
  ${body}
  (local.set $p (i32.and (i32.add (local.get $p) (i32.const ${2 * bytes})) (i32.const ${RING_BYTES - 1})))
  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
  (br $l)))
${sum}
(${lane}.extract_lane 0 (local.get $c0)))`;
}

export const PEAK_FLOP_PER_ITERATION: Record<PeakKind, number> = { f64x2: 2 * 2 * ACCUMULATORS, f32x4: 4 * 2 * ACCUMULATORS };

/** The peak loops' WebAssembly text. */
export function peakModuleText(): string {
  return `(module (memory (export "memory") 1)\n${PEAK_KINDS.map(peakFunc).join('\n')})`;
}

/** The peak loops as a WebAssembly module, assembled with wabt (Node only: the Chromium worker gets these bytes). */
export async function peakModuleBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const { default: wabtInit } = await import('wabt');
  const wabt = await wabtInit();
  const module = wabt.parseWat('peak.wat', peakModuleText(), { simd: true });
  module.validate();
  const { buffer } = module.toBinary({});
  module.destroy();
  return new Uint8Array(buffer);
}

/** One step per kind from the module's bytes: PEAK_ITERATIONS iterations of the loop (returns a lane so nothing is dead code). */
export function peakStepsFrom(bytes: Uint8Array<ArrayBuffer>): Record<PeakKind, Step> {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const memory = instance.exports.memory as WebAssembly.Memory;
  // f32 1e-3 everywhere; read as f64 that is ~3.5e-26: both kinds stay normal numbers, far from overflow.
  new Float32Array(memory.buffer, 0, RING_BYTES / 4).fill(1e-3);
  const f64 = new Float64Array(memory.buffer, bOffset('f64x2'), 8), f32 = new Float32Array(memory.buffer, bOffset('f32x4'), 16);
  B_VALUES.forEach((b, v) => { f64.fill(b, 2 * v, 2 * v + 2); f32.fill(b, 4 * v, 4 * v + 4); });
  const fns = instance.exports as Record<PeakKind, (n: number) => number>;
  return { f64x2: () => fns.f64x2(PEAK_ITERATIONS), f32x4: () => fns.f32x4(PEAK_ITERATIONS) };
}

/** One step per kind (Node). */
export async function peakSteps(): Promise<Record<PeakKind, Step>> {
  return peakStepsFrom(await peakModuleBytes());
}
