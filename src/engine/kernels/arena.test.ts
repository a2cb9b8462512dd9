import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Arena } from './arena';
import { residentKernels } from './wasm';
import { Rng } from '../rng';

const MB = 1 << 20;

/** A private arena of `bytes` bytes, the first 512 reserved (as the pool reserves tanh's table). */
function arenaOf(bytes: number): Arena {
  const kernels = residentKernels(bytes);
  assert.ok(kernels !== null, 'WebAssembly runs here');
  return new Arena(kernels.calls, kernels.buffer, 512);
}

const overlapping = (a: Float64Array, b: Float64Array) =>
  a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;

/** A full garbage collection, then the finalization callbacks. */
async function collect(): Promise<void> {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('engine: the resident arena (kernels/arena)', () => {
  it('hands out 16-byte-aligned arrays of its memory past the reserved bytes, none held twice, each given back once', () => {
    const arena = arenaOf(16 * MB);
    const rng = new Rng('arena');
    const held: Float64Array[] = [];
    for (let i = 0; i < 5000; i++) {
      if (held.length > 0 && rng.uniform() < 0.45) {
        const [a] = held.splice(Math.floor(rng.uniform() * held.length), 1);
        assert.equal(arena.give(a.subarray(1)), false, 'a view into a block is not a block');
        assert.equal(arena.give(a), true);
        assert.equal(arena.give(a), false, 'given back twice');
        continue;
      }
      const length = 1 + Math.floor(rng.uniform() * 1000);
      const taken = arena.take(length, true);
      assert.ok(taken !== null, 'room');
      const a = taken.array;
      assert.ok(arena.holds(a) && a.length === length && a.byteOffset % 16 === 0 && a.byteOffset >= 512);
      for (const b of held) assert.ok(!overlapping(a, b), `take ${i}: two held arrays share memory`);
      held.push(a);
    }
    assert.ok(!arena.holds(new Float64Array(4)));
  });

  it('gives a block back to the next request of its length, and says none fits once it is full', () => {
    const arena = arenaOf(MB);
    const first = arena.take(1000, true)!;
    assert.ok(first.fresh);
    arena.give(first.array);
    const again = arena.take(1000, true)!;
    assert.equal(again.array, first.array);
    assert.ok(!again.fresh);
    assert.equal(arena.take(MB / 8, true), null, 'more than the arena');
  });

  it('merges what stays unused, so a pool of many lengths cannot wall it off', () => {
    const arena = arenaOf(4 * MB);
    const small: Float64Array[] = [];
    for (let i = 0; ; i++) {
      const taken = arena.take(1000 + (i % 97), true);
      if (taken === null) break;
      small.push(taken.array);
    }
    assert.equal(arena.take(MB / 8, true), null, 'full');
    for (const a of small) arena.give(a); // every length's free list holds some; none is 1 MB
    assert.equal(arena.take((3 * MB) / 8, false), null, 'not without merging');
    assert.equal(arena.take((3 * MB) / 8, true), null, 'the first merge only marks the free blocks idle');
    const reused = arena.take(1000, true)!; // taken again since: not idle any more
    const large = arena.take((3 * MB) / 8, true); // 3 MB: the idle neighbours merged
    assert.ok(large !== null && large.fresh);
    assert.equal(arena.merged, small.length - 1);
    assert.ok(!overlapping(reused.array, large.array));
    assert.equal(arena.blockBytes, 3 * MB + 8000);
  });

  it('takes back a block whose array was dropped without being given back, once it is collected', async () => {
    const arena = arenaOf(MB);
    (() => arena.take(12_345, true)!.array.fill(1))(); // the array is dropped at once
    assert.equal(arena.blockBytes, 98_768, '12,345 values, 16-byte aligned');
    for (let round = 0; round < 20 && arena.blockBytes > 0; round++) await collect();
    assert.equal(arena.blockBytes, 0);
    assert.ok(arena.take((MB - 512) / 8, true) !== null, 'the whole arena again');
  });
});
