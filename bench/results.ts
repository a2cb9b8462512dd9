/**
 * From raw samples to result rows: medians, spread, ratios, W3's per-layer cost and line fit, and
 * matmul GFLOP/s. The rows are what `--json` prints, one per line.
 */

import type { ChildResult } from './job';
import type { Clock } from './options';
import type { Group } from './plan';
import { PEAK_FLOP_PER_ITERATION, PEAK_ITERATIONS, type PeakKind } from './workloads/peak';
import { W2_DEPTH, gemmFlop, type WorkloadId } from './workloads/spec';
import { fitLine, median, quantile } from './stats';

export interface Row {
  workload: string;
  backend: string;
  depth?: number;
  /** The clock of median_ms, p25_ms, p75_ms and the ratios (see Options.clock). */
  clock: Clock;
  median_ms: number;
  p25_ms: number;
  p75_ms: number;
  samples: number;
  processes: number;
  /** Both clocks' medians, whichever one the row is based on. */
  cpu_median_ms: number;
  wall_median_ms: number;
  /** First-step loss (or checksum); every backend of a row should agree up to float32 rounding. */
  check: number;
  /** On gradlab rows: tfjs's median / gradlab's median, i.e. how many times faster gradlab is. */
  speedup_vs_tfjs_cpu?: number;
  speedup_vs_tfjs_wasm?: number;
  /** On gradlab rows: whether the check values agree with every other backend's. */
  checks_agree?: boolean;
  /** W3: median / depth, and the least-squares line ms = intercept + slope * depth over all depths. */
  ms_per_layer?: number;
  fit_ms_per_layer?: number;
  fit_intercept_ms?: number;
  fit_r2?: number;
  /** matmul: 2mkn / time; on the gradlab row, the percentage of the plain-JS kernel's GFLOP/s. */
  gflops?: number;
  pct_of_plain_js?: number;
  /** The SIMD peak rows (backend f64x2 or f32x4): GFLOP/s of the median call. */
  peak_gflops?: number;
  /**
   * W1, W2, W4: FLOPs of the step's matrix products, the time they would take at the SIMD peak of the
   * row's precision (f64x2 for float64 backends, f32x4 for float32 ones) measured in this run, and
   * median / bound (1: nothing but matrix products, at the peak).
   */
  gemm_mflop?: number;
  bound_ms?: number;
  x_bound?: number;
  /** On gradlab rows: PyTorch's median / gradlab's median (above 1: gradlab is faster). */
  speedup_vs_pytorch_f64?: number;
  speedup_vs_pytorch_f32?: number;
}

/** float32 backends compare with the f32x4 peak, float64 ones with f64x2. */
const FLOAT32_BACKENDS = new Set(['tfjs-cpu', 'tfjs-wasm', 'pytorch-f32']);
const BOUND_WORKLOADS = new Set<string>(['W1', 'W2', 'W4']);

/** float32 (tfjs) against float64 (gradlab), through up to 129 layers. */
const CHECK_RTOL = 1e-3;
const CHECK_ATOL = 1e-6;

export function checksAgree(a: number, b: number): boolean {
  return Math.abs(a - b) <= CHECK_ATOL + CHECK_RTOL * Math.max(Math.abs(a), Math.abs(b));
}

/** Pools every process's samples for one (group, backend) and summarises them. */
function summarise(group: Group, backend: string, results: readonly ChildResult[], clock: Clock): Row {
  const samples = results.flatMap((r) => r[clock]);
  const row: Row = {
    workload: group.name,
    backend,
    clock,
    median_ms: median(samples),
    p25_ms: quantile(samples, 0.25),
    p75_ms: quantile(samples, 0.75),
    samples: samples.length,
    processes: results.length,
    cpu_median_ms: median(results.flatMap((r) => r.cpu)),
    wall_median_ms: median(results.flatMap((r) => r.wall)),
    check: results[0].check,
  };
  if (group.depth !== undefined) row.depth = group.depth;
  return row;
}

export function buildRows(
  groups: readonly Group[], results: ReadonlyMap<Group, Map<string, ChildResult[]>>, clock: Clock,
): Row[] {
  const rows: Row[] = [];
  for (const group of groups) {
    const byBackend = results.get(group);
    if (byBackend === undefined) continue;
    const groupRows = group.backends.map((backend) => summarise(group, backend, byBackend.get(backend) ?? [], clock));
    const find = (backend: string) => groupRows.find((r) => r.backend === backend);
    if (group.workload === 'peak') {
      for (const r of groupRows) r.peak_gflops = (PEAK_FLOP_PER_ITERATION[r.backend as PeakKind] * PEAK_ITERATIONS) / (r.median_ms * 1e6);
    }
    const gradlab = find('gradlab');
    if (gradlab !== undefined) {
      const torch64 = find('pytorch-f64'), torch32 = find('pytorch-f32');
      if (torch64 !== undefined) gradlab.speedup_vs_pytorch_f64 = torch64.median_ms / gradlab.median_ms;
      if (torch32 !== undefined) gradlab.speedup_vs_pytorch_f32 = torch32.median_ms / gradlab.median_ms;
      gradlab.checks_agree = groupRows.every((r) => checksAgree(r.check, gradlab.check));
      const cpu = find('tfjs-cpu'), wasm = find('tfjs-wasm'), plain = find('plain-js');
      if (cpu !== undefined) gradlab.speedup_vs_tfjs_cpu = cpu.median_ms / gradlab.median_ms;
      if (wasm !== undefined) gradlab.speedup_vs_tfjs_wasm = wasm.median_ms / gradlab.median_ms;
      if (group.size !== undefined && plain !== undefined) {
        const flop = 2 * group.size.m * group.size.k * group.size.n;
        for (const r of groupRows) r.gflops = flop / (r.median_ms * 1e6);
        gradlab.pct_of_plain_js = (100 * plain.median_ms) / gradlab.median_ms;
      }
    }
    if (group.depth !== undefined) for (const r of groupRows) r.ms_per_layer = r.median_ms / group.depth;
    rows.push(...groupRows);
  }
  addDepthFits(rows);
  addBounds(rows, groups);
  return rows;
}

/** The matrix-product bounds of W1, W2 and W4 from the peak rows of the same run. */
function addBounds(rows: Row[], groups: readonly Group[]): void {
  const peak = (kind: PeakKind) => rows.find((r) => r.backend === kind && r.peak_gflops !== undefined)?.peak_gflops;
  for (const group of groups) {
    if (!BOUND_WORKLOADS.has(group.workload) || group.depth !== undefined) continue;
    const flop = gemmFlop(group.workload as WorkloadId, W2_DEPTH)!;
    for (const r of rows) {
      if (r.workload !== group.name || r.depth !== undefined) continue;
      r.gemm_mflop = flop / 1e6;
      const gflops = peak(FLOAT32_BACKENDS.has(r.backend) ? 'f32x4' : 'f64x2');
      if (gflops === undefined) continue;
      r.bound_ms = flop / (gflops * 1e6);
      r.x_bound = r.median_ms / r.bound_ms;
    }
  }
}

/** W3: fits ms against depth per backend and stores the line on that backend's W3 rows. */
function addDepthFits(rows: Row[]): void {
  const sweep = rows.filter((r) => r.depth !== undefined && r.workload.startsWith('W3'));
  for (const backend of new Set(sweep.map((r) => r.backend))) {
    const mine = sweep.filter((r) => r.backend === backend);
    if (mine.length < 2) continue;
    const fit = fitLine(mine.map((r) => r.depth!), mine.map((r) => r.median_ms));
    for (const r of mine) {
      r.fit_ms_per_layer = fit.slope;
      r.fit_intercept_ms = fit.intercept;
      r.fit_r2 = fit.r2;
    }
  }
}
