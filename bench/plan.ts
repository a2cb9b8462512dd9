/**
 * The order of child processes. A "group" is one row of the results (a workload, a W3 depth or a
 * matmul size) measured on each of its backends. Every round visits every group, and within a
 * group the backends' processes take turns in a rotated order (A B C, then B C A, ...), so slow
 * drift of a shared machine's load falls on all implementations alike. (A matmul group has one
 * process per round that alternates both kernels itself.)
 */

import { MATMUL_BACKENDS, jobBackends, type Job, type MatmulSize, type Timing } from './job';
import type { Options } from './options';
import { PYTORCH_BACKENDS, PYTORCH_WORKLOADS } from './workloads/pytorch';
import { BACKENDS, W2_DEPTH, WORKLOADS, WORKLOAD_IDS, type WorkloadId } from './workloads/spec';

/** The sizes of the matmul comparison: W2's layers, W1's 10 classes, W4's first layer, two squares. */
export const MATMUL_SIZES: readonly MatmulSize[] = [
  { m: 64, k: 64, n: 64 },
  { m: 64, k: 784, n: 10 },
  { m: 64, k: 784, n: 128 },
  { m: 128, k: 128, n: 128 },
  { m: 256, k: 256, n: 256 },
];

export function matmulName({ m, k, n }: MatmulSize): string {
  return `matmul ${m}x${k}@${k}x${n}`;
}

export interface Group {
  /** The `workload` field of the JSON rows, e.g. "W2 deep-mlp-fwd-bwd" or "matmul 64x64@64x64". */
  readonly name: string;
  readonly workload: WorkloadId | 'matmul' | 'peak';
  readonly depth?: number;
  readonly size?: MatmulSize;
  readonly jobs: readonly Job[];
  /** Every backend the group's jobs measure, in the order of its result rows. */
  readonly backends: readonly string[];
}

export interface Turn {
  readonly group: Group;
  readonly job: Job;
}

/** The SIMD peak row's name: the limit the W1/W2/W4 rows' matrix-product bounds are computed from. */
export const PEAK_GROUP = 'WebAssembly SIMD peak (mul+add, 8 accumulators)';

/** `pytorch`: whether /usr/bin/python3 can import torch (W1, W2 and W4 then also run on PyTorch). */
export function planGroups(options: Options, pytorch = false): Group[] {
  const groups: Group[] = [];
  const timing: Timing = options.timing;
  if (options.only.has('peak')) {
    const job: Job = { kind: 'peak', timing };
    groups.push({ name: PEAK_GROUP, workload: 'peak', jobs: [job], backends: jobBackends(job) });
  }
  for (const id of WORKLOAD_IDS) {
    if (!options.only.has(id)) continue;
    const depths = id === 'W3' ? options.depths : [undefined];
    for (const depth of depths) {
      const backends = pytorch && PYTORCH_WORKLOADS.includes(id) ? [...BACKENDS, ...PYTORCH_BACKENDS] : BACKENDS;
      const jobs = backends.map((backend): Job => ({ kind: 'workload', workload: id, backend, depth: depth ?? (id === 'W2' ? W2_DEPTH : undefined), timing }));
      groups.push({ name: WORKLOADS[id], workload: id, depth, jobs, backends });
    }
  }
  if (options.only.has('matmul')) {
    for (const size of MATMUL_SIZES) {
      groups.push({ name: matmulName(size), workload: 'matmul', size, jobs: [{ kind: 'matmul', size, timing }], backends: MATMUL_BACKENDS });
    }
  }
  return groups;
}

export function planTurns(groups: readonly Group[], rounds: number): Turn[] {
  const turns: Turn[] = [];
  for (let r = 0; r < rounds; r++) {
    groups.forEach((group, g) => {
      const n = group.jobs.length;
      for (let i = 0; i < n; i++) turns.push({ group, job: group.jobs[(i + r + g) % n] });
    });
  }
  return turns;
}
