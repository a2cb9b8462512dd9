import { strict as assert } from 'node:assert';
import { PreviewWarmUp, WARM_UP_BUDGET_MS, WARM_UP_LAYERS } from './previewWarmUp';
import type { DepthSettings } from './settings';

/** A warm-up whose turns of the event loop are run by hand. */
function harness(msPerPreview = 1) {
  const queue: Array<() => void> = [];
  const seeds: number[] = [];
  let clock = 0;
  const warmUp = new PreviewWarmUp({
    schedule: (step) => queue.push(step),
    preview: (s: DepthSettings) => { seeds.push(s.seed); clock += msPerPreview; },
    now: () => clock,
  });
  const turn = () => queue.shift()?.();
  return { warmUp, queue, seeds, turn };
}

const settings = { depth: 20, width: 16, batchSize: 8, activation: 'tanh', seed: 5 };

describe('the preview warm-up', () => {
  it('runs one preview per turn, other seeds first (more for a shallower network) and the settings themselves last, then stops', () => {
    const { warmUp, queue, seeds, turn } = harness();
    warmUp.start(settings);
    assert.equal(seeds.length, 0, 'nothing runs before the first turn');
    while (queue.length > 0) turn();
    const others = Math.ceil(WARM_UP_LAYERS / settings.depth); // settings.depth is 20: 70 previews of other seeds
    assert.equal(seeds.length, others + 1);
    assert.equal(new Set(seeds.slice(0, -1)).size, others);
    assert.ok(!seeds.slice(0, -1).includes(5));
    assert.equal(seeds.at(-1), 5);
    assert.equal(warmUp.running, false);
    warmUp.start(settings);
    assert.equal(queue.length, 0, 'once per worker');
  });

  it('stops for good when stopped between turns', () => {
    const { warmUp, queue, seeds, turn } = harness();
    warmUp.start(settings);
    turn();
    turn();
    warmUp.stop();
    while (queue.length > 0) turn();
    assert.equal(seeds.length, 2);
    warmUp.start(settings);
    assert.equal(queue.length, 0);
  });

  it('ends once its previews have taken the time budget', () => {
    const { warmUp, queue, seeds, turn } = harness(WARM_UP_BUDGET_MS / 3);
    warmUp.start(settings);
    while (queue.length > 0) turn();
    assert.equal(seeds.length, 3);
    assert.equal(warmUp.running, false);
  });

  it('does nothing where no preview is made (batch norm)', () => {
    const { warmUp, queue } = harness();
    warmUp.start({ ...settings, batchNorm: true });
    assert.equal(queue.length, 0);
    assert.equal(warmUp.running, false);
  });

  it('by default runs the real preview on later turns of the event loop, and finishes', async () => {
    const warmUp = new PreviewWarmUp();
    warmUp.start(settings);
    assert.equal(warmUp.running, true);
    while (warmUp.running) await new Promise((resolve) => setTimeout(resolve, 5));
  });
});
