/**
 * The one throttle between the trainer and the pages. A fast run records hundreds of steps a
 * second; the worker sends them in batches, at most one batch per FLUSH_MS (the first record,
 * and a step run on its own, go at once), and a trailing timer sends what waits once FLUSH_MS has
 * passed, so the pages get a steady ~10 updates a second. The extension host forwards each batch to
 * the pages as it comes: batching here rather than there also means fewer messages between threads.
 */
import type { StepRecord } from '../../protocol';

export const FLUSH_MS = 100;

/** Time and timers, injected so tests drive them by hand. */
export interface BatchClock {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realClock = (now: () => number = Date.now): BatchClock => ({
  now,
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

export class RecordBatcher {
  private pending: StepRecord[] = [];
  private lastFlush: number;
  private timer: unknown;

  /** `send` gets every batch, possibly empty (a flush also says where the run is). */
  constructor(private readonly send: (records: StepRecord[]) => void, private readonly clock: BatchClock) {
    this.lastFlush = clock.now();
  }

  /** `now`: send it at once (the first record of a run, a single step). */
  push(record: StepRecord, now = false): void {
    this.pending.push(record);
    const since = this.clock.now() - this.lastFlush;
    if (now || since >= FLUSH_MS) this.flush();
    else if (this.timer === undefined) {
      this.timer = this.clock.set(() => {
        this.timer = undefined;
        this.flush();
      }, FLUSH_MS - since);
    }
  }

  /** Sends what waits now (before a boundary, a report, a pause, the end of the run). */
  flush(): void {
    if (this.timer !== undefined) this.clock.clear(this.timer);
    this.timer = undefined;
    const records = this.pending;
    this.pending = [];
    this.lastFlush = this.clock.now();
    this.send(records);
  }
}
