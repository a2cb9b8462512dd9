/**
 * Seeded pseudo-random numbers: the only source of randomness in the engine.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 128 bits of state, 32-bit integer arithmetic
 * through Math.imul and >>> so every JavaScript engine produces the same stream. Doubles take
 * 53 random bits from two outputs. Normals use Marsaglia's polar method with a portable
 * logarithm, so no implementation-approximated Math function touches the numbers.
 */
import { portableLog } from './kernels/portableLog';
import { wasmKernels, type WasmKernels } from './kernels/wasm';

/** A seed: any finite number (integers up to 2^53 are used exactly) or a string. */
export type Seed = number | string;

const TWO_POW_32 = 4294967296;
/** Shorter fills stay in JavaScript; longer ones go to WebAssembly in chunks (even, so no spare between them). */
const WASM_MIN_NORMALS = 64;
const WASM_CHUNK = 1 << 16;
const TWO_POW_53 = 9007199254740992;

/** splitmix32 finaliser: spreads the bits of a 32-bit word (used for seeding and forking). */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** FNV-1a over UTF-16 code units, then mixed: a stable 32-bit hash of a label. */
function hashString(s: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  }
  return mix32(h);
}

/** Turns a seed into two 32-bit words (low and high half of an integer seed, or a hash). */
function seedWords(seed: Seed): [number, number] {
  if (typeof seed === 'string') return [hashString(seed), hashString(seed, 0x5bd1e995)];
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be finite, got ${seed}`);
  if (Number.isInteger(seed) && Math.abs(seed) <= TWO_POW_53) {
    const sign = seed < 0 ? 0x80000000 : 0;
    const mag = Math.abs(seed);
    return [mag % TWO_POW_32 >>> 0, ((Math.floor(mag / TWO_POW_32) >>> 0) ^ sign) >>> 0];
  }
  return [hashString(String(seed)), hashString(String(seed), 0x5bd1e995)];
}

/** Serialisable generator state: the xoshiro words, the fork key and a pending normal. */
export interface RngState {
  readonly words: readonly number[];
  readonly key: readonly number[];
  readonly spareNormal: number | null;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The state right after seeding; fork() derives children from it, not from the current state. */
  private key: readonly [number, number, number, number];
  private spareNormal: number | null = null;

  constructor(seed: Seed = 0) {
    const [lo, hi] = seedWords(seed);
    this.key = Rng.expand(lo, hi);
    [this.s0, this.s1, this.s2, this.s3] = this.key;
  }

  /** The full state, to resume this exact stream later (for example from a saved run). */
  getState(): RngState {
    return { words: [this.s0, this.s1, this.s2, this.s3], key: [...this.key], spareNormal: this.spareNormal };
  }

  /** A generator that continues exactly where `getState()` was taken. */
  static fromState(state: RngState): Rng {
    const words = state.words.map((w) => w >>> 0);
    if (words.length !== 4 || words.every((w) => w === 0)) throw new RangeError('Invalid Rng state');
    const rng = new Rng(0).restart([state.key[0] >>> 0, state.key[1] >>> 0, state.key[2] >>> 0, state.key[3] >>> 0]);
    [rng.s0, rng.s1, rng.s2, rng.s3] = words;
    rng.spareNormal = state.spareNormal;
    return rng;
  }

  private restart(key: [number, number, number, number]): this {
    this.key = key;
    [this.s0, this.s1, this.s2, this.s3] = key;
    this.spareNormal = null;
    return this;
  }

  private static expand(lo: number, hi: number): [number, number, number, number] {
    const a = mix32(lo ^ 0x6a09e667);
    const b = mix32(hi ^ a);
    const c = mix32(a ^ 0xbb67ae85);
    const d = mix32(b ^ c);
    // xoshiro must not start from the all-zero state; mix32 makes that astronomically unlikely,
    // and this guard makes it impossible.
    return (a | b | c | d) === 0 ? [1, 2, 3, 4] : [a, b, c, d];
  }

  /**
   * An independent generator named by `label`. It depends only on this generator's seed and the
   * label (not on how many numbers were drawn), so adding draws in one place never shifts the
   * numbers of another: `rng.fork('layer3')` is the same stream however it is reached.
   */
  fork(label: string): Rng {
    const lo = hashString(label, this.key[0] ^ this.key[2]) ^ this.key[1];
    const hi = hashString(label, this.key[3]) ^ this.key[0];
    return new Rng(0).restart(Rng.expand(lo, hi));
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits (every multiple of 2^-53 equally likely). */
  next(): number {
    const hi = this.nextUint32() >>> 6; // 26 bits
    const lo = this.nextUint32() >>> 5; // 27 bits
    return (hi * 134217728 + lo) / TWO_POW_53;
  }

  /** Uniform double in [a, b). */
  uniform(a = 0, b = 1): number {
    return a + (b - a) * this.next();
  }

  /** Normal with the given mean and standard deviation (Marsaglia polar method). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * portableLog(s)) / s); // sqrt is exactly rounded by IEEE-754
    this.spareNormal = v * factor;
    return mean + std * (u * factor);
  }

  /** Uniform integer in [0, n), without modulo bias; n a positive integer up to 2^53. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_53) {
      throw new RangeError(`int(n) needs an integer 1 <= n <= 2^53, got ${n}`);
    }
    if (n <= TWO_POW_32) {
      // Reject the top partial block so every residue is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return x % n;
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    let x = this.next() * TWO_POW_53;
    while (x >= limit) x = this.next() * TWO_POW_53;
    return x % n;
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0 .. n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /**
   * Fills `out` with normal(mean, std) draws and returns it: the same values as calling normal() for
   * each element, produced by the WebAssembly generator where it can run (~3× faster; drawing the
   * weights of a deep network was the largest cost of a depth-explorer update).
   */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    let i = 0;
    if (this.spareNormal !== null && out.length > 0) out[i++] = this.normal(mean, std);
    const kernels = out.length - i >= WASM_MIN_NORMALS ? wasmKernels() : null;
    if (kernels !== null) {
      for (; i < out.length; i += WASM_CHUNK) this.fillNormalWasm(kernels, out, i, Math.min(WASM_CHUNK, out.length - i), mean, std);
      return out;
    }
    for (; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Draws out[start .. start+count) in WebAssembly: state words at byte 0, the spare at 16, values from 32. */
  private fillNormalWasm(kernels: WasmKernels, out: Float64Array, start: number, count: number, mean: number, std: number): void {
    const heap = kernels.heap(4 + count);
    if (heap === null) { // no memory to spare: draw this chunk in JavaScript (the same values)
      for (let i = start; i < start + count; i++) out[i] = this.normal(mean, std);
      return;
    }
    const words = new Uint32Array(heap.buffer, 0, 4);
    words[0] = this.s0; words[1] = this.s1; words[2] = this.s2; words[3] = this.s3;
    kernels.normals(32, count, 0, mean, std);
    this.s0 = words[0] | 0; this.s1 = words[1] | 0; this.s2 = words[2] | 0; this.s3 = words[3] | 0;
    this.spareNormal = count % 2 === 1 ? heap[2] : null;
    out.set(heap.subarray(4, 4 + count), start);
  }

  /** Fills `out` with uniform [a, b) draws and returns it. */
  fillUniform(out: Float64Array, a = 0, b = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(a, b);
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
