import { strict as assert } from 'node:assert';
import { gemm, gemmJs, type MatrixView } from './gemm';
import { wasmGemm } from './gemmWasm';
import { tanh } from './tanh';
import { wasmKernels } from './wasm';
import { isResident, openArena, releaseBuffer, takeBuffer, takeResident, withArena } from './bufferPool';

/** The arena the tests run the kernel on (not the shared one, which other tests' live arrays may fill). */
const ARENA = openArena(16 << 20);
import { Rng } from '../rng';

type Kernel = (A: MatrixView, B: MatrixView, out: Float64Array, m: number, n: number, k: number, bias: Float64Array | null) => void;

/** The WebAssembly kernel at every size (gemm() itself keeps tiny products in JavaScript). */
const forcedWasm: Kernel = (A, B, out, m, n, k, bias) => {
  assert.ok(wasmGemm(A, B, out, m, n, k, bias), 'the WebAssembly kernel did not run');
};

/** An arena copy of `a` (the buffer pool's resident memory, which the kernel reads in place). */
function resident(a: Float64Array): Float64Array {
  const r = a.length === 0 ? new Float64Array(0) : takeResident(a.length);
  assert.ok(r !== null, 'the arena has room');
  r.set(a);
  return r;
}

/**
 * The WebAssembly kernel writing C in place into an arena array, with A, B and the bias in the arena too (read in
 * place) or ordinary arrays (copied into arena blocks).
 */
const onArena = (operandsThere: boolean): Kernel => (A, B, out, m, n, k, bias) => withArena(ARENA, () => {
  const copies: Float64Array[] = [];
  const there = (a: Float64Array) => {
    const r = resident(a);
    copies.push(r);
    return r;
  };
  const view = (v: MatrixView) => (operandsThere ? { ...v, data: there(v.data) } : v);
  const c = there(out);
  forcedWasm(view(A), view(B), c, m, n, k, bias !== null && operandsThere ? there(bias) : bias);
  assert.ok(m * n === 0 || isResident(c));
  out.set(c);
  for (const r of copies) releaseBuffer(r);
});

const KERNELS: [string, Kernel][] = [
  ['gemm', gemm], ['the JavaScript kernel', gemmJs], ['the WebAssembly kernel on its scratch memory', forcedWasm],
  ['the WebAssembly kernel on the arena, operands in place', onArena(true)],
  ['the WebAssembly kernel on the arena, operands copied there', onArena(false)],
];

/** One dot product per element, p increasing from 0, then the bias: the order gemm promises. */
function naiveGemm(A: MatrixView, B: MatrixView, m: number, n: number, k: number, bias: Float64Array | null): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A.data[i * A.rowStride + p * A.colStride] * B.data[p * B.rowStride + j * B.colStride];
      out[i * n + j] = s + (bias !== null ? bias[j] : 0);
    }
  }
  return out;
}

/**
 * Values spread over six decades with both signs, so that any other summation order changes
 * the last bits of most sums (the bit-identity check below can fail).
 */
function values(rng: Rng, count: number): Float64Array {
  return Float64Array.from({ length: count }, () => rng.normal() * 10 ** rng.uniform(-3, 3));
}

/** A rows×cols matrix stored as itself, or stored transposed and read through strides. */
function matrix(rng: Rng, rows: number, cols: number, transposed: boolean): MatrixView {
  const data = values(rng, rows * cols);
  return transposed ? { data, rowStride: 1, colStride: rows } : { data, rowStride: cols, colStride: 1 };
}

for (const [name, kernel] of KERNELS) describe(name, () => {
  it('is bit-identical to one dot product per element for every size 0..9 (all remainders mod 4 and 8), transpose and bias', () => {
    const rng = new Rng('gemm edges');
    let checked = 0;
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        for (let m = 0; m <= 9; m++) {
          for (let n = 0; n <= 9; n++) {
            for (let k = 0; k <= 9; k++) {
              const A = matrix(rng, m, k, tA), B = matrix(rng, k, n, tB);
              for (const bias of [null, values(rng, n)]) {
                const out = new Float64Array(m * n).fill(NaN); // every element must be written
                kernel(A, B, out, m, n, k, bias);
                const want = naiveGemm(A, B, m, n, k, bias);
                for (let e = 0; e < m * n; e++) {
                  if (!Object.is(out[e], want[e])) {
                    assert.fail(`m=${m} n=${n} k=${k} tA=${tA} tB=${tB} bias=${bias !== null}: [${e}] ${out[e]} != ${want[e]}`);
                  }
                }
                checked++;
              }
            }
          }
        }
      }
    }
    assert.equal(checked, 4 * 1000 * 2);
  });

  it('the check notices a different summation order (negative control)', () => {
    const rng = new Rng('gemm control');
    const m = 4, n = 4, k = 64;
    const A = matrix(rng, m, k, false), B = matrix(rng, k, n, false);
    const out = new Float64Array(m * n);
    kernel(A, B, out, m, n, k, null);
    // The same products summed from p = k-1 down to 0.
    let differing = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = k - 1; p >= 0; p--) s += A.data[i * k + p] * B.data[p * n + j];
        if (!Object.is(s, out[i * n + j])) differing++;
      }
    }
    assert.ok(differing >= 8, `only ${differing} of 16 sums changed`);
  });

  it('edge columns and rows of a 10-class head (64x784 · 784x10) match the naive kernel', () => {
    const rng = new Rng('gemm head');
    const m = 66, n = 10, k = 784; // m % 4 = 2 and n % 4 = 2: all four regions
    const A = matrix(rng, m, k, false), B = matrix(rng, k, n, true), bias = values(rng, n);
    const out = new Float64Array(m * n);
    kernel(A, B, out, m, n, k, bias);
    assert.deepEqual(out, naiveGemm(A, B, m, n, k, bias));
  });

  it('matches the naive kernel bit for bit on the engine\'s usual shapes (64³, 64×784·784×128, 33×65·65×17 transposed)', () => {
    const rng = new Rng(`gemm shapes ${name}`);
    for (const [m, n, k, tA, tB] of [[64, 64, 64, false, true], [64, 128, 784, false, true], [33, 17, 65, true, false]] as const) {
      const A = matrix(rng, m, k, tA), B = matrix(rng, k, n, tB), bias = values(rng, n);
      const out = new Float64Array(m * n);
      kernel(A, B, out, m, n, k, bias);
      const want = naiveGemm(A, B, m, n, k, bias);
      for (let e = 0; e < m * n; e++) if (!Object.is(out[e], want[e])) assert.fail(`${m}x${n}x${k}: [${e}] ${out[e]} != ${want[e]}`);
    }
  });

  it('carries NaN, ±Infinity and -0 as the naive kernel does', () => {
    const m = 3, n = 9, k = 4;
    const a = Float64Array.from([NaN, 1, 2, 3, Infinity, -1, 0, 2, -0, -0, -0, -0]);
    const b = Float64Array.from({ length: k * n }, (_, i) => (i % 5 === 0 ? -0 : i % 7 === 0 ? -Infinity : i - 10));
    const A = { data: a, rowStride: k, colStride: 1 }, B = { data: b, rowStride: n, colStride: 1 };
    for (const bias of [null, new Float64Array(n).fill(-0)]) {
      const out = new Float64Array(m * n);
      kernel(A, B, out, m, n, k, bias);
      const want = naiveGemm(A, B, m, n, k, bias);
      for (let e = 0; e < m * n; e++) assert.ok(Object.is(out[e], want[e]), `[${e}] ${out[e]} != ${want[e]}`);
    }
  });
});

describe('the WebAssembly gemm', () => {
  it('on the arena, never writes C over an operand it still reads: an output overlapping one goes through scratch memory', () => {
    const rng = new Rng('gemm overlap');
    const [m, n, k] = [20, 24, 20];
    withArena(ARENA, () => {
      const block = takeResident(m * k + m * n)!;
      block.set(values(rng, block.length));
      const A = { data: block.subarray(0, m * k), rowStride: k, colStride: 1 };
      const B = matrix(rng, k, n, false);
      const want = naiveGemm(A, B, m, n, k, null);
      const out = block.subarray(m * k - 8); // its first 8 values are A's last
      forcedWasm(A, B, out, m, n, k, null);
      for (let e = 0; e < m * n; e++) assert.ok(Object.is(out[e], want[e]), `[${e}] ${out[e]} != ${want[e]}`);
      releaseBuffer(block);
    });
  });

  it('loads here (Node has WebAssembly SIMD), so gemm() uses it for products of 4096 multiply-adds and more', () => {
    assert.ok(wasmKernels() !== null);
  });

  it("with thenTanh gives the engine's tanh of the product, bit for bit, on both paths, writing only m×n values", () => {
    const rng = new Rng('gemm tanh');
    // 3×5×7 stays in JavaScript (below 4096 multiply-adds); 33×17×65 runs in WebAssembly, tanh in its memory.
    for (const [m, n, k] of [[3, 5, 7], [33, 17, 65]]) {
      const A = { data: values(rng, m * k).map((v) => v / 300), rowStride: k, colStride: 1 };
      const B = { data: values(rng, k * n).map((v) => v / 300), rowStride: n, colStride: 1 };
      const bias = values(rng, n).map((v) => v / 300);
      const want = naiveGemm(A, B, m, n, k, bias).map(tanh);
      // Out as an ordinary array (scratch memory) and as an arena array (C and its tanh computed in place).
      for (const arena of [null, ARENA]) withArena(arena, () => {
        const out = takeBuffer(m * n + 2).fill(42);
        assert.equal(isResident(out), arena !== null);
        gemm(A, B, out, m, n, k, bias, true);
        for (let e = 0; e < m * n; e++) assert.ok(Object.is(out[e], want[e]), `${m}×${n}×${k} [${e}] ${out[e]} != ${want[e]}`);
        assert.deepEqual([...out.subarray(m * n)], [42, 42]);
      });
      assert.ok(want.some((v) => Math.abs(v) > 0.5) && want.some((v) => Math.abs(v) < 0.1), 'small and large values');
    }
  });
});
