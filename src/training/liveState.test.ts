import { strict as assert } from 'node:assert';
import { stepRecord } from './testing/records';
import type { LiveSnapshot, StepRecord } from '../protocol';
import { BoundedHistory } from './history';
import { LiveState, startingSnapshot } from './liveState';

/** Two layers with norms step and 2·step, the global norm clipped from 10 to 5 unless `extra` says otherwise. */
function record(step: number, extra: Partial<StepRecord> = {}): StepRecord {
  return stepRecord(step, [step, 2 * step], { grad_norm_total: 10, grad_norm_clipped: 5, clipped: true, ...extra });
}

function snapshot(runId: number, records: StepRecord[] = []): LiveSnapshot {
  const h = new BoundedHistory();
  records.forEach((r) => h.append(r));
  return {
    runId,
    run: { runId, configPath: '/x/a.gradlab.json', layerNames: ['linear1', 'linear2'], totalSteps: 10, dataset: 'xor' },
    status: 'running',
    configName: 'a.gradlab.json',
    history: h.snapshot(),
    alerts: [],
    lastStep: records.length,
  };
}

describe('LiveState', () => {
  it('appends records of its run and drops those of another run', () => {
    const s = new LiveState();
    s.apply({ type: 'snapshot', snapshot: snapshot(3) });
    s.apply({ type: 'records', runId: 3, records: [record(1), record(2)] });
    s.apply({ type: 'records', runId: 2, records: [record(99)] });
    assert.equal(s.history.length, 2);
    assert.equal(s.lastStep, 2);
    assert.deepEqual(s.layerNames, ['linear1', 'linear2']);
  });

  it('starts over (new run version) when a snapshot of another run arrives, not for the same run', () => {
    const s = new LiveState();
    s.apply({ type: 'snapshot', snapshot: snapshot(1, [record(1)]) });
    const v = s.runVersion;
    s.apply({ type: 'snapshot', snapshot: snapshot(1, [record(1), record(2)]) });
    assert.equal(s.runVersion, v);
    s.apply({ type: 'snapshot', snapshot: snapshot(2) });
    assert.equal(s.runVersion, v + 1);
    assert.equal(s.history.length, 0);
  });

  it('gives the same snapshot back after a JSON round trip (setState), NaN included', () => {
    const s = new LiveState();
    s.apply({ type: 'snapshot', snapshot: snapshot(1, [record(1), record(2, { loss: NaN })]) });
    const copy = new LiveState();
    copy.restore(JSON.parse(JSON.stringify(s.snapshot())) as LiveSnapshot);
    assert.equal(copy.history.length, 2);
    assert.ok(Number.isNaN(copy.history.latest!.loss));
    assert.equal(copy.runId, 1);
  });

  it('takes status, summary and error of its run only', () => {
    const s = new LiveState();
    s.apply({ type: 'snapshot', snapshot: snapshot(1) });
    s.apply({ type: 'status', runId: 7, status: 'failed', error: 'late' });
    assert.equal(s.status, 'running');
    s.apply({ type: 'status', runId: 1, status: 'failed', error: 'boom' });
    assert.deepEqual([s.status, s.error], ['failed', 'boom']);
  });
});

describe('startingSnapshot', () => {
  it('opens a run with nothing recorded', () => {
    const s = new LiveState();
    s.apply({ type: 'snapshot', snapshot: startingSnapshot(4, 'b.gradlab.json') });
    assert.deepEqual([s.runId, s.status, s.history.length, s.configName], [4, 'starting', 0, 'b.gradlab.json']);
    assert.equal(s.isRunning, true);
  });
});
