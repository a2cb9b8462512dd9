/** The speed targets of issues 2 (against tfjs, matmul, W3) and 18 (W1, W2, W4 against their bound), judged on a finished set of rows. */

import type { Row } from './results';

export interface Verdict {
  readonly target: string;
  /** The measured figure, in the target's own terms (e.g. "5.2x faster"). */
  readonly measured: string;
  readonly met: boolean | null; // null: not measured in this run
  /** How far off (or how much margin), as a sentence fragment. */
  readonly margin: string;
}

/** A speedup (tfjs ms / gradlab ms) in words: "2.15x faster" or, below 1, "1.11x slower". */
const speed = (x: number) => (x >= 1 ? `${x.toFixed(2)}x faster` : `${(1 / x).toFixed(2)}x slower`);

function speedupTarget(rows: readonly Row[], workload: string, field: 'speedup_vs_tfjs_cpu' | 'speedup_vs_tfjs_wasm', goal: number, target: string): Verdict {
  const value = rows.find((r) => r.backend === 'gradlab' && r.workload.startsWith(workload) && r.depth === undefined)?.[field];
  if (value === undefined) return { target, measured: 'not run', met: null, margin: '' };
  const met = value >= goal;
  const margin = met ? `${((value / goal - 1) * 100).toFixed(0)}% margin` : `missed by ${((goal / value - 1) * 100).toFixed(0)}% (needs ${speed(goal)})`;
  return { target, measured: `gradlab ${speed(value)}`, met, margin };
}

export function judgeTargets(rows: readonly Row[]): Verdict[] {
  const verdicts = [
    speedupTarget(rows, 'W2', 'speedup_vs_tfjs_cpu', 4, 'W2 >= 4x faster than tfjs-cpu'),
    speedupTarget(rows, 'W2', 'speedup_vs_tfjs_wasm', 1, 'W2 faster than tfjs-wasm'),
    speedupTarget(rows, 'W4', 'speedup_vs_tfjs_cpu', 3, 'W4 >= 3x faster than tfjs-cpu'),
    // "Within 1.1x of wasm": gradlab's time at most 1.1 times wasm's, i.e. a speedup of >= 1/1.1.
    speedupTarget(rows, 'W4', 'speedup_vs_tfjs_wasm', 1 / 1.1, 'W4 within 1.1x of tfjs-wasm'),
  ];
  for (const id of ['W1', 'W2', 'W4']) {
    const target = `${id} within 1.25x of its matrix-product bound`;
    const row = rows.find((r) => r.backend === 'gradlab' && r.workload.startsWith(id) && r.depth === undefined);
    if (row?.x_bound === undefined) verdicts.push({ target, measured: 'not run', met: null, margin: '' });
    else {
      const met = row.x_bound <= 1.25;
      verdicts.push({
        target, measured: `${row.x_bound.toFixed(2)}x the bound (${row.bound_ms!.toFixed(3)} ms)`, met,
        margin: met ? `${((1.25 / row.x_bound - 1) * 100).toFixed(0)}% margin` : `missed by ${((row.x_bound / 1.25 - 1) * 100).toFixed(0)}%`,
      });
    }
  }
  const matmul = rows.filter((r) => r.pct_of_plain_js !== undefined);
  if (matmul.length === 0) {
    verdicts.push({ target: 'matmul >= 70% of plain-JS GFLOP/s', measured: 'not run', met: null, margin: '' });
  } else {
    const worst = Math.min(...matmul.map((r) => r.pct_of_plain_js!));
    const geo = Math.exp(matmul.reduce((s, r) => s + Math.log(r.pct_of_plain_js!), 0) / matmul.length);
    verdicts.push({
      target: 'matmul >= 70% of plain-JS GFLOP/s',
      measured: `${geo.toFixed(0)}% geometric mean over ${matmul.length} sizes, worst ${worst.toFixed(0)}%`,
      met: worst >= 70,
      margin: worst >= 70 ? 'every size' : `worst size ${(70 - worst).toFixed(0)} points short`,
    });
  }
  const sweep = rows.find((r) => r.backend === 'gradlab' && r.fit_r2 !== undefined);
  if (sweep === undefined) {
    verdicts.push({ target: 'W3 linear in depth', measured: 'not run', met: null, margin: '' });
  } else {
    verdicts.push({
      target: 'W3 linear in depth',
      measured: `R² ${sweep.fit_r2!.toFixed(4)}, ${sweep.fit_ms_per_layer!.toFixed(3)} ms/layer`,
      met: sweep.fit_r2! >= 0.99,
      margin: 'linear when R² >= 0.99',
    });
  }
  return verdicts;
}
