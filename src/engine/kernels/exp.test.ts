import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { expInto } from './exp';
import { openArena, takeResident, withArena } from './bufferPool';
import { Rng } from '../rng';

const words = new DataView(new ArrayBuffer(8));
const fromWords = (hi: number, lo: number) => (words.setUint32(0, hi >>> 0), words.setUint32(4, lo >>> 0), words.getFloat64(0));

/** Every seam of fdlibm's e_exp.c: its thresholds' high words, both sides, both signs, and the specials. */
function seams(rng: Rng): number[] {
  const out = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 709.782712893384,
    709.7827128933841, 709.78, -745.1332191019411, -745.1332191019412, -708.3964185322641, -708.4, -720, 1, -1];
  for (const hx of [0x3e2fffff, 0x3e300000, 0x3fd62e42, 0x3fd62e43, 0x3ff0a2b1, 0x3ff0a2b2, 0x40862e41, 0x40862e42]) {
    for (let i = 0; i < 2000; i++) {
      const x = fromWords(hx, Math.floor(rng.uniform() * 2 ** 32));
      out.push(x, -x);
    }
  }
  for (let i = -750; i <= 710; i++) out.push(i, i + 0.5, i / 64);
  // Where k crosses -1021 (results turn subnormal) and 1024 (the last binade below overflow).
  for (let i = 0; i < 4000; i++) out.push(-707.5 - rng.uniform() * 2, 709.0 + rng.uniform() * 0.79);
  return out;
}

function sameBits(got: Float64Array, want: ArrayLike<number>, what: string): void {
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}: exp(${i}) ${got[i]} != Math.exp's ${want[i]}`);
  }
}

/** Runs expInto on ordinary arrays (scratch memory), on arena arrays (in place) and without WebAssembly's help. */
function onEveryPath(values: number[], what: string): void {
  const want = values.map(Math.exp);
  const x = Float64Array.from(values);
  const scratch = new Float64Array(values.length);
  expInto(x, scratch);
  sameBits(scratch, want, `${what}, scratch memory`);
  withArena(ARENA, () => {
    const inPlace = takeResident(values.length)!;
    inPlace.set(values);
    expInto(inPlace, inPlace);
    sameBits(inPlace, want, `${what}, in the arena`);
  });
}

const ARENA = openArena(64 << 20);

describe("the engine's bulk exp (kernels/exp.ts and its WebAssembly kernel)", () => {
  it("gives Math.exp's bits on every seam of fdlibm's exp, the specials and subnormal results", () => {
    onEveryPath(seams(new Rng('exp seams')), 'seams');
  });

  it("gives Math.exp's bits on 2 million values over the whole range and where cross-entropy uses it", () => {
    const rng = new Rng('exp values');
    for (const spread of [1500, 4, 60, 1e-6]) {
      onEveryPath(Array.from({ length: 500_000 }, () => (rng.uniform() - (spread === 60 ? 1 : 0.5)) * spread), `spread ${spread}`);
    }
  });

  it("gives Math.exp's bits on arbitrary doubles (fast-check), odd and even counts", () => {
    fc.assert(fc.property(fc.array(fc.double(), { minLength: 16, maxLength: 41 }), (values) => {
      onEveryPath(values, 'fast-check');
    }), { numRuns: 300 });
  });

  it('writes exactly out.length values', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i / 7);
    const out = new Float64Array(42).fill(5);
    expInto(x, out.subarray(0, 33));
    assert.deepEqual([...out.subarray(33)], Array(9).fill(5));
  });
});
