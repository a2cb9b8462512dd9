import { strict as assert } from 'node:assert';
import { FUSED_ACTIVATIONS } from './fusedLinear';
import { wasmLinearBackward } from './fusedLinearWasm';
import { Rng } from '../rng';
import { isResident, openArena, takeResident, withArena } from './bufferPool';

/** The loops the WebAssembly pass must match: fusedLinear.ts's JavaScript backward, written out plainly. */
function reference(kind: number, g: Float64Array, y: Float64Array, x: Float64Array, w: Float64Array, rows: number, inner: number, cols: number) {
  const gz = new Float64Array(rows * cols);
  for (let i = 0; i < gz.length; i++) {
    gz[i] = kind === 0 ? g[i] * (1 - y[i] * y[i]) : kind === 1 ? g[i] * (y[i] * (1 - y[i])) : y[i] > 0 ? g[i] : y[i] <= 0 ? 0 : NaN;
  }
  const db = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) db[c] += gz[r * cols + c];
  const dx = new Float64Array(rows * inner), dw = new Float64Array(cols * inner);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < inner; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += gz[r * cols + c] * w[c * inner + j];
      dx[r * inner + j] = s + 0;
    }
  }
  for (let c = 0; c < cols; c++) {
    for (let j = 0; j < inner; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += gz[r * cols + c] * x[r * inner + j];
      dw[c * inner + j] = s + 0;
    }
  }
  return { dx, dw, db };
}

function sameBits(got: Float64Array | null, want: Float64Array, what: string): void {
  assert.ok(got !== null, `${what} missing`);
  assert.equal(got.length, want.length, `${what} length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i]) && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) {
      assert.fail(`${what}[${i}]: ${got[i]} != ${want[i]}`);
    }
  }
}

/** Values over six decades with both signs (another summation order would change last bits), and some specials. */
function values(rng: Rng, n: number, specials: boolean): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    if (specials && i % 37 === 5) return [NaN, 0, -0, Infinity, 1e-310][i % 5];
    return rng.normal() * 10 ** rng.uniform(-3, 3);
  });
}

/** An arena copy of `a` (the buffer pool's resident memory, which the pass reads in place). */
function resident(a: Float64Array): Float64Array {
  const r = takeResident(a.length);
  assert.ok(r !== null, 'the arena has room');
  r.set(a);
  return r;
}

/** Where the pass runs: on the arena with the operands there or copied there, or on the kernels' scratch memory. */
const ARENA = openArena(16 << 20);
const onArena = <T>(fn: () => T): T => withArena(ARENA, fn);
const withoutArena = <T>(fn: () => T): T => withArena(null, fn);
const PLACES: [string, (a: Float64Array) => Float64Array, <T>(fn: () => T) => T][] = [
  ['on the arena, operands in place', resident, onArena],
  ['on the arena, operands copied there', (a) => a, onArena],
  ['on scratch memory', (a) => a, withoutArena],
];

describe('fused linear backward in WebAssembly (kernels/fusedLinearWasm)', () => {
  for (const [where, place, run] of PLACES) it(`gives the JavaScript loops' and products' bits for every activation, odd and even widths, and specials (${where})`, () => {
    const rng = new Rng('fused backward');
    for (const [rows, inner, cols] of [[64, 64, 64], [65, 17, 33], [3, 784, 10], [1, 1, 1], [7, 2, 5]]) {
      for (let kind = 0; kind < FUSED_ACTIVATIONS.length; kind++) {
        const y = values(rng, rows * cols, true).map((v, i) => (i % 3 === 0 ? Math.tanh(v) : v));
        const g = values(rng, rows * cols, true), x = values(rng, rows * inner, false), w = values(rng, cols * inner, false);
        const want = reference(kind, g, y, x, w, rows, inner, cols);
        const got = run(() => wasmLinearBackward(kind, place(g), place(y), place(x), place(w), rows, inner, cols, [true, true, true]));
        assert.ok(got !== null, 'the WebAssembly path did not run');
        const there = run !== withoutArena;
        assert.ok([got.dx, got.dw, got.db].every((r) => r !== null && run(() => isResident(r)) === there), 'where the gradients lie');
        const what = `${FUSED_ACTIVATIONS[kind]} ${rows}×${inner}→${cols}`;
        sameBits(got.dx, want.dx, `${what} dx`);
        sameBits(got.dw, want.dw, `${what} dW`);
        sameBits(got.db, want.db, `${what} db`);
      }
    }
  });

  it('computes only the gradients asked for, from operands longer than they need', () => {
    const rng = new Rng('fused backward needs');
    const [rows, inner, cols] = [9, 6, 5];
    const g = values(rng, rows * cols, false), y = values(rng, rows * cols, false).map(Math.tanh);
    const x = values(rng, rows * inner + 4, false), w = values(rng, cols * inner + 3, false);
    const want = reference(0, g, y, x, w, rows, inner, cols);
    for (const needs of [[true, false, false], [false, true, false], [false, false, true], [false, true, true]]) {
      const got = wasmLinearBackward(0, g, y, x, w, rows, inner, cols, needs);
      assert.ok(got !== null);
      if (needs[0]) sameBits(got.dx, want.dx, 'dx'); else assert.equal(got.dx, null);
      if (needs[1]) sameBits(got.dw, want.dw, 'dW'); else assert.equal(got.dw, null);
      if (needs[2]) sameBits(got.db, want.db, 'db'); else assert.equal(got.db, null);
    }
    assert.equal(wasmLinearBackward(0, g, y, x, w, 0, inner, cols, [true, true, true]), null, 'empty batch: the JavaScript path');
  });
});
