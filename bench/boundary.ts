/**
 * The training panel's decision boundary, reported (never asserted in a test): for each 2-D example, the grid the
 * training worker computes at most every BOUNDARY_MS (100×100 class probabilities, one forward pass without
 * autograd), timed in CPU milliseconds of this process after 20 training steps. The panel shows
 * min(1000 / BOUNDARY_MS, 1000 / grid ms) boundaries per second while it trains, less the steps' own time.
 *
 *   npx tsx bench/boundary.ts [runs=30]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { checkConfig } from '../src/training/config';
import { buildDataset } from '../src/training/datasets';
import { engineHead, runTraining, type Trainer } from '../src/training/trainer';
import { boundaryExtent, boundaryGrid, scatterData } from '../src/training/trainer/boundary';
import { BOUNDARY_MS } from '../src/worker/training/runner';
import { median } from './stats';

const runs = Number(process.argv[2] ?? 30);

function cpuMs(f: () => unknown): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

async function main(): Promise<void> {
  console.log(`decision boundary 100×100, CPU ms per grid (median of ${runs}), load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const name of ['xor', 'moons', 'circles', 'gaussians', 'spiral']) {
    const file = join(__dirname, '..', 'examples', `${name}.gradlab.json`);
    const checked = checkConfig(readFileSync(file, 'utf8'));
    if (!checked.config) throw new Error(`${name}: the example does not check`);
    const config = checked.config;
    const dataset = buildDataset(config.data, config.seed, {});
    let trainer: Trainer | undefined;
    await runTraining({ config, dataset, maxSteps: 20, onStart: (t) => (trainer = t), onRecord: () => undefined });
    const extent = boundaryExtent(scatterData(dataset));
    const grid = () => boundaryGrid(trainer!.model, dataset.classes, engineHead(config), extent, 20);
    for (let i = 0; i < 5; i++) grid(); // warm the JIT
    const times = Array.from({ length: runs }, () => cpuMs(grid));
    const ms = median(times);
    const layers = config.model.widths.join('-');
    console.log(`  ${name.padEnd(10)} ${layers.padEnd(14)} ${ms.toFixed(1).padStart(6)} ms   ≤ ${Math.min(1000 / BOUNDARY_MS, 1000 / ms).toFixed(1)} boundaries/s`);
  }
}

void main();
