/**
 * The human-readable report: Markdown tables (so they paste into the README as they are) of
 * medians with their spread, ratios, W3 per layer, matmul GFLOP/s and the targets.
 */

import type { Row } from './results';
import type { Verdict } from './targets';

const BACKENDS = ['gradlab', 'tfjs-cpu', 'tfjs-wasm'] as const;

function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

/** "8.12 ±3%": the median and the interquartile range as a share of it (the noise). */
function ms(row: Row | undefined): string {
  if (row === undefined) return '';
  const spread = (100 * (row.p75_ms - row.p25_ms)) / row.median_ms;
  return `${fmt(row.median_ms)} ±${spread.toFixed(0)}%`;
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

const ratio = (x: number | undefined) => (x === undefined ? '' : `${x.toFixed(2)}x`);

function mainTable(rows: readonly Row[]): string {
  const keys = [...new Set(rows.filter((r) => r.gflops === undefined && r.peak_gflops === undefined).map((r) => `${r.workload}\u0000${r.depth ?? ''}`))];
  const body = keys.map((key) => {
    const [workload, depth] = key.split('\u0000');
    const mine = rows.filter((r) => r.workload === workload && String(r.depth ?? '') === depth);
    const by = (b: string) => mine.find((r) => r.backend === b);
    const g = by('gradlab');
    const label = depth === '' ? workload : `${workload}, depth ${depth}`;
    const agree = g?.checks_agree === undefined ? '' : g.checks_agree ? 'yes' : 'NO';
    return [label, ...BACKENDS.map((b) => ms(by(b))), ratio(g?.speedup_vs_tfjs_cpu), ratio(g?.speedup_vs_tfjs_wasm), agree];
  });
  return table(
    ['workload', 'gradlab ms', 'tfjs-cpu ms', 'tfjs-wasm ms', 'gradlab vs tfjs-cpu', 'gradlab vs tfjs-wasm', 'same loss'],
    body,
  );
}

function depthTable(rows: readonly Row[]): string | null {
  const sweep = rows.filter((r) => r.workload.startsWith('W3') && r.depth !== undefined);
  if (sweep.length === 0) return null;
  const depths = [...new Set(sweep.map((r) => r.depth!))].sort((a, b) => a - b);
  const at = (b: string, d: number) => sweep.find((r) => r.backend === b && r.depth === d);
  const body = depths.map((d) => [String(d), ...BACKENDS.map((b) => { const r = at(b, d); return r ? fmt(r.ms_per_layer!) : ''; })]);
  const fitRow = (label: string, pick: (r: Row) => string) =>
    [label, ...BACKENDS.map((b) => { const r = sweep.find((x) => x.backend === b && x.fit_r2 !== undefined); return r ? pick(r) : ''; })];
  body.push(fitRow('fit: ms/layer', (r) => fmt(r.fit_ms_per_layer!)));
  body.push(fitRow('fit: intercept ms', (r) => fmt(r.fit_intercept_ms!)));
  body.push(fitRow('fit: R²', (r) => r.fit_r2!.toFixed(4)));
  return 'W3 depth sweep, ms per hidden layer (median / depth) and the line ms = intercept + slope * depth\n\n' +
    table(['depth', ...BACKENDS.map((b) => `${b} ms/layer`)], body);
}

function matmulTable(rows: readonly Row[]): string | null {
  const mm = rows.filter((r) => r.gflops !== undefined);
  if (mm.length === 0) return null;
  const names = [...new Set(mm.map((r) => r.workload))];
  const body = names.map((name) => {
    const g = mm.find((r) => r.workload === name && r.backend === 'gradlab');
    const p = mm.find((r) => r.workload === name && r.backend === 'plain-js');
    return [name, g ? g.gflops!.toFixed(2) : '', p ? p.gflops!.toFixed(2) : '', g?.pct_of_plain_js ? `${g.pct_of_plain_js.toFixed(0)}%` : ''];
  });
  return 'Matmul GFLOP/s: the engine\'s `matmul` against the best plain-JS kernel (4x4 block of C in 16 locals)\n\n' +
    table(['size (A@B)', 'gradlab GFLOP/s', 'plain-JS GFLOP/s', 'gradlab / plain-JS'], body);
}

function peakTable(rows: readonly Row[]): string | null {
  const peak = rows.filter((r) => r.peak_gflops !== undefined);
  if (peak.length === 0) return null;
  return 'WebAssembly SIMD peak in this run: independent mul+add on 8 accumulators, two operands broadcast from memory each\n' +
    'iteration (a matrix product\'s inner loop with nothing else; no FMA in baseline WebAssembly SIMD)\n\n' +
    table(['vector', 'GFLOP/s (median call)', 'ms per call'], peak.map((r) => [r.backend, r.peak_gflops!.toFixed(1), ms(r)]));
}

/** W1, W2, W4 against their matrix-product bound and PyTorch (one thread), all from this run. */
function boundTable(rows: readonly Row[], pytorch: boolean): string | null {
  const gradlab = rows.filter((r) => r.backend === 'gradlab' && r.gemm_mflop !== undefined);
  if (gradlab.length === 0) return null;
  const at = (w: string, b: string) => rows.find((r) => r.workload === w && r.backend === b && r.depth === undefined);
  const times = (x: number | undefined) => (x === undefined ? '' : `${x.toFixed(2)}x`);
  const body = gradlab.map((g) => {
    const t64 = at(g.workload, 'pytorch-f64'), t32 = at(g.workload, 'pytorch-f32');
    return [
      g.workload, g.gemm_mflop!.toFixed(1), g.bound_ms === undefined ? '' : fmt(g.bound_ms), ms(g), times(g.x_bound),
      pytorch ? ms(t64) : 'skipped: no PyTorch', times(t64?.x_bound), times(t64 === undefined ? undefined : g.median_ms / t64.median_ms),
      pytorch ? ms(t32) : 'skipped: no PyTorch', times(t32?.x_bound),
    ];
  });
  return 'Against the matrix-product bound (gemm FLOPs / SIMD peak of the same run: f64x2 for float64, f32x4 for float32)\n' +
    'and PyTorch on one thread; "/ bound" is median / bound, "gradlab / PyTorch f64" is gradlab ms / PyTorch ms\n\n' +
    table(['workload', 'gemm MFLOP', 'f64 bound ms', 'gradlab ms', 'gradlab / bound', 'PyTorch f64 ms', 'PyTorch f64 / bound',
      'gradlab / PyTorch f64', 'PyTorch f32 ms', 'PyTorch f32 / f32 bound'], body);
}

function targetTable(verdicts: readonly Verdict[]): string {
  const status = (v: Verdict) => (v.met === null ? 'not run' : v.met ? 'met' : 'MISSED');
  return 'Targets (issues 2 and 18)\n\n' + table(['target', 'measured', 'status', 'margin'], verdicts.map((v) => [v.target, v.measured, status(v), v.margin]));
}

export function renderReport(header: string, rows: readonly Row[], verdicts: readonly Verdict[], pytorch = false): string {
  const parts = [header, mainTable(rows), peakTable(rows), boundTable(rows, pytorch), depthTable(rows), matmulTable(rows), targetTable(verdicts)];
  return parts.filter((p): p is string => p !== null).join('\n\n') + '\n';
}
