/**
 * What the parent asks one child process to measure, and what the child answers. One child runs
 * one (workload, backend) pair: V8's type feedback and tfjs's kernel caches are per process, so a
 * fresh process keeps one implementation's warm-up from helping or hurting another's.
 */

import type { Backend, WorkloadId } from './workloads/spec';

/** The plain-JavaScript matmul reference only exists for the matmul comparison. */
export type MatmulBackend = 'gradlab' | 'plain-js';

export type Job =
  | { readonly kind: 'workload'; readonly workload: WorkloadId; readonly backend: Backend; readonly depth?: number; readonly timing: Timing }
  | { readonly kind: 'matmul'; readonly backend: MatmulBackend; readonly size: MatmulSize; readonly timing: Timing };

/** C[m x n] = A[m x k] @ B[k x n]. */
export interface MatmulSize {
  readonly m: number;
  readonly k: number;
  readonly n: number;
}

export interface Timing {
  /** Untimed steps first: at least this many, and at least this long (JIT tier-up, tfjs caches). */
  readonly warmupSteps: number;
  readonly warmupMs: number;
  /** Timed steps: at least minSteps, then more until budgetMs has passed or maxSteps were taken. */
  readonly minSteps: number;
  readonly maxSteps: number;
  readonly budgetMs: number;
}

export interface ChildResult {
  /** Wall-clock milliseconds of each timed step. */
  readonly wall: number[];
  /**
   * CPU milliseconds (user + system, all threads of the process) of each timed step. Unlike wall
   * time it does not count the time the process waits while other processes run on a shared
   * machine; it does count V8's helper threads (concurrent GC), which is real cost of the step.
   */
  readonly cpu: number[];
  /** The first step's result (a loss or a checksum): equal across backends up to float32 rounding. */
  readonly check: number;
}

/** The child prints its result on one stdout line with this prefix (tfjs may print banners too). */
export const RESULT_PREFIX = 'BENCH-RESULT ';

/** One benchmarked step. It returns a number it read back (a loss), so nothing is left lazy. */
export type Step = () => number;

export function measure(step: Step, timing: Timing): ChildResult {
  const check = step();
  const warmupEnd = performance.now() + timing.warmupMs;
  for (let i = 1; i < timing.warmupSteps || performance.now() < warmupEnd; i++) step();
  const wall: number[] = [];
  const cpu: number[] = [];
  const budgetEnd = performance.now() + timing.budgetMs;
  while (wall.length < timing.minSteps || (wall.length < timing.maxSteps && performance.now() < budgetEnd)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    step();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    wall.push(t1 - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu, check };
}
