/**
 * Measures a training run's peak memory for src/training/config/memory.test.ts, in a fresh process started with
 * --expose-gc --max-semi-space-size=1 (a small young generation, so garbage not yet collected does
 * not count as need): the peak resident size during 3 steps and the evaluation, minus the resident
 * size before the data was built. Prints {"peakBytes", "estimateBytes"}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { checkConfig, estimateConfigMemory } from '../../src/training/config';
import { buildDataset } from '../../src/training/datasets';
import { runTraining } from '../../src/training/trainer';
async function main() {
  const g = (globalThis as { gc?: () => void }).gc!;
  const text = readFileSync(process.argv[2], 'utf8');
  const r = checkConfig(text, { memoryLimitBytes: Infinity });
  const c = r.config!;
  const est = estimateConfigMemory(text)!;
  g(); g();
  const rss0 = process.memoryUsage().rss;
  const packed = c.data.kind === 'mnist' ? { packedMnist: gunzipSync(readFileSync(join(__dirname, '..', '..', 'media', 'data', 'mnist-10k.bin.gz'))) } : {};
  const ds = buildDataset(c.data, c.seed, packed);
  await runTraining({ config: c, dataset: ds, maxSteps: 3, onRecord: () => undefined });
  const peak = process.resourceUsage().maxRSS * 1024 - rss0;
  console.log(JSON.stringify({ peakBytes: peak, estimateBytes: est.totalBytes }));
}
void main();
