import { strict as assert } from 'node:assert';
import { Pacer, type PacerClock } from './playback';

/** A clock that only moves when a sleeper sleeps: sleep(ms) advances time by ms. */
function fakeClock(): PacerClock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
    },
  };
  return clock;
}

describe('Pacer', () => {
  it('plays at the given steps per second', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ stepsPerSecond: 40, paused: false }, clock);
    for (let i = 0; i < 200; i++) assert.equal(await pacer.next(), 'play');
    // 200 steps at 40 per second: the 200th starts 199/40 s after the first.
    assert.ok(Math.abs(clock.time - (199 * 1000) / 40) < 1e-6, `${clock.time}`);
  });

  it('as fast as possible never waits', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ stepsPerSecond: 0, paused: false }, clock);
    for (let i = 0; i < 1000; i++) await pacer.next();
    assert.equal(clock.time, 0);
  });

  it('paused: nothing passes until stepOnce, which lets exactly one step through', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ stepsPerSecond: 40, paused: true }, clock);
    let passed = 0;
    const loop = (async () => {
      for (;;) {
        const r = await pacer.next();
        if (r === 'stopped') return;
        assert.equal(r, 'single');
        passed++;
      }
    })();
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(passed, 0);
    pacer.stepOnce();
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(passed, 1);
    pacer.stepOnce();
    pacer.stepOnce();
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(passed, 3);
    pacer.stop();
    await loop;
  });

  it('resume wakes a paused run; stop releases it', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ stepsPerSecond: 0, paused: true }, clock);
    const waiting = pacer.next();
    pacer.set({ stepsPerSecond: 0, paused: false });
    assert.equal(await waiting, 'play');
    pacer.set({ stepsPerSecond: 0, paused: true });
    const again = pacer.next();
    pacer.stop();
    assert.equal(await again, 'stopped');
  });

  it('a run that fell behind catches up by at most 100 ms worth of steps', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ stepsPerSecond: 100, paused: false }, clock);
    await pacer.next();
    clock.time += 5000; // a long step
    let burst = 0;
    const start = clock.time;
    while (clock.time === start) {
      await pacer.next();
      if (clock.time === start) burst++;
    }
    assert.ok(burst <= 11, `${burst} steps without waiting`);
  });
});
