/**
 * The depth explorer's "train with and without clipping" comparison (src/analysis/depth/training.ts), reported
 * (never asserted in a test): the whole run at the default settings and at depth 100, in Node and, with --chromium,
 * in a headless Chromium page, where the panel's worker runs it and where a fresh array costs page faults.
 *   npx tsx bench/depth/trainingComparison.ts [--chromium]
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { DEFAULT_DEPTH_SETTINGS, DEFAULT_TRAINING_SETTINGS } from '../../src/analysis/depth/settings';
import { run } from './trainingComparisonRun';

const DEPTHS = [DEFAULT_DEPTH_SETTINGS.depth, 100];

async function inChromium(): Promise<Record<number, number[]>> {
  const { build } = await import('esbuild');
  const { chromium } = await import('playwright-core');
  const bundle = await build({
    stdin: {
      contents: `import { run } from ${JSON.stringify(join(__dirname, 'trainingComparisonRun.ts'))}; (globalThis as any).run = run;`,
      loader: 'ts', resolveDir: __dirname,
    },
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false,
  });
  const browser = await chromium.launch({ executablePath: process.env.GRADLAB_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const out: Record<number, number[]> = {};
    for (const depth of DEPTHS) out[depth] = await page.evaluate((d) => [0, 1].map(() => (globalThis as unknown as { run: (d: number) => number }).run(d)), depth);
    return out;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  console.log(`clipping training comparison (${DEFAULT_TRAINING_SETTINGS.steps} steps, two runs), load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const depth of DEPTHS) console.log(`  Node, depth ${depth}: ${[0, 1].map(() => run(depth).toFixed(0)).join(', ')} ms`);
  if (process.argv.includes('--chromium')) {
    const chromiumMs = await inChromium();
    for (const depth of DEPTHS) console.log(`  Chromium page, depth ${depth}: ${chromiumMs[depth].map((ms) => ms.toFixed(0)).join(', ')} ms`);
  }
}

void main();
