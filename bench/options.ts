/** Command-line options of `npm run bench` (see printUsage). */

import type { Timing } from './job';
import { W3_DEPTHS, WORKLOAD_IDS, type WorkloadId } from './workloads/spec';

export type Clock = 'cpu' | 'wall';

export interface Options {
  readonly json: boolean;
  readonly quick: boolean;
  /** Workloads to run; 'matmul' is the GFLOP/s comparison. */
  readonly only: ReadonlySet<WorkloadId | 'matmul' | 'peak'>;
  readonly depths: readonly number[];
  /** Each (workload, backend) pair runs this many times, in a fresh process each time. */
  readonly rounds: number;
  readonly timing: Timing;
  /** Which time the medians and ratios use (both are always measured and printed in JSON). */
  readonly clock: Clock;
  /** When set, gradlab children write V8 CPU profiles (.cpuprofile) into this folder. */
  readonly profileDir?: string;
}

/** A full run: three turns per pair, ~0.3 s warm-up and up to ~1.5 s of timed steps per process. */
const FULL: Timing = { warmupSteps: 5, warmupMs: 300, minSteps: 10, maxSteps: 400, budgetMs: 1500 };
/** A smoke test: enough to prove every path works, far too few steps for a figure worth quoting. */
const QUICK: Timing = { warmupSteps: 1, warmupMs: 0, minSteps: 3, maxSteps: 3, budgetMs: 0 };

export const USAGE = `usage: npm run bench -- [--json] [--quick] [--only W1,W3,matmul] [--depths 1,8] [--rounds N] [--clock cpu|wall] [--profile DIR]
  --json     one JSON object per line instead of the table
  --quick    minimal steps and one round (smoke test; numbers are not meaningful)
  --only     a subset of ${[...WORKLOAD_IDS, 'matmul', 'peak'].join(', ')} (peak: the WebAssembly SIMD limit;
             with W1, W2 or W4 it also gives their matrix-product bounds)
  --depths   W3 depths (default ${W3_DEPTHS.join(',')})
  --rounds   fresh processes per (workload, backend) pair (default 3, quick 1)
  --clock    cpu (default): CPU time of the benchmark process per step, which other processes on a
             shared machine do not inflate; wall: wall-clock time (right on an otherwise idle machine)
  --profile  write a CPU profile of every gradlab process into DIR (open in Chrome DevTools)`;

export function parseOptions(argv: readonly string[]): Options {
  const known = new Set<string>([...WORKLOAD_IDS, 'matmul', 'peak']);
  let json = false, quick = false, rounds: number | undefined, profileDir: string | undefined;
  let clock: Clock = 'cpu';
  let only = new Set<WorkloadId | 'matmul' | 'peak'>([...WORKLOAD_IDS, 'matmul', 'peak']);
  let depths: number[] = [...W3_DEPTHS];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--json') json = true;
    else if (arg === '--quick') quick = true;
    else if (arg === '--only') {
      const names = value().split(',');
      for (const n of names) if (!known.has(n)) throw new Error(`unknown workload ${n}\n${USAGE}`);
      only = new Set(names as (WorkloadId | 'matmul' | 'peak')[]);
    } else if (arg === '--depths') depths = value().split(',').map((d) => positiveInt(d, '--depths'));
    else if (arg === '--rounds') rounds = positiveInt(value(), '--rounds');
    else if (arg === '--profile') profileDir = value();
    else if (arg === '--clock') {
      const c = value();
      if (c !== 'cpu' && c !== 'wall') throw new Error(`--clock: ${c} is neither cpu nor wall\n${USAGE}`);
      clock = c;
    }
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return { json, quick, only, depths, rounds: rounds ?? (quick ? 1 : 3), timing: quick ? QUICK : FULL, clock, profileDir };
}

function positiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${option}: ${text} is not a positive integer`);
  return n;
}
