/**
 * What the parent asks one child process to measure, and what the child answers. A workload child
 * runs one (workload, backend) pair: V8's type feedback and tfjs's kernel caches are per process,
 * so a fresh process keeps one implementation's warm-up from helping or hurting another's. A
 * matmul child runs both kernels, step by step in turn, on the same operands: two monomorphic
 * loops cannot disturb each other, and pairing them in one process removes the process-to-process
 * noise (memory placement, a neighbour's burst) from their ratio.
 */

import { PEAK_KINDS } from './workloads/peak';
import type { PytorchBackend } from './workloads/pytorch';
import type { Backend, WorkloadId } from './workloads/spec';

/** The plain-JavaScript matmul reference only exists for the matmul comparison. */
export type MatmulBackend = 'gradlab' | 'plain-js';

export type Job =
  | { readonly kind: 'workload'; readonly workload: WorkloadId; readonly backend: Backend | PytorchBackend; readonly depth?: number; readonly timing: Timing }
  | { readonly kind: 'matmul'; readonly size: MatmulSize; readonly timing: Timing }
  | { readonly kind: 'peak'; readonly timing: Timing };

/** The implementations a job measures, in the order they take turns. */
export function jobBackends(job: Job): readonly string[] {
  return job.kind === 'workload' ? [job.backend] : job.kind === 'matmul' ? MATMUL_BACKENDS : PEAK_KINDS;
}
export const MATMUL_BACKENDS: readonly MatmulBackend[] = ['gradlab', 'plain-js'];

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

/** A child's answer: one result per backend it measured. */
export type ChildResults = Record<string, ChildResult>;

/** The child prints its results on one stdout line with this prefix (tfjs may print banners too). */
export const RESULT_PREFIX = 'BENCH-RESULT ';

/** One benchmarked step. It returns a number it read back (a loss), so nothing is left lazy. */
export type Step = () => number;

/** Warm-up, then timed steps; several steps take turns (the first one first, then rotating). */
export function measure(steps: Readonly<Record<string, Step>>, timing: Timing): ChildResults {
  const names = Object.keys(steps);
  const results: Record<string, { wall: number[]; cpu: number[]; check: number }> = {};
  for (const name of names) results[name] = { wall: [], cpu: [], check: steps[name]() };
  const warmupEnd = performance.now() + timing.warmupMs;
  for (let i = 1; i < timing.warmupSteps || performance.now() < warmupEnd; i++) for (const name of names) steps[name]();
  const budgetEnd = performance.now() + timing.budgetMs;
  for (let i = 0; i < timing.minSteps || (i < timing.maxSteps && performance.now() < budgetEnd); i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      steps[name]();
      const t1 = performance.now();
      const c = process.cpuUsage(c0);
      results[name].wall.push(t1 - t0);
      results[name].cpu.push((c.user + c.system) / 1000);
    }
  }
  return results;
}
