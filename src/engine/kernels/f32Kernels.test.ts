import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../rng';
import { F32_ACTIVATION_KINDS, f32Kernels } from './f32Kernels';

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

  // The polar method runs in float64 (u, v, s exactly Rng.normal's), so the streams accept the same pairs; only
  // the logarithm is a polynomial (~1e-12), and the draws are rounded to float32.
  it('draws four streams of normals as Rng.fillNormal does, rounded to float32', () => {
    const k = f32Kernels()!;
    const count = 5001, std = 0.37;
    const streams = [0, 1, 2, 3].map((i) => new Rng(17).fork(`layer${i + 1}`));
    const heap = k.heap(32 + 4 * 5004)!;
    const words = new Int32Array(heap.buffer, 0, 16);
    streams.forEach((rng, lane) => rng.getState().words.forEach((w, j) => (words[j * 4 + lane] = w)));
    const out = [32, 32 + 5004, 32 + 2 * 5004, 32 + 3 * 5004];
    k.normals4(0, count, std, out[0] * 4, out[1] * 4, out[2] * 4, out[3] * 4);
    const view = k.heap(1)!;
    streams.forEach((rng, lane) => {
      const exact = rng.fillNormal(new Float64Array(count), 0, std);
      for (let i = 0; i < count; i++) {
        assert.ok(ulps(view[out[lane] + i], exact[i]) <= 1, `stream ${lane} draw ${i}: ${view[out[lane] + i]} vs ${exact[i]}`);
      }
    });
  });

  it('transposes', () => {
    const k = f32Kernels()!;
    const heap = k.heap(64)!;
    for (let i = 0; i < 6; i++) heap[4 + i] = i + 1;
    k.transpose32(2, 3, 16, 64);
    assert.deepEqual(Array.from(k.heap(1)!.subarray(16, 22)), [1, 4, 2, 5, 3, 6]);
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
});
