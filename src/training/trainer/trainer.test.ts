import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { StepRecord } from '../../protocol';
import { checkConfig, type TrainingConfig } from '../config';
import { buildDataset, gatherInputs, type Dataset } from '../datasets';
import { runTraining, Trainer, epochOrder, batchesPerEpoch, plannedSteps } from './index';
import { takeBuffer } from '../../engine/kernels/bufferPool';

const ROOT = join(__dirname, '..', '..', '..');

const MOONS = { dataset: 'moons', train: 200, test: 100 };

function config(patch: Record<string, unknown> = {}, data: Record<string, unknown> = MOONS): TrainingConfig {
  const base = {
    data, model: { layers: [2, 8, 8, 2], activation: 'tanh', init: 'xavier_normal' },
    optimizer: { name: 'sgd', lr: 0.1 }, batch_size: 20, epochs: 2, seed: 5,
  };
  const r = checkConfig(JSON.stringify({ ...base, ...patch }));
  assert.ok(r.config, r.problems.map((p) => p.message).join('; '));
  return r.config;
}

function dataset(c: TrainingConfig): Dataset {
  return buildDataset(c.data, c.seed, {});
}

async function records(c: TrainingConfig, maxSteps?: number) {
  const out: StepRecord[] = [];
  const summary = await runTraining({ config: c, dataset: dataset(c), maxSteps, onRecord: (r) => out.push(r) });
  return { out, summary };
}

describe('training/trainer', () => {
  it('is deterministic: the same config gives the same numbers, another seed others', async () => {
    const a = await records(config());
    const b = await records(config());
    assert.deepEqual(a.out, b.out);
    assert.equal(a.summary.final_loss, b.summary.final_loss);
    const c = await records(config({ seed: 6 }));
    assert.notEqual(c.out[0].loss, a.out[0].loss);
  });

  it('gives the same numbers when other code takes the arrays each step gives back to the engine pool and scribbles on them', () => {
    // Each step gives back to the pool every array the step before took; anything the trainer still used would change.
    for (const patch of [{}, { model: { layers: [2, 8, 8, 2], activation: 'relu', residual: true } }, { optimizer: { name: 'adam', lr: 0.01 } }]) {
      const c = config({ ...patch, clip: { mode: 'norm', max_norm: 0.5 } });
      const plain = new Trainer(c, dataset(c)), scribbled = new Trainer(c, dataset(c));
      for (let s = 0; s < 12; s++) {
        const a = plain.step(true).record;
        for (const length of [20, 40, 64, 80, 160, 16, 8, 2]) {
          for (let i = 0; i < 40; i++) takeBuffer(length).fill(NaN); // taken and dropped: the pool is emptied of these lengths
        }
        const b = scribbled.step(true).record;
        assert.deepEqual(b, a, `${JSON.stringify(patch)}, step ${s + 1}`);
      }
    }
  });

  it("records step 1 at the initial weights, by hand for softmax regression", () => {
    const soft = config({ model: { layers: [2, 3] } }, { dataset: 'gaussians', train: 30, test: 10, classes: 3 });
    const data = dataset(soft);
    const trainer = new Trainer(soft, data);
    const W = Float64Array.from(trainer.model.layers[0].weight.data);
    const b = Float64Array.from(trainer.model.layers[0].bias!.data);
    const record = trainer.step().record!;
    // Batch 1 of epoch 0 is the first 20 of the shuffled order; recompute dL/dW = (p - y)^T x / n.
    const order = epochOrder(soft, 30, 0).slice(0, 20);
    const x = gatherInputs(data.train, 2, order);
    const gW = new Float64Array(6);
    const gb = new Float64Array(3);
    let loss = 0;
    for (let r = 0; r < 20; r++) {
      const z = [0, 1, 2].map((j) => W[2 * j] * x[2 * r] + W[2 * j + 1] * x[2 * r + 1] + b[j]);
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((p, q) => p + q, 0);
      const label = data.train.labels[order[r]];
      loss -= Math.log(e[label] / s) / 20;
      for (let j = 0; j < 3; j++) {
        const d = (e[j] / s - (j === label ? 1 : 0)) / 20;
        gW[2 * j] += d * x[2 * r];
        gW[2 * j + 1] += d * x[2 * r + 1];
        gb[j] += d;
      }
    }
    const norm = (v: Float64Array) => Math.hypot(...v);
    assert.ok(Math.abs(record.loss - loss) < 1e-12);
    assert.ok(Math.abs(record.layers[0].weight_grad_norm - norm(gW)) < 1e-12);
    assert.ok(Math.abs(record.layers[0].bias_grad_norm - norm(gb)) < 1e-12);
    assert.ok(Math.abs(record.grad_norm_total - Math.hypot(norm(gW), norm(gb))) < 1e-12);
    assert.equal(record.step, 1);
    assert.equal(record.layers[0].name, 'linear1 (output)');
  });

  it('output heads: softmax with cross-entropy equals logits with cross-entropy; sigmoid trains with mse', async () => {
    const logits = (await records(config(), 1)).out[0];
    const softmax = (await records(config({ model: { layers: [2, 8, 8, 2], activation: 'tanh', init: 'xavier_normal', head: 'softmax' } }), 1)).out[0];
    assert.ok(Math.abs(softmax.loss - logits.loss) < 1e-12);
    softmax.layers.forEach((l, k) => assert.ok(Math.abs(l.weight_grad_norm - logits.layers[k].weight_grad_norm) < 1e-12));
    const sigmoid = await records(config({ loss: 'mse', model: { layers: [2, 8, 8, 2], activation: 'tanh', init: 'xavier_normal', head: 'sigmoid' } }));
    assert.equal(sigmoid.summary.status, 'completed');
    assert.ok(sigmoid.out[0].loss < 0.5, 'squared error of probabilities against one-hot targets');
  });

  it('trains an expression activation exactly like the registry activation it spells out', async () => {
    const named = await records(config({ epochs: 1 }));
    const spelled = await records(config({ epochs: 1, model: { layers: [2, 8, 8, 2], activation: { expression: 'tanh(x)' }, init: 'xavier_normal' } }));
    assert.deepEqual(spelled.out, named.out);
    const swish = await records(config({ model: { layers: [2, 8, 8, 2], activation: { expression: 'x * sigmoid(x)', name: 'swish' }, init: 'xavier_normal' } }));
    const silu = await records(config({ model: { layers: [2, 8, 8, 2], activation: 'silu', init: 'xavier_normal' } }));
    swish.out.forEach((r, i) => assert.ok(Math.abs(r.loss - silu.out[i].loss) < 1e-12, `step ${r.step}`));
  });

  it('records at the cadence: step 1, every N, test measurements, and the last step', async () => {
    const { out } = await records(config({ record: { every: 7 } }));
    // 200 samples / 20 = 10 steps per epoch, 2 epochs; tests at the two epoch ends.
    assert.deepEqual(out.map((r) => r.step), [1, 7, 10, 14, 20]);
    assert.deepEqual(out.filter((r) => r.test_accuracy !== undefined).map((r) => r.step), [10, 20]);
    assert.deepEqual(out.map((r) => r.epoch), [1, 1, 1, 2, 2]);
    const every5 = await records(config({ record: { every: 100, test_every: 6 } }));
    assert.deepEqual(every5.out.map((r) => r.step), [1, 6, 12, 18, 20]);
  });

  it('stops after maxSteps and records the last step', async () => {
    const { out, summary } = await records(config(), 3);
    assert.deepEqual(out.map((r) => r.step), [1, 2, 3]);
    assert.equal(summary.steps, 3);
    assert.equal(summary.status, 'completed');
    assert.ok(out[2].test_accuracy !== undefined);
  });

  it('clips by norm: after <= max_norm, flagged; per-layer norms stay the unclipped ones', async () => {
    const free = await records(config(), 1);
    const { out } = await records(config({ clip: { mode: 'norm', max_norm: 0.01 } }), 1);
    const r = out[0];
    assert.ok(r.grad_norm_total > 0.01);
    assert.ok(r.grad_norm_clipped <= 0.01 && r.grad_norm_clipped > 0.0099, String(r.grad_norm_clipped));
    assert.equal(r.clipped, true);
    assert.deepEqual(r.layers.map((l) => l.weight_grad_norm), free.out[0].layers.map((l) => l.weight_grad_norm));
    assert.ok(r.layers[0].update_ratio < free.out[0].layers[0].update_ratio);
  });

  it('clips by value and reports whether anything was clipped', async () => {
    const { out } = await records(config({ clip: { mode: 'value', value: 1e-4 } }), 1);
    assert.equal(out[0].clipped, true);
    assert.ok(out[0].grad_norm_clipped < out[0].grad_norm_total);
    const loose = await records(config({ clip: { mode: 'value', value: 1000 } }), 1);
    assert.equal(loose.out[0].clipped, false);
    assert.equal(loose.out[0].grad_norm_clipped, loose.out[0].grad_norm_total);
  });

  it('measures update/weight ratios of the step that followed the gradients', async () => {
    const c = config();
    const trainer = new Trainer(c, dataset(c));
    const before = Float64Array.from(trainer.model.layers[1].weight.data);
    const r = trainer.step().record!;
    const after = trainer.model.layers[1].weight.data;
    let d = 0;
    let w = 0;
    for (let i = 0; i < before.length; i++) {
      d += (after[i] - before[i]) ** 2;
      w += before[i] ** 2;
    }
    assert.ok(Math.abs(r.layers[1].update_ratio - Math.sqrt(d / w)) < 1e-12);
    assert.ok(Math.abs(r.layers[1].weight_norm - Math.sqrt(w)) < 1e-12);
  });

  it('stops a diverging run, naming the step and the layer', async () => {
    const text = readFileSync(join(ROOT, 'examples', 'deep-relu-exploding.gradlab.json'), 'utf8');
    const c = checkConfig(text).config!;
    const { out, summary } = await records(c);
    assert.equal(summary.status, 'diverged');
    assert.ok(summary.diverged_at);
    assert.equal(out[out.length - 1].step, summary.diverged_at.step);
    assert.match(summary.message!, new RegExp(`step ${summary.diverged_at.step} in ${summary.diverged_at.layer}: `));
    assert.ok(summary.diverged_at.step < 20);
    const rescued = await records(checkConfig(readFileSync(join(ROOT, 'examples', 'deep-relu-clipped.gradlab.json'), 'utf8')).config!, 40);
    assert.equal(rescued.summary.status, 'completed');
    assert.ok(rescued.out.every((r) => r.clipped && Number.isFinite(r.loss)));
  });

  it('finds where a forward pass became non-finite', async () => {
    const c = config({ model: { layers: [2, 8, 2], activation: 'identity', init: { name: 'normal', std: 1000 }, gain: 1000 } }, { dataset: 'moons', train: 40, test: 10, noise: 0 });
    const huge = { ...c, optimizer: { ...c.optimizer, lr: 1e300 } };
    const { summary } = await records(huge);
    assert.equal(summary.status, 'diverged');
    assert.match(summary.message!, /non-finite/);
  });

  it('can be cancelled between steps', async () => {
    const c = config({ epochs: 50 });
    let seen = 0;
    const summary = await runTraining({ config: c, dataset: dataset(c), onRecord: () => seen++, isCancelled: () => seen >= 3 });
    assert.equal(summary.status, 'cancelled');
    assert.equal(summary.steps, 3);
  });

  it('yields to the event loop during a run', async () => {
    const c = config({ epochs: 20 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await runTraining({ config: c, dataset: dataset(c), onRecord: () => undefined, yieldEveryMs: 1 });
    clearInterval(timer);
    assert.ok(ticks > 5, `the event loop ran ${ticks} times`);
  });

  it('trains with batch norm, dropping a last batch of one sample', async () => {
    const c = config({ model: { layers: [2, 8, 8, 2], batch_norm: true, residual: true } }, { dataset: 'moons', train: 41, test: 10 });
    assert.equal(batchesPerEpoch(41, 20, true), 2);
    assert.equal(batchesPerEpoch(41, 20, false), 3);
    assert.equal(plannedSteps(c), 4);
    const { summary } = await records(c);
    assert.equal(summary.status, 'completed');
    assert.equal(summary.steps, 4);
  });

  it('learns the synthetic examples', async function () {
    this.timeout(120_000);
    for (const name of ['moons', 'xor', 'circles', 'gaussians']) {
      const c = checkConfig(readFileSync(join(ROOT, 'examples', `${name}.gradlab.json`), 'utf8')).config!;
      const { summary } = await records(c);
      assert.equal(summary.status, 'completed');
      assert.ok(summary.test_accuracy > 0.85, `${name}: test accuracy ${summary.test_accuracy}`);
    }
  });

  it('the MNIST recipe reaches at least 0.88 test accuracy in 2 epochs', async function () {
    this.timeout(300_000);
    const packed = join(ROOT, 'media', 'data', 'mnist-10k.bin.gz');
    if (!existsSync(packed)) this.skip();
    const c = checkConfig(readFileSync(join(ROOT, 'examples', 'mnist-softmax.gradlab.json'), 'utf8')).config!;
    const data = buildDataset(c.data, c.seed, { packedMnist: gunzipSync(readFileSync(packed)) });
    const reports: number[] = [];
    const summary = await runTraining({ config: c, dataset: data, onRecord: () => undefined, onReport: (r) => reports.push(r.confusion.reduce((a, b) => a + b, 0)) });
    assert.equal(summary.steps, 250);
    assert.ok(summary.test_accuracy >= 0.88, `test accuracy ${summary.test_accuracy}`);
    assert.deepEqual(reports, [2000, 2000], 'a confusion matrix over the 2000 test digits after each epoch');
  });
});
