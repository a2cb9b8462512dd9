// Before/after of an engine change on a shared machine: `node bench/ab/engineAb.mjs <git revision>
// [W1,W2,W4] [seconds per workload]`. Runs the working tree's engine and the revision's side by side
// in ONE process, alternating step by step (CPU time per step, medians), so a neighbour's load falls
// on both alike: separate processes (`npm run bench`) swing by ±30-60% here, which hides a 10% change.
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [revision, only = 'W1,W2,W4', seconds = '4'] = process.argv.slice(2);
if (revision === undefined) {
  process.stderr.write('usage: node bench/ab/engineAb.mjs <git revision> [W1,W2,W4] [seconds per workload]\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'gradlab-ab-'));
try {
  const base = join(dir, 'base');
  execSync(`mkdir -p "${base}" && git -C "${root}" archive "${revision}" | tar -x -C "${base}"`, { stdio: 'inherit' });
  symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `
import { gradlabStep as afterStep } from ${JSON.stringify(join(root, 'bench/workloads/gradlab'))};
import { gradlabStep as beforeStep } from ${JSON.stringify(join(base, 'bench/workloads/gradlab'))};
export function run(only: string[], seconds: number): void {
  for (const w of only as ('W1' | 'W2' | 'W4')[]) {
    const steps = { before: beforeStep(w, 32), after: afterStep(w, 32) };
    const same = Object.is(steps.before(), steps.after());
    const warm = performance.now() + 600;
    while (performance.now() < warm) { steps.before(); steps.after(); }
    const cpu = { before: [] as number[], after: [] as number[] };
    const end = performance.now() + seconds * 1000;
    for (let i = 0; performance.now() < end; i++) {
      for (const k of (i % 2 ? ['before', 'after'] : ['after', 'before']) as ('before' | 'after')[]) {
        const c = process.cpuUsage();
        steps[k]();
        const d = process.cpuUsage(c);
        cpu[k].push((d.user + d.system) / 1000);
      }
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
    const b = median(cpu.before), a = median(cpu.after);
    console.log(w + ': before ' + b.toFixed(3) + ' ms, after ' + a.toFixed(3) + ' ms, after/before ' + (a / b).toFixed(3) +
      ' (' + cpu.before.length + ' steps each; same first loss: ' + (same ? 'yes' : 'NO') + ')');
  }
}
`);
  await esbuild.build({ entryPoints: [entry], outfile: join(dir, 'entry.mjs'), bundle: true, format: 'esm', platform: 'node', logLevel: 'warning' });
  const { run } = await import(pathToFileURL(join(dir, 'entry.mjs')).href);
  run(only.split(','), Number(seconds));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
