/**
 * Measures the synchronous work the live-training feature does on the extension host's thread
 * (handling a worker message, validating a config, starting a worker), per kind: the host must
 * never be blocked by training, and this says how long each piece of our own work took, apart
 * from the event-loop delay that a busy machine adds.
 */
export interface WorkStats {
  readonly count: number;
  readonly maxMs: number;
  readonly totalMs: number;
}

export class HostWorkMeter {
  private readonly stats = new Map<string, { count: number; maxMs: number; totalMs: number }>();

  measure<T>(kind: string, work: () => T): T {
    const t0 = performance.now();
    try {
      return work();
    } finally {
      const ms = performance.now() - t0;
      const s = this.stats.get(kind) ?? { count: 0, maxMs: 0, totalMs: 0 };
      s.count++;
      s.totalMs += ms;
      if (ms > s.maxMs) s.maxMs = ms;
      this.stats.set(kind, s);
    }
  }

  snapshot(): Record<string, WorkStats> {
    return Object.fromEntries([...this.stats].map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.stats.clear();
  }
}
