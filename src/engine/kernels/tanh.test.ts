import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { tanh, tanhInto } from './tanh';
import { wasmKernels } from './wasm';
import { TANH_CONSTANTS } from './wasm.generated';

/** Indices where out differs in bits from the scalar `tanh` of x (NaN for NaN counts as equal). */
function mismatches(x: Float64Array, out: Float64Array): number[] {
  const bad: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const want = tanh(x[i]);
    if (!Object.is(out[i], want) && !(Number.isNaN(out[i]) && Number.isNaN(want))) bad.push(i);
  }
  return bad;
}

/** The doubles between a and b, counted in ulps (signed magnitude order). */
function ulpsBetween(a: number, b: number): number {
  const order = (v: number) => {
    const bits = new BigInt64Array(new Float64Array([v]).buffer)[0];
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = order(a) - order(b);
  return Number(d < 0n ? -d : d);
}

function nextUp(x: number): number {
  const v = new Float64Array([x]);
  new BigInt64Array(v.buffer)[0] += x >= 0 ? 1n : -1n;
  return v[0];
}

function nextDown(x: number): number {
  const v = new Float64Array([x]);
  new BigInt64Array(v.buffer)[0] -= x > 0 ? 1n : -1n;
  return v[0];
}

// The seams of the reduction (2|x| = (j + 1/2)·ln 2, where k changes), the clamp, tiny and huge values, each
// with its neighbours.
const SEAMS = [
  0, 5e-324, 2.2250738585072014e-308, 2 ** -54, 2 ** -28, 0.5, 1, 2, 19.06, TANH_CONSTANTS.clamp, 22, 44, 710, 1e300,
  Number.MAX_VALUE, ...Array.from({ length: 58 }, (_, j) => ((j + 0.5) * Math.LN2) / 2),
];
const EDGES = [
  ...SEAMS.flatMap((s) => [s, nextUp(s), s > 0 ? nextDown(s) : s]).flatMap((s) => [s, -s]),
  -0, Infinity, -Infinity, NaN, -NaN,
];

describe('the engine\'s tanh (kernels/tanh.ts and its WebAssembly kernel)', () => {
  before(() => assert.ok(wasmKernels() !== null, 'these tests need the WebAssembly kernel'));

  it('is within 2 ulp of the correctly rounded tanh (a 200-bit reference), and correctly rounded at least as often as Math.tanh', () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/tanh/tanh.json'), 'utf8')) as { pairs: [number, number][] };
    const x = new Float64Array(fixture.pairs.map(([v]) => v));
    const out = new Float64Array(x.length);
    tanhInto(x, out);
    let worst = 0, exact = 0, exactMath = 0;
    fixture.pairs.forEach(([v, want], i) => {
      const ulps = ulpsBetween(out[i], want);
      assert.ok(ulps <= 2, `tanh(${v}) = ${out[i]}, ${ulps} ulp from ${want}`);
      worst = Math.max(worst, ulps);
      if (ulps === 0) exact++;
      if (ulpsBetween(Math.tanh(v), want) === 0) exactMath++;
    });
    assert.ok(exact >= exactMath, `correctly rounded: ${exact} of ${x.length}, Math.tanh ${exactMath}`);
    assert.ok(exact >= 0.75 * x.length, `correctly rounded: ${exact} of ${x.length}`);
  });

  it('is odd, bounded by 1, 1 from the clamp on, x (within an ulp) for tiny x, and keeps ±0, ±Infinity and NaN', () => {
    for (const v of EDGES) {
      const t = tanh(v);
      if (Number.isNaN(v)) { assert.ok(Number.isNaN(t)); continue; }
      assert.ok(Object.is(tanh(-v), -t), `tanh(-${v})`);
      assert.ok(Math.abs(t) <= 1, `tanh(${v}) = ${t}`);
      if (Math.abs(v) >= TANH_CONSTANTS.clamp) assert.equal(Math.abs(t), 1);
      if (Math.abs(v) < 2 ** -54) assert.ok(Object.is(t, v), `tanh(${v}) = ${t}`);
      if (Math.abs(v) < 2 ** -26) assert.ok(ulpsBetween(t, v) <= 1, `tanh(${v}) = ${t}`); // x - x³/3 rounds to x
    }
  });

  it('computes the scalar function\'s bits in WebAssembly at every seam and edge', () => {
    const x = new Float64Array(EDGES);
    assert.ok(x.length >= 64, 'enough values for the WebAssembly path');
    const out = new Float64Array(x.length);
    tanhInto(x, out);
    assert.deepEqual(mismatches(x, out).map((i) => x[i]), []);
    assert.ok(Object.is(out[EDGES.findIndex((e) => Object.is(e, -0))], -0));
  });

  it('computes the scalar function\'s bits in WebAssembly on 3 million values: uniform, log-uniform magnitudes, random bit patterns', () => {
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

  it('computes the scalar function\'s bits for any doubles, any count (odd counts end on a single value), in place too', () => {
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
