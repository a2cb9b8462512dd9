/**
 * Paces a run for watching: at most `stepsPerSecond` optimizer steps per second (0 = as fast as
 * possible), or paused, where only "step once" lets exactly one step through. The run loop awaits
 * `next()` before every step; changes (speed, pause, step once, cancel) wake a waiting run at once.
 * Time and sleep are injected, so the schedule is tested without a clock.
 */
import type { Playback } from '../../protocol';

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A run that fell behind (a slow step, a busy machine) catches up at most this much, not in one burst. */
const MAX_CATCH_UP_MS = 100;

export class Pacer {
  private playback: Playback;
  private singles = 0;
  private nextAt: number | undefined;
  private readonly waiters = new Set<() => void>();
  private stopped = false;

  /** `onPause` runs each time the run starts waiting paused (to say exactly where it stopped). */
  constructor(playback: Playback, private readonly clock: PacerClock, private readonly onPause?: () => void) {
    this.playback = playback;
  }

  get state(): Playback {
    return this.playback;
  }

  set(playback: Playback): void {
    const wasPaused = this.playback.paused;
    this.playback = playback;
    if (!playback.paused) this.singles = 0;
    if (wasPaused !== playback.paused || playback.stepsPerSecond === 0) this.nextAt = undefined; // start afresh, no burst
    this.notify();
  }

  /** Lets one step through while paused (ignored while playing: every step goes anyway). */
  stepOnce(): void {
    if (!this.playback.paused) return;
    this.singles++;
    this.notify();
  }

  /** Releases a waiting run for good (it is being cancelled). */
  stop(): void {
    this.stopped = true;
    this.notify();
  }

  /**
   * Resolves when the next step may run: `'single'` for a step let through by stepOnce (to be
   * recorded), `'play'` for an ordinary one, `'stopped'` once stop() was called.
   */
  async next(): Promise<'single' | 'play' | 'stopped'> {
    for (;;) {
      if (this.stopped) return 'stopped';
      const { paused, stepsPerSecond } = this.playback;
      if (paused) {
        if (this.singles > 0) {
          this.singles--;
          return 'single';
        }
        this.onPause?.();
        await this.changed();
        continue;
      }
      if (!(stepsPerSecond > 0)) return 'play';
      const interval = 1000 / stepsPerSecond;
      const now = this.clock.now();
      const due = Math.max(this.nextAt ?? now, now - MAX_CATCH_UP_MS);
      if (due <= now) {
        this.nextAt = due + interval;
        return 'play';
      }
      await this.changed(due - now);
    }
  }

  /** Waits for a change (or `ms`, when given); the waiter is dropped either way, so none pile up. */
  private async changed(ms?: number): Promise<void> {
    let wake!: () => void;
    const change = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    try {
      await (ms === undefined ? change : Promise.race([change, this.clock.sleep(ms)]));
    } finally {
      this.waiters.delete(wake);
    }
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}
