/**
 * The depth explorer's slider steps in Node, float32 preview against the float64 analysis, taking turns in one
 * process (the same time window, so their ratio survives a loaded machine): a depth step (depth − 1 ↔ depth,
 * same seed) and a seed step (every weight drawn anew). Compute only; the real webview's figures (compute +
 * redraw in the Chromium worker) come from the e2e benchmark (see README).
 *
 *   npx tsx bench/depth/previewSteps.ts [depth=100] [rounds=15]
 */
import { cpus, loadavg } from 'node:os';
import { analyzeDepth } from '../../src/analysis/depth/analysis';
import { previewDepth } from '../../src/analysis/depth/preview';
import { f32Kernels } from '../../src/engine';
import { median } from '../stats';

const depth = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 15);
const base = { depth, width: 64, batchSize: 64, activation: 'tanh', init: 'xavier_normal' };

/** CPU milliseconds of the process (not inflated by other processes on a shared machine). */
function time(f: () => unknown): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const kinds = ['float64', 'float32 preview'] as const;
const run = (kind: (typeof kinds)[number], s: object) => (kind === 'float64' ? analyzeDepth(s) : previewDepth(s));
const steps: Record<string, number[]> = {};
for (const kind of kinds) for (const change of ['depth', 'seed']) steps[`${change} step, ${kind}`] = [];
let seed = 1000;
for (const kind of kinds) run(kind, base); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const kind of r % 2 ? [...kinds].reverse() : kinds) {
    run(kind, { ...base, seed: 7 });
    steps[`depth step, ${kind}`].push(time(() => run(kind, { ...base, seed: 7, depth: depth - 1 })));
    steps[`seed step, ${kind}`].push(time(() => run(kind, { ...base, seed: seed++ })));
  }
}
console.log(`depth ${depth}, width 64, batch 64, tanh; ${rounds} rounds; ${cpus()[0]?.model}, Node ${process.version}; ` +
  `relaxed-SIMD FMA: ${f32Kernels()?.fma}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('CPU time per step (user + system of this process)');
console.log('| step | median ms | p25–p75 ms |\n| --- | --- | --- |');
for (const [name, xs] of Object.entries(steps)) {
  const s = [...xs].sort((a, b) => a - b);
  console.log(`| ${name} | ${median(xs).toFixed(1)} | ${s[Math.floor(s.length / 4)].toFixed(1)}–${s[Math.floor((3 * s.length) / 4)].toFixed(1)} |`);
}
for (const change of ['depth', 'seed']) {
  console.log(`${change} step: float64 / preview = ${(median(steps[`${change} step, float64`]) / median(steps[`${change} step, float32 preview`])).toFixed(2)}x`);
}
