import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { FakeTimers } from '../../../test/unit/fakeTimers';
import { RestartPolicy, type RestartEvent } from './restartPolicy';

function setup(debounce = 300) {
  const clock = new FakeTimers();
  const runs: Array<{ key: string; text: string; at: number }> = [];
  const policy = new RestartPolicy<{ key: string; text: string }>(clock, () => debounce, (run) => runs.push({ ...run, at: clock.now() }));
  const save = (text: string, valid = true, key = 'a'): void => policy.handle({ key, text, run: valid ? { key, text } : undefined, trigger: 'save' });
  const edit = (text: string, valid = true, key = 'a'): void => policy.handle({ key, text, run: valid ? { key, text } : undefined, trigger: 'edit' });
  return { clock, runs, policy, save, edit };
}

describe('RestartPolicy', () => {
  it('restarts at once on a valid save after a quiet period', () => {
    const { runs, save, clock } = setup();
    save('v1');
    assert.deepEqual(runs, [{ key: 'a', text: 'v1', at: 0 }]);
    clock.advance(1000);
    assert.equal(runs.length, 1, 'the trailing edge does not repeat an unchanged run');
    assert.equal(clock.pending, 0);
  });

  it('turns 20 saves in a second into the first at once and the last at the end', () => {
    const { runs, save, clock } = setup(300);
    for (let i = 1; i <= 20; i++) {
      save(`v${i}`);
      clock.advance(50);
    }
    clock.advance(1000);
    assert.deepEqual(runs.map((r) => r.text), ['v1', 'v20']);
    assert.equal(runs[1]!.at, 19 * 50 + 300);
    assert.equal(clock.pending, 0);
  });

  it('ends with the last VALID text when the burst ends on an invalid one', () => {
    const { runs, save, clock } = setup();
    save('v1');
    save('v2');
    save('broken', false);
    clock.advance(400);
    assert.deepEqual(runs.map((r) => r.text), ['v1', 'v2']);
  });

  it('never runs invalid text and keeps the last good run', () => {
    const { runs, save, edit, clock } = setup();
    save('bad', false);
    edit('worse', false);
    clock.advance(1000);
    assert.deepEqual(runs, []);
  });

  it('debounces edits and runs only the text of the pause', () => {
    const { runs, edit, clock } = setup(300);
    edit('v1');
    clock.advance(100);
    edit('v2');
    clock.advance(299);
    assert.equal(runs.length, 0, 'nothing runs before the pause is over');
    clock.advance(1);
    assert.deepEqual(runs.map((r) => [r.text, r.at]), [['v2', 400]]);
  });

  it('runs a save at once even while edits are pending', () => {
    const { runs, edit, save, clock } = setup();
    edit('v1');
    clock.advance(100);
    save('v2');
    assert.deepEqual(runs.map((r) => r.text), ['v2']);
    clock.advance(1000);
    assert.deepEqual(runs.map((r) => r.text), ['v2']);
  });

  it('drops the previous file burst when another file changes', () => {
    const { runs, edit, save, clock } = setup();
    edit('a-text', true, 'a');
    save('b-text', true, 'b');
    clock.advance(1000);
    assert.deepEqual(runs.map((r) => [r.key, r.text]), [['b', 'b-text']]);
  });

  it('cancel leaves no timer and runs nothing', () => {
    const { runs, edit, policy, clock } = setup();
    edit('v1');
    policy.cancel();
    assert.equal(policy.pending, false);
    assert.equal(clock.pending, 0);
    clock.advance(1000);
    assert.deepEqual(runs, []);
  });

  it('for any burst of events, the last run is the last valid text and no timer is left', () => {
    const event = fc.record({
      text: fc.integer({ min: 0, max: 5 }).map((n) => `v${n}`),
      valid: fc.boolean(),
      trigger: fc.constantFrom<'save' | 'edit'>('save', 'edit'),
      gap: fc.integer({ min: 0, max: 600 }),
    });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 500 }), (events, debounce) => {
        const { runs, policy, clock } = setup(debounce);
        let lastValid: string | undefined;
        for (const e of events) {
          policy.handle({ key: 'a', text: e.text, run: e.valid ? { key: 'a', text: e.text } : undefined, trigger: e.trigger } satisfies RestartEvent<{ key: string; text: string }>);
          if (e.valid) lastValid = e.text;
          clock.advance(e.gap);
        }
        clock.advance(debounce + 1);
        assert.equal(clock.pending, 0);
        if (lastValid === undefined) assert.equal(runs.length, 0);
        else assert.equal(runs[runs.length - 1]?.text, lastValid);
        // at most two runs per burst: its leading save and its trailing text
        const bursts = 1 + events.filter((e) => e.gap >= debounce).length;
        assert.ok(runs.length <= 2 * bursts, `${runs.length} runs for ${bursts} bursts`);
      }),
    );
  });
});
