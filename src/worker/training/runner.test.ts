import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import type { FromTrainingWorker } from '../../protocol';
import { checkConfig, type TrainingConfig } from '../../training/config';
import { TrainingRunner } from './runner';

const DATA_DIR = join(__dirname, '..', '..', '..', 'media', 'data');
const CONFIG = JSON.stringify({
  data: { dataset: 'moons', train: 200, test: 50 },
  model: { layers: [2, 8, 2] },
  optimizer: { name: 'sgd', lr: 0.1 },
  batch_size: 10,
  epochs: 3,
});

/** What the host sends: the config it checked (the worker does not parse text). */
function checked(text: string): TrainingConfig {
  const { config, problems } = checkConfig(text);
  assert.ok(config, JSON.stringify(problems));
  return config;
}

function collect() {
  const messages: FromTrainingWorker[] = [];
  const runner = new TrainingRunner((m) => messages.push(m));
  const start = (runId: number, configText = CONFIG) =>
    runner.receive({ type: 'start', runId, config: checked(configText), configPath: '/tmp/x.gradlab.json', dataDir: DATA_DIR });
  return { messages, runner, start };
}

describe('worker/training/runner', () => {
  it('posts started, batched records and finished', async () => {
    const { messages, runner, start } = collect();
    start(1);
    await runner.idle();
    assert.equal(messages[0].type, 'started');
    const started = messages[0] as Extract<FromTrainingWorker, { type: 'started' }>;
    assert.deepEqual(started.run.layerNames, ['linear1', 'linear2 (output)']);
    assert.equal(started.run.totalSteps, 60);
    const steps = messages.flatMap((m) => (m.type === 'records' ? m.records.map((r) => r.step) : []));
    assert.deepEqual(steps, Array.from({ length: 60 }, (_, i) => i + 1));
    assert.ok(messages.filter((m) => m.type === 'records').length < 60, 'records travel in batches');
    const last = messages[messages.length - 1];
    assert.equal(last.type, 'finished');
    assert.equal(last.type === 'finished' && last.summary.status, 'completed');
  });

  it('playback: a paused run posts no records; step once runs exactly one batch, recorded; resume finishes it', async () => {
    const messages: FromTrainingWorker[] = [];
    const runner = new TrainingRunner((m) => messages.push(m));
    const config = JSON.stringify({ ...JSON.parse(CONFIG), record: { every: 7 } });
    runner.receive({ type: 'start', runId: 5, config: checked(config), configPath: '/tmp/x.gradlab.json', dataDir: DATA_DIR, playback: { stepsPerSecond: 0, paused: true } });
    const steps = () => messages.flatMap((m) => (m.type === 'records' ? m.records.map((r) => r.step) : []));
    const settle = () => new Promise((r) => setTimeout(r, 100));
    /** Polls (up to 10 s on a busy machine) until `count` steps were recorded. */
    const recorded = async (count: number) => {
      for (let i = 0; i < 1000 && steps().length < count; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await settle();
    assert.equal(messages[0]?.type, 'started');
    assert.deepEqual(steps(), [], 'paused before the first step');
    runner.receive({ type: 'stepOnce', runId: 5 });
    await recorded(1);
    await settle();
    assert.deepEqual(steps(), [1]);
    runner.receive({ type: 'stepOnce', runId: 5 });
    await recorded(2);
    assert.deepEqual(steps(), [1, 2], 'step 2 is off the record cadence (every 7) but a single step is always recorded');
    await settle();
    assert.deepEqual(steps(), [1, 2], 'still paused');
    runner.receive({ type: 'playback', runId: 5, playback: { stepsPerSecond: 0, paused: false } });
    await runner.idle();
    assert.equal(steps().at(-1), 60);
    assert.equal(messages.at(-1)?.type, 'finished');
  });

  it('a paused run can be cancelled', async () => {
    const { messages, runner } = collect();
    runner.receive({ type: 'start', runId: 6, config: checked(CONFIG), configPath: '/tmp/x.gradlab.json', dataDir: DATA_DIR, playback: { stepsPerSecond: 0, paused: true } });
    await new Promise((r) => setTimeout(r, 50));
    runner.receive({ type: 'cancel', runId: 6 });
    await runner.idle();
    const last = messages.at(-1);
    assert.equal(last?.type === 'finished' && last.summary.status, 'cancelled');
  });

  it('reports a run whose data cannot be loaded as failed, naming the folder', async () => {
    const { messages, runner, start } = collect();
    start(2, JSON.stringify({ ...JSON.parse(CONFIG), data: { dataset: 'mnist-idx', folder: 'no-such-folder', train: 10, test: 10 }, model: { layers: [784, 10] } }));
    await runner.idle();
    assert.equal(messages.length, 1);
    const m = messages[0];
    assert.equal(m.type, 'failed');
    assert.match(m.type === 'failed' ? m.message : '', /no-such-folder/);
  });

  it('cancels at once between steps, and a new start replaces the running one', async () => {
    const { messages, runner, start } = collect();
    const long = CONFIG.replace('"epochs":3', '"epochs":500');
    start(3, long);
    await new Promise((r) => setTimeout(r, 50));
    start(4);
    await runner.idle();
    const finished = messages.filter((m) => m.type === 'finished') as Extract<FromTrainingWorker, { type: 'finished' }>[];
    assert.deepEqual(finished.map((m) => [m.runId, m.summary.status]), [[3, 'cancelled'], [4, 'completed']]);
    assert.ok(finished[0].summary.steps < 500 * 20);
    runner.receive({ type: 'cancel', runId: 99 }); // unknown run: ignored
  });
});

describe('worker/trainer.js (built bundle)', () => {
  const bundle = join(__dirname, '..', '..', '..', 'dist', 'worker', 'trainer.js');
  before(function () {
    if (!existsSync(bundle)) this.skip();
  });

  it('trains in a worker thread and stops on cancel', async () => {
    const worker = new Worker(bundle);
    const messages: FromTrainingWorker[] = [];
    const done = new Promise<void>((resolve) => worker.on('message', (m: FromTrainingWorker) => {
      messages.push(m);
      if (m.type === 'records') worker.postMessage({ type: 'cancel', runId: 7 });
      if (m.type === 'finished' || m.type === 'failed') resolve();
    }));
    worker.postMessage({ type: 'start', runId: 7, config: checked(CONFIG.replace('"epochs":3', '"epochs":1000')), configPath: 'x.gradlab.json', dataDir: DATA_DIR });
    await done;
    await worker.terminate();
    const finished = messages.find((m) => m.type === 'finished');
    assert.equal(finished?.type === 'finished' && finished.summary.status, 'cancelled');
  });
});
