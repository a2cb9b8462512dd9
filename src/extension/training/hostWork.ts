/**
 * The synchronous work the live-training feature does on the extension host's thread (handling a
 * worker message, checking a config, starting a worker): the host must never be blocked by
 * training. The session reports each piece as a HostWork event; the test hooks add them up per
 * kind (HostWorkMeter), apart from the event-loop delay that a busy machine adds.
 */
export interface HostWork {
  /** e.g. "message:records", "startWorker", "validate". */
  readonly kind: string;
  readonly ms: number;
}

/** Runs `work` and reports how long it took. */
export function timed<T>(kind: string, work: () => T, report: (done: HostWork) => void): T {
  const t0 = performance.now();
  try {
    return work();
  } finally {
    report({ kind, ms: performance.now() - t0 });
  }
}

export interface WorkStats {
  readonly count: number;
  readonly maxMs: number;
  readonly totalMs: number;
}

export class HostWorkMeter {
  private readonly stats = new Map<string, { count: number; maxMs: number; totalMs: number }>();

  add({ kind, ms }: HostWork): void {
    const s = this.stats.get(kind) ?? { count: 0, maxMs: 0, totalMs: 0 };
    s.count++;
    s.totalMs += ms;
    if (ms > s.maxMs) s.maxMs = ms;
    this.stats.set(kind, s);
  }

  snapshot(): Record<string, WorkStats> {
    return Object.fromEntries([...this.stats].map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.stats.clear();
  }
}
