import type * as vscode from 'vscode';
import type { PolicyTimers } from './restartPolicy';

/** What the live-training feature holds at a given moment; all zero when nothing runs or shows. */
export interface LiveResourceCounts {
  /** Training worker threads alive. */
  readonly workers: number;
  /** Pending timers (debounce, throttles). */
  readonly timers: number;
  /** Subscribers to the live run's events (pages, status bar). */
  readonly listeners: number;
  /** Open pages (the Gradients view and training panels) with a live channel. */
  readonly pages: number;
}

type Kind = keyof LiveResourceCounts;

/**
 * Counts what the feature acquires and releases, so an integration test can open and close things
 * many times and check that the counts come back to where they started. Every acquisition returns
 * a disposable that releases exactly once.
 */
export class ResourceCounter {
  private readonly counts: Record<Kind, number> = { workers: 0, timers: 0, listeners: 0, pages: 0 };

  acquire(kind: Kind, release: () => void = () => {}): vscode.Disposable {
    this.counts[kind]++;
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        this.counts[kind]--;
        release();
      },
    };
  }

  snapshot(): LiveResourceCounts {
    return { ...this.counts };
  }

  /** setTimeout/clearTimeout that keep the timer count. */
  timers(): PolicyTimers {
    return {
      set: (callback, ms) => {
        const handle: { timer?: ReturnType<typeof setTimeout>; lease?: vscode.Disposable } = {};
        handle.lease = this.acquire('timers', () => clearTimeout(handle.timer));
        handle.timer = setTimeout(() => {
          handle.lease?.dispose();
          callback();
        }, ms);
        return handle;
      },
      clear: (handle) => (handle as { lease?: vscode.Disposable }).lease?.dispose(),
    };
  }
}
