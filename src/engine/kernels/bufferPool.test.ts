import { strict as assert } from 'node:assert';
import { MLP } from '../nn/mlp';
import { SGD } from '../optim/sgd';
import { backward } from '../autograd';
import { crossEntropy, mseLoss } from '../losses';
import { Tensor } from '../tensor';
import { Rng } from '../rng';
import { POOL_MAX_BYTES, StepRecycler, isResident, openArena, poolStats, releaseBuffer, takeBuffer, takeResident, withArena } from './bufferPool';

/** What tells two arrays' storage apart: an arena block's offset (all share the arena's buffer), else the buffer. */
const storage = (a: Float64Array): ArrayBufferLike | number => (isResident(a) ? a.byteOffset : a.buffer);

/** A training step of `model` on fixed data: tanh layers (fused), a relu model (unfused head), SGD. */
function trainingStep(model: MLP, loss: 'mse' | 'crossEntropy'): () => number {
  const rng = new Rng(11);
  const [inputs, outputs] = [model.sizes[0], model.sizes[model.sizes.length - 1]];
  const x = new Tensor(rng.fillNormal(new Float64Array(16 * inputs), 0, 1), [16, inputs]);
  const target = new Tensor(rng.fillNormal(new Float64Array(16 * outputs), 0, 1), [16, outputs]);
  const labels = Array.from({ length: 16 }, (_, i) => i % outputs);
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  return () => {
    const out = model.forward(x);
    const l = loss === 'mse' ? mseLoss(out, target) : crossEntropy(out, labels);
    backward(l);
    optimizer.step();
    return l.item();
  };
}

const models = () => [
  { model: new MLP({ sizes: [3, 24, 24, 24, 2], activation: 'tanh', seed: 1 }), loss: 'mse' as const },
  { model: new MLP({ sizes: [5, 24, 24, 3], activation: 'relu', seed: 2 }), loss: 'crossEntropy' as const },
];

/** Arrays the pool had to allocate over five recycled steps after three warm-up steps. */
function steadyAllocations(model: MLP, step: () => number): number {
  const recycler = new StepRecycler(() => model.parameters());
  for (let s = 0; s < 3; s++) recycler.run(step);
  const before = poolStats().allocations;
  for (let s = 0; s < 5; s++) recycler.run(step);
  return poolStats().allocations - before;
}

describe('engine: a StepRecycler gives each step its previous step\'s arrays', () => {
  it('trains to the same numbers, bit for bit, while other code takes what each step gives back and scribbles on it', () => {
    for (const [plainCase, recycledCase] of models().map((c, i) => [c, models()[i]])) {
      const plain = trainingStep(plainCase.model, plainCase.loss);
      const recycled = trainingStep(recycledCase.model, recycledCase.loss);
      const recycler = new StepRecycler(() => recycledCase.model.parameters());
      for (let s = 0; s < 15; s++) {
        plainCase.model.zeroGrad();
        const a = plain();
        const b = recycler.run(recycled);
        assert.equal(b, a, `step ${s + 1}`);
        // The next run gives this step's arrays back; take them all, as other code would, and overwrite them.
        recycler.release();
        for (const length of [16 * 24, 24 * 24, 24 * 3, 24 * 5, 16 * 3, 16 * 2, 24 * 2, 24, 3, 2, 1]) {
          for (let i = 0; i < 30; i++) takeBuffer(length).fill(NaN);
        }
      }
      const weights = (m: MLP) => m.parameters().map((p) => Array.from(p.data));
      assert.deepEqual(weights(recycledCase.model), weights(plainCase.model));
    }
  });

  // On an arena of its own: the shared one may be full of other tests' arrays, whose dropped blocks come back to it
  // whenever the garbage collector runs, and the ordinary pool may be at its cap, dropping what it is given.
  it('after the first steps, a step takes every array it needs from the pool', () => withArena(openArena(1 << 24), () => {
    const { model, loss } = models()[0];
    const step = trainingStep(model, loss);
    assert.equal(steadyAllocations(model, step), 0);
    // Without the recycler, the forward outputs and the parameters' gradients are new arrays each step.
    const plainBefore = poolStats().allocations;
    for (let s = 0; s < 3; s++) {
      model.zeroGrad();
      step();
    }
    assert.ok(poolStats().allocations - plainBefore >= 3 * 4, `${poolStats().allocations - plainBefore} arrays allocated`);
  }));

  it('clears the parameters\' gradients, never gives back a parameter, and never hands out one array twice', () => {
    // The model is built in the first step, so its parameters come from the pool during a run.
    let built: MLP | null = null;
    const recycler = new StepRecycler(() => built?.parameters() ?? []);
    const model = recycler.run(() => (built = models()[0].model));
    const step = trainingStep(model, 'mse');
    for (let s = 0; s < 3; s++) recycler.run(step);
    assert.ok(model.parameters().every((p) => p.grad !== null));
    recycler.release();
    assert.ok(model.parameters().every((p) => p.grad === null));
    const params = new Set(model.parameters().map((p) => storage(p.data)));
    for (const length of [24 * 24, 24 * 3, 24, 16 * 24]) {
      const taken = Array.from({ length: 200 }, () => storage(takeBuffer(length)));
      assert.equal(new Set(taken).size, taken.length, `length ${length}: an array was handed out twice`);
      assert.ok(taken.every((b) => !params.has(b)), `length ${length}: a parameter was given back`);
    }
  });
});

/** Fills the ordinary pool to its cap with arrays of a length no test takes. */
function fillPoolWithStaleArrays(): void {
  withArena(null, () => {
    const stale = Array.from({ length: POOL_MAX_BYTES / (8 * STALE_LENGTH) + 1 }, () => takeBuffer(STALE_LENGTH));
    stale.forEach(releaseBuffer);
  });
}
const STALE_LENGTH = 1 << 15; // 256 KB: the cap is a whole number of them, so the pool is left with no room at all

describe('engine: the buffer pool and its resident arena', () => {
  it('keeps the arrays given back last when full: the lengths least recently used make room', () => {
    fillPoolWithStaleArrays();
    assert.ok(poolStats().keptBytes > POOL_MAX_BYTES - 8000, 'the pool is full');
    withArena(null, () => {
      const mine = Array.from({ length: 40 }, () => takeBuffer(1000));
      mine.forEach(releaseBuffer);
      assert.ok(poolStats().keptBytes <= POOL_MAX_BYTES);
      const before = poolStats().allocations;
      const again = Array.from({ length: 40 }, () => takeBuffer(1000));
      assert.equal(poolStats().allocations, before, 'the 40 arrays given back were kept, and taken again');
      assert.deepEqual(new Set(again), new Set(mine));
      again.forEach(releaseBuffer);
    });
  });

  it('takes arrays from the arena while it has room, then ordinary ones; blocks given back are taken again', () => {
    withArena(openArena(1 << 20), () => {
      const blocks: Float64Array[] = [];
      for (let b = takeBuffer(1 << 12); isResident(b); b = takeBuffer(1 << 12)) blocks.push(b);
      assert.equal(blocks.length, 31, '31 blocks of 32 KB past the 512 reserved bytes of 1 MB');
      assert.ok(!isResident(takeBuffer(1 << 12)), 'full: an ordinary array');
      const last = blocks.pop()!;
      releaseBuffer(last);
      assert.equal(takeBuffer(1 << 12), last, 'the block given back');
    });
  });

  it('a nearly full arena (other arrays alive in it) does not take a loop\'s blocks apart at every step, with the ordinary pool full too', () => {
    // The ordinary pool at its cap with arrays of a length nobody asks for again: the loop's own arrays must still be
    // kept (the stale ones go), or every step would need the arena's room and take its free lists apart for it.
    fillPoolWithStaleArrays();
    const arena = openArena(1 << 20)!;
    withArena(arena, () => {
      const alive: Float64Array[] = [];
      for (let i = 0, a = takeResident(1000); a !== null; i++, a = takeResident(1000 + (i % 50))) alive.push(a);
      const { model, loss } = models()[0];
      const recycler = new StepRecycler(() => model.parameters());
      const step = trainingStep(model, loss);
      // Blocks the first steps left idle (other lengths) may go back to the gaps meanwhile: that is what merging is for.
      for (let s = 0; s < 10; s++) recycler.run(step);
      const merged = arena.merged;
      for (let s = 0; s < 5; s++) recycler.run(step);
      assert.equal(arena.merged, merged, 'blocks the loop reuses went back to the gaps');
      assert.ok(alive.length > 100);
    });
  });

  it('trains to the same numbers bit for bit on the arena, without one, and when the arena runs out mid-step', () => {
    const run = (bytes: number | null) => withArena(bytes === null ? null : openArena(bytes), () => {
      const { model, loss } = models()[0];
      const step = trainingStep(model, loss);
      const losses = Array.from({ length: 5 }, () => {
        model.zeroGrad();
        return step();
      });
      return { losses, weights: model.parameters().map((p) => Array.from(p.data)), resident: isResident(model.parameters()[0].data) };
    });
    const onArena = run(16 << 20), without = run(null), short = run(64 << 10);
    assert.ok(onArena.resident && !without.resident);
    assert.deepEqual(without.losses, onArena.losses);
    assert.deepEqual(without.weights, onArena.weights);
    assert.deepEqual(short.losses, onArena.losses);
    assert.deepEqual(short.weights, onArena.weights);
  });
});
