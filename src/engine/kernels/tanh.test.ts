import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { tanhInto } from './tanh';
import { wasmKernels } from './wasm';

/** Indices where out differs from Math.tanh(x) in bits (NaN for NaN counts as equal). */
function mismatches(x: Float64Array, out: Float64Array): number[] {
  const bits = new BigUint64Array(out.buffer, out.byteOffset, out.length);
  const ref = x.map(Math.tanh);
  const refBits = new BigUint64Array(ref.buffer);
  const bad: number[] = [];
  for (let i = 0; i < out.length; i++) {
    if (bits[i] !== refBits[i] && !(Number.isNaN(out[i]) && Number.isNaN(ref[i]))) bad.push(i);
  }
  return bad;
}

function nextUp(x: number): number {
  const v = new Float64Array([x]);
  const b = new BigInt64Array(v.buffer);
  b[0] += x >= 0 ? 1n : -1n;
  return v[0];
}

function nextDown(x: number): number {
  const v = new Float64Array([x]);
  const b = new BigInt64Array(v.buffer);
  b[0] -= x > 0 ? 1n : -1n;
  return v[0];
}

/** The double whose high 32 bits are `high` and low bits 0 (fdlibm's thresholds compare high words). */
function highWord(high: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  return view.getFloat64(0);
}

// Every seam of fdlibm's tanh and of the expm1 it calls (u = ±2|x|), each with its neighbours.
const SEAMS = [
  0, 5e-324, 2.2250738585072014e-308, 2 ** -54, 2 ** -28, 2 ** -27, highWord(0x3fd62e43) / 2,
  highWord(0x3ff0a2b2) / 2, 0.5, 1, 2, 22, 44, 710, 1e300, Number.MAX_VALUE,
  ...[2, 3, 19, 20, 21, 56, 57, 63].map((k) => (k * Math.LN2) / 2),
];
const EDGES = [
  ...SEAMS.flatMap((s) => [s, nextUp(s), s > 0 ? nextDown(s) : s]).flatMap((s) => [s, -s]),
  -0, Infinity, -Infinity, NaN, -NaN,
];

describe('tanh in WebAssembly (kernels/tanh.ts)', () => {
  before(() => assert.ok(wasmKernels() !== null, 'these tests need the WebAssembly kernel'));

  it("gives Math.tanh's bits at every seam of fdlibm's tanh and expm1, ±0, subnormals, ±Inf, NaN", () => {
    const x = new Float64Array(EDGES);
    assert.ok(x.length >= 64, 'enough values for the WebAssembly path');
    const out = new Float64Array(x.length);
    tanhInto(x, out);
    assert.deepEqual(mismatches(x, out).map((i) => x[i]), []);
    assert.ok(Object.is(out[EDGES.findIndex((e) => Object.is(e, -0))], -0));
  });

  it("gives Math.tanh's bits on 3 million values: uniform, log-uniform magnitudes, random bit patterns", () => {
    const n = 1 << 20;
    const x = new Float64Array(n);
    const words = new Uint32Array(x.buffer);
    let seed = 12345;
    const next = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32; };
    const fills: (() => void)[] = [
      () => { for (let i = 0; i < n; i++) x[i] = (next() * 2 - 1) * 25; },
      () => { for (let i = 0; i < n; i++) x[i] = (next() < 0.5 ? -1 : 1) * Math.exp((next() * 2 - 1) * 45); },
      () => { for (let i = 0; i < words.length; i++) words[i] = (next() * 2 ** 32) >>> 0; },
    ];
    for (const fill of fills) {
      fill();
      const out = new Float64Array(n);
      tanhInto(x, out);
      const bad = mismatches(x, out);
      assert.equal(bad.length, 0, `first mismatch at x = ${x[bad[0]]}`);
    }
  });

  it("gives Math.tanh's bits for any doubles, any count (odd counts end on a single value), in place too", () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 0, maxLength: 300 }), fc.boolean(), (values, inPlace) => {
        const x = new Float64Array(values);
        const out = inPlace ? x : new Float64Array(x.length);
        const before = x.slice();
        tanhInto(x, out);
        return mismatches(before, out).length === 0;
      }),
      { numRuns: 500 },
    );
  });

  it('writes only out.length values, reading a longer input from its start', () => {
    const x = new Float64Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1, 2.5, -3]).map((v, i) => v * (1 + i / 7));
    const long = new Float64Array(200).fill(0.25);
    long.set(x);
    const out = new Float64Array(129).fill(7);
    tanhInto(long, out.subarray(0, 127));
    assert.deepEqual(mismatches(long.subarray(0, 127), out.subarray(0, 127)), []);
    assert.deepEqual([...out.subarray(127)], [7, 7]);
  });
});
