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
  const keys = [...new Set(rows.filter((r) => r.gflops === undefined).map((r) => `${r.workload}\u0000${r.depth ?? ''}`))];
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

function targetTable(verdicts: readonly Verdict[]): string {
  const status = (v: Verdict) => (v.met === null ? 'not run' : v.met ? 'met' : 'MISSED');
  return 'Targets (issue 2)\n\n' + table(['target', 'measured', 'status', 'margin'], verdicts.map((v) => [v.target, v.measured, status(v), v.margin]));
}

export function renderReport(header: string, rows: readonly Row[], verdicts: readonly Verdict[]): string {
  const parts = [header, mainTable(rows), depthTable(rows), matmulTable(rows), targetTable(verdicts)];
  return parts.filter((p): p is string => p !== null).join('\n\n') + '\n';
}
