import { strict as assert } from 'node:assert';
import type { StepRecord } from '../../protocol';
import { FakeTimers } from '../../../test/unit/fakeTimers';
import { FLUSH_MS, RecordBatcher } from './batcher';

const record = (step: number): StepRecord => ({ step, epoch: 1, loss: 1 / step, layers: [], grad_norm_total: 1, grad_norm_clipped: 1, clipped: false });

function setup() {
  const clock = new FakeTimers();
  const sent: { at: number; steps: number[] }[] = [];
  const batcher = new RecordBatcher((records) => sent.push({ at: clock.time, steps: records.map((r) => r.step) }), clock);
  return { clock, sent, batcher };
}

describe('worker/training: RecordBatcher (the one records throttle)', () => {
  it('turns a fast run (a record every 2 ms for 10 s) into ~10 batches a second, each record once, in order', () => {
    const { clock, sent, batcher } = setup();
    const steps = 5000;
    for (let step = 1; step <= steps; step++) {
      batcher.push(record(step), step === 1);
      clock.advance(2);
    }
    batcher.flush();
    assert.deepEqual(sent.flatMap((b) => b.steps), Array.from({ length: steps }, (_, i) => i + 1));
    // 10 s of records at one batch per FLUSH_MS, plus the first record on its own and the final flush.
    const expected = (steps * 2) / FLUSH_MS;
    assert.ok(sent.length >= expected - 1 && sent.length <= expected + 2, `${sent.length} batches`);
    const gaps = sent.slice(2, -1).map((b, i) => b.at - sent[i + 1]!.at);
    assert.ok(gaps.every((g) => g >= FLUSH_MS), `gaps ${gaps.filter((g) => g < FLUSH_MS)}`);
    assert.equal(clock.pending, 0);
  });

  it('sends a record that would wait for the next one when FLUSH_MS has passed, without a further record', () => {
    const { clock, sent, batcher } = setup();
    batcher.push(record(1), true);
    clock.advance(30);
    batcher.push(record(2)); // 30 ms after the last batch: waits
    assert.equal(sent.length, 1);
    clock.advance(FLUSH_MS - 31);
    assert.equal(sent.length, 1);
    clock.advance(1); // FLUSH_MS after the last batch
    assert.deepEqual(sent.map((b) => b.steps), [[1], [2]]);
    assert.equal(sent[1]!.at, FLUSH_MS);
    assert.equal(clock.pending, 0);
  });

  it('sends slow records (one every 300 ms) each at once', () => {
    const { clock, sent, batcher } = setup();
    for (let step = 1; step <= 5; step++) {
      clock.advance(300);
      batcher.push(record(step));
      assert.equal(sent.length, step);
    }
    assert.equal(clock.pending, 0);
  });

  it('an explicit flush (a pause, a report, the end) sends what waits and leaves no timer', () => {
    const { clock, sent, batcher } = setup();
    batcher.push(record(1), true);
    batcher.push(record(2));
    batcher.push(record(3));
    assert.equal(clock.pending, 1);
    batcher.flush();
    assert.deepEqual(sent.map((b) => b.steps), [[1], [2, 3]]);
    assert.equal(clock.pending, 0);
    clock.advance(1000);
    assert.equal(sent.length, 2);
  });
});
