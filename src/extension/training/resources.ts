import type { PolicyTimers } from './restartPolicy';

/** What the live-training feature holds at a given moment; all zero when nothing runs or shows. */
export interface LiveResourceCounts {
  /** Training worker threads alive. */
  readonly workers: number;
  /** Pending timers (debounce, grace and idle periods). */
  readonly timers: number;
  /** Subscribers to the live run's events (pages, status bar). */
  readonly listeners: number;
  /** Open pages (the Gradients view and training panels) with a live channel. */
  readonly pages: number;
}

/**
 * setTimeout/clearTimeout that know how many of their timers are still pending, so that what a part
 * of the feature holds can be read from the outside (the test hooks add these counts up).
 */
export class PendingTimers implements PolicyTimers {
  private readonly handles = new Set<ReturnType<typeof setTimeout>>();

  get count(): number {
    return this.handles.size;
  }

  set(callback: () => void, ms: number): unknown {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      callback();
    }, ms);
    this.handles.add(handle);
    return handle;
  }

  clear(handle: unknown): void {
    const timer = handle as ReturnType<typeof setTimeout>;
    clearTimeout(timer);
    this.handles.delete(timer);
  }
}
