/**
 * `npm run bench`: runs the planned child processes one after another (never in parallel: they
 * would compete for the two cores), then prints the Markdown report or JSON lines.
 * Progress goes to stderr so `--json` output stays machine-readable. A full run also leaves its
 * rows in bench/results/last.jsonl.
 */

import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { jobBackends, type ChildResult } from './job';
import { parseOptions } from './options';
import { planGroups, planTurns, type Group } from './plan';
import { buildRows } from './results';
import { runChild } from './runChild';
import { renderReport } from './table';
import { judgeTargets } from './targets';
import { PYTORCH_WORKLOADS, pytorchHeader, pytorchInfo, runPytorch, type PytorchBackend } from './workloads/pytorch';
import { W2_DEPTH } from './workloads/spec';

function machine(): string {
  const cores = cpus();
  return `${cores[0]?.model ?? 'unknown CPU'}, ${cores.length} logical CPUs, Node ${process.version}`;
}

const CLOCKS = {
  cpu: 'CPU time (user + system) of the benchmark process per step, not inflated by other load',
  wall: 'wall-clock time per step',
};

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

export async function main(argv: readonly string[], childScript: string, resultsDir: string): Promise<void> {
  const options = parseOptions(argv);
  const torch = [...options.only].some((id) => (PYTORCH_WORKLOADS as readonly string[]).includes(id)) ? pytorchInfo() : null;
  const torchScript = join(dirname(resultsDir), 'workloads', 'torch_step.py');
  const groups = planGroups(options, torch !== null);
  const turns = planTurns(groups, options.rounds);
  const results = new Map<Group, Map<string, ChildResult[]>>();
  const loadBefore = load();
  const started = performance.now();
  for (const [i, { group, job }] of turns.entries()) {
    const profile = options.profileDir !== undefined && jobBackends(job).includes('gradlab');
    const answer = job.kind === 'workload' && job.backend.startsWith('pytorch')
      ? await runPytorch(torchScript, job.workload, job.backend as PytorchBackend, job.depth ?? W2_DEPTH, job.timing)
      : await runChild(childScript, job, profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(options.profileDir!)] : []);
    const byBackend = results.get(group) ?? new Map<string, ChildResult[]>();
    results.set(group, byBackend);
    const label = group.depth === undefined ? group.name : `${group.name} depth ${group.depth}`;
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(3);
    for (const [backend, result] of Object.entries(answer)) {
      byBackend.set(backend, [...(byBackend.get(backend) ?? []), result]);
      process.stderr.write(
        `[${i + 1}/${turns.length}] ${label} ${backend}: cpu ${mid(result.cpu)} ms, wall ${mid(result.wall)} ms (${result.wall.length} steps)\n`,
      );
    }
  }
  const minutes = (performance.now() - started) / 60000;
  const rows = buildRows(groups, results, options.clock);
  const jsonLines = rows.map((row) => JSON.stringify(row) + '\n').join('');
  if (!options.quick) {
    // Keep the raw rows of the last full run (both clocks) next to the printed table; gitignored.
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'last.jsonl'), jsonLines);
  }
  if (options.json) {
    process.stdout.write(jsonLines);
    return;
  }
  const header = [
    `Gradient Lab benchmark${options.quick ? ' (--quick: smoke test, figures not meaningful)' : ''}`,
    `Machine: ${machine()}. ${options.rounds} fresh process(es) per (workload, backend), backends taking turns`,
    '(matmul: both kernels alternating in one process);',
    `medians of all timed steps after warm-up, ±IQR/median as the noise. Times are ${CLOCKS[options.clock]}.`,
    `Load average ${loadBefore} before, ${load()} after; ${minutes.toFixed(1)} min.`,
    'Ratios are tfjs ms / gradlab ms (above 1: gradlab is faster).',
    pytorchHeader(torch),
  ].join('\n');
  process.stdout.write(renderReport(header, rows, judgeTargets(rows), torch !== null));
}
