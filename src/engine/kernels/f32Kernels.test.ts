import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../rng';
import { F32_ACTIVATION_KINDS, F32_NORMALS_SCRATCH_BYTES, f32Kernels } from './f32Kernels';

/** Distance in float32 units in the last place between two float32 values of the same sign. */
function ulps(a: number, b: number): number {
  const ia = new Int32Array(Float32Array.of(a).buffer)[0], ib = new Int32Array(Float32Array.of(b).buffer)[0];
  return Math.abs(ia - ib);
}

describe('the float32 preview kernels', () => {
  it('is the module its generator writes (node scripts/gen-wasm-f32-kernels.mjs)', async () => {
    const script = join(__dirname, '..', '..', '..', 'scripts', 'gen-wasm-f32-kernels.mjs');
    const { generate } = (await import(script)) as { generate: () => Promise<string> };
    const current = readFileSync(join(__dirname, 'f32Kernels.generated.ts'), 'utf8');
    assert.ok(current === await generate(), 'f32Kernels.generated.ts is stale: run node scripts/gen-wasm-f32-kernels.mjs');
  });

  it('computes tanh, sigmoid and their derivatives to a few float32 ulps over [-40, 40]', () => {
    const k = f32Kernels();
    assert.ok(k !== null);
    const n = 16_001;
    const heap = k.heap(4 + 4 * 16_004)!;
    const h = 4, out = h + 16_004, dphi = out + 16_004;
    for (let i = 0; i < n; i++) heap[h + i] = -40 + (80 * i) / (n - 1);
    const exact: Record<string, (x: number) => [number, number]> = {
      tanh: (x) => [Math.tanh(x), 1 / Math.cosh(x) ** 2],
      sigmoid: (x) => { const s = 1 / (1 + Math.exp(-x)); return [s, Math.exp(-Math.abs(x)) / (1 + Math.exp(-Math.abs(x))) ** 2]; },
      relu: (x) => [Math.max(0, x), x > 0 ? 1 : 0],
      identity: (x) => [x, 1],
    };
    for (const [name, kind] of Object.entries(F32_ACTIVATION_KINDS)) {
      k.act32(kind, n, h * 4, out * 4, dphi * 4, 0);
      const view = k.heap(1)!;
      let worstY = 0, worstD = 0;
      for (let i = 0; i < n; i++) {
        const x = view[h + i];
        const [y, d] = exact[name](x);
        worstY = Math.max(worstY, ulps(view[out + i], y));
        if (Math.fround(d) > 1.2e-38) worstD = Math.max(worstD, ulps(view[dphi + i], d)); // normal float32 range
      }
      assert.ok(worstY <= 4, `${name}: value ${worstY} ulps`);
      assert.ok(worstD <= 8, `${name}: derivative ${worstD} ulps`);
    }
  });

  // The polar method's acceptance runs in float64 (u, v, s exactly Rng.normal's), so the streams accept the same
  // pairs; the factor sqrt(-2 ln s / s) is formed in float32, so each draw is within a few float32 ulps.
  it('draws four streams of normals as Rng.fillNormal does, to a few float32 ulps', () => {
    const k = f32Kernels()!;
    const count = 5001, std = 0.37;
    const streams = [0, 1, 2, 3].map((i) => new Rng(17).fork(`layer${i + 1}`));
    const first = 16 + F32_NORMALS_SCRATCH_BYTES / 4; // the state, then the kernel's scratch
    const heap = k.heap(first + 4 * 5004)!;
    const words = new Int32Array(heap.buffer, 0, 16);
    streams.forEach((rng, lane) => rng.getState().words.forEach((w, j) => (words[j * 4 + lane] = w)));
    const out = [0, 1, 2, 3].map((i) => first + i * 5004);
    k.normals4(0, count, std, out[0] * 4, out[1] * 4, out[2] * 4, out[3] * 4);
    const view = k.heap(1)!;
    streams.forEach((rng, lane) => {
      const exact = rng.fillNormal(new Float64Array(count), 0, std);
      for (let i = 0; i < count; i++) {
        const off = ulps(view[out[lane] + i], exact[i]); // 3 at most, measured on these 20,004 draws
        assert.ok(off <= 4, `stream ${lane} draw ${i}: ${view[out[lane] + i]} vs ${exact[i]} (${off} ulps)`);
      }
    });
  });

  it('transposes: 4 × 4 blocks when both sizes are multiples of 4, one float at a time otherwise', () => {
    const k = f32Kernels()!;
    for (const [rows, cols] of [[2, 3], [8, 12], [12, 8], [4, 4], [5, 8]]) {
      const heap = k.heap(1024)!;
      const src = 4, dst = 512;
      for (let i = 0; i < rows * cols; i++) heap[src + i] = i + 1;
      k.transpose32(rows, cols, src * 4, dst * 4);
      const view = k.heap(1)!;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) assert.equal(view[dst + c * rows + r], r * cols + c + 1, `${rows} × ${cols}: [${r}][${c}]`);
      }
    }
  });

  it('multiplies like float64 up to float32 rounding, edges included (16-, 4- and 1-column blocks, an odd row)', () => {
    const k = f32Kernels()!;
    const m = 7, kk = 13, n = 23;
    const a = Float64Array.from({ length: m * kk }, (_, i) => Math.sin(i + 1));
    const b = Float64Array.from({ length: kk * n }, (_, i) => Math.cos(2 * i + 1));
    const bias = Float64Array.from({ length: n }, (_, i) => i / 10);
    const heap = k.heap(4096)!;
    const A = 4, B = 200, C = 600, BI = 1000;
    heap.set(a, A); heap.set(b, B); heap.set(bias, BI);
    k.gemm32(m, n, kk, A * 4, kk * 4, 4, B * 4, C * 4, BI * 4);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < kk; p++) s += Math.fround(a[i * kk + p]) * Math.fround(b[p * n + j]);
        s += Math.fround(bias[j]);
        assert.ok(Math.abs(heap[C + i * n + j] - s) <= 1e-5 * (1 + Math.abs(s)), `C[${i}][${j}]`);
      }
    }
  });
  describe('the per-layer sums, every length 0–13 (whole vectors and masked tails, padding full of NaN)', () => {
    const k = f32Kernels()!;
    const A = 8, B = 40, OUT = 72, STATS = 104;
    /** Fills the float slots [at, at + 16) with NaN, then `values` from `at`. */
    const place = (at: number, values: number[]) => {
      const heap = k.heap(256)!;
      heap.fill(NaN, at, at + 16);
      heap.set(values, at);
    };
    const values = (n: number, salt: number) => Array.from({ length: n }, (_, i) => Math.fround(Math.sin(3 * i + salt) * (1 + i)));
    const close = (got: number, want: number, what: string) =>
      assert.ok(Math.abs(got - want) <= 1e-6 * (1 + Math.abs(want)), `${what}: ${got} vs ${want}`);

    for (let n = 0; n <= 13; n++) {
      it(`n = ${n}`, () => {
        const a = values(n, 1), b = values(n, 2);
        place(A, a); place(B, b);
        close(k.sumsq32(n, A * 4), a.reduce((s, x) => s + x * x, 0), 'sumsq32');

        const out = a.map((x, i) => Math.fround(Math.fround(x * b[i]) * Math.fround(0.3)));
        close(k.scaledProduct32(n, A * 4, B * 4, 0.3, OUT * 4), out.reduce((s, x) => s + x * x, 0), 'scaledProduct32');
        assert.deepEqual(Array.from(k.heap(1)!.subarray(OUT, OUT + n)), out);

        const u = a.map((x, i) => Math.fround(x + Math.fround(b[i] * Math.fround(-1.5))));
        close(k.addScaled32(n, A * 4, -1.5, B * 4), u.reduce((s, x) => s + x * x, 0), 'addScaled32');
        assert.deepEqual(Array.from(k.heap(1)!.subarray(A, A + n)), u);

        // n values with a NaN and an infinity among them when there is room: moments skip them, and count them.
        const m = values(n, 3);
        if (n > 5) { m[2] = NaN; m[5] = -Infinity; }
        place(A, m);
        k.moments32(n, A * 4, STATS * 4);
        const finite = m.filter((x) => Number.isFinite(x));
        const got = new Float64Array(k.heap(1)!.buffer, STATS * 4, 5);
        close(got[0], finite.reduce((s, x) => s + x, 0), 'Σx');
        close(got[1], finite.reduce((s, x) => s + x * x, 0), 'Σx²');
        assert.equal(got[2], finite.length ? Math.min(...finite) : Infinity);
        assert.equal(got[3], finite.length ? Math.max(...finite) : -Infinity);
        assert.equal(got[4], n - finite.length);

        // sums32: plain sums of the same values, so the NaN and the infinity make both sums non-finite.
        k.sums32(n, A * 4, STATS * 4);
        const sums = new Float64Array(k.heap(1)!.buffer, STATS * 4, 2);
        if (n > 5) assert.ok(!Number.isFinite(sums[0]) && !Number.isFinite(sums[1]), `sums32 with a NaN: ${sums[0]}, ${sums[1]}`);
        place(A, a);
        k.sums32(n, A * 4, STATS * 4);
        close(sums[0], a.reduce((s, x) => s + x, 0), 'sums32 Σx');
        close(sums[1], a.reduce((s, x) => s + x * x, 0), 'sums32 Σx²');

        k.absBelow32(n, A * 4, 2.5, STATS * 4);
        const ab = new Float64Array(k.heap(1)!.buffer, STATS * 4, 2);
        close(ab[0], a.reduce((s, x) => s + Math.abs(x), 0), 'Σ|x|');
        assert.equal(ab[1], a.filter((x) => Math.abs(x) < 2.5).length);
      });
    }

    it('absBelow32 compares with the float64 threshold exactly, whether its float32 rounding lies above or below it', () => {
      const below7 = Math.fround(0.7); // 0.69999998…: below 0.7, so it counts
      const above1 = Math.fround(0.1); // 0.10000000149…: above 0.1, so it does not
      const next = (x: number) => new Float32Array(new Int32Array([new Int32Array(Float32Array.of(x).buffer)[0] + 1]).buffer)[0];
      place(A, [below7, -below7, next(below7), above1, -above1, 0.05]);
      k.absBelow32(6, A * 4, 0.7, STATS * 4);
      assert.equal(new Float64Array(k.heap(1)!.buffer, STATS * 4, 2)[1], 5);
      k.absBelow32(6, A * 4, 0.1, STATS * 4);
      assert.equal(new Float64Array(k.heap(1)!.buffer, STATS * 4, 2)[1], 1);
      k.absBelow32(6, A * 4, below7, STATS * 4); // a threshold that is a float32: strictly below it
      assert.equal(new Float64Array(k.heap(1)!.buffer, STATS * 4, 2)[1], 3);
    });

    it('column sums of a 5 × 7 matrix (one whole vector of columns and a tail of three)', () => {
      const rows = 5, cols = 7;
      const mat = values(rows * cols, 4);
      const heap = k.heap(256)!;
      heap.fill(NaN, A, A + 40);
      heap.set(mat, A);
      let want = 0;
      for (let c = 0; c < cols; c++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += mat[r * cols + c];
        want += s * s;
      }
      close(k.columnSumsSq32(rows, cols, A * 4), want, 'columnSumsSq32');
    });

    it('histogram counts as floor((x − min)·scale), the maximum in the last bin, non-finite values and lanes past the count skipped', () => {
      const xs = [0, 0.1, 0.5, 0.99, 1, NaN, 0.25, Infinity, 0.6];
      const heap = k.heap(256)!;
      heap.fill(0.7, A, A + 12); // a tail lane past the count that would land in bin 2
      heap.set(xs, A);
      const counts = new Int32Array(heap.buffer, OUT * 4, 4);
      counts.fill(0);
      k.histogram32(xs.length, A * 4, 0, 4, 4, OUT * 4);
      assert.deepEqual(Array.from(new Int32Array(k.heap(1)!.buffer, OUT * 4, 4)), [2, 1, 2, 2]);
    });
  });
});
