/**
 * The engine in Node and in a Chromium web worker, in one run: the WebAssembly SIMD peak (f64x2, f32x4) and W1, W2,
 * W4 as `npm run bench` builds them (float64), the two runtimes taking turns item by item, wall-clock medians; each
 * workload also against its matrix-product bound from the same runtime's f64x2 peak. The page's worker is what the
 * panels compute in (the depth explorer, the loss landscape); Node is the CLI and the training worker thread.
 *
 *   npx tsx bench/engineRuntimes/main.ts [--quick] [--rounds N]     (Chromium: scripts/ensure-code-server.mjs)
 */
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { launchChromium, runCleanups } from '../../scripts/code-server.mjs';
import type { Timing } from '../job';
import { median } from '../stats';
import { PEAK_FLOP_PER_ITERATION, PEAK_ITERATIONS, peakModuleBytes } from '../workloads/peak';
import { W2_DEPTH, gemmFlop } from '../workloads/spec';
import { ENGINE_ITEMS, measureWall, type EngineItem } from './measureWall';
import { engineSteps } from './steps';

const quick = process.argv.includes('--quick');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : quick ? 1 : 3;
const timing: Timing = quick
  ? { warmupSteps: 1, warmupMs: 0, minSteps: 3, maxSteps: 3, budgetMs: 0 }
  : { warmupSteps: 5, warmupMs: 300, minSteps: 10, maxSteps: 400, budgetMs: 1500 };

/** Starts the bundled worker in a blank page and hands it the peak module. */
async function startWorker(page: Page, peakBytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const { build } = await import('esbuild');
  const bundle = await build({
    entryPoints: [join(__dirname, 'worker.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false,
    external: ['wabt'], // only peakModuleBytes imports it, and only Node calls that
  });
  await page.evaluate(([code, bytes]) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    (globalThis as unknown as { benchWorker: Worker }).benchWorker = worker;
    worker.onmessage = (e: MessageEvent<{ ready?: boolean; error?: string }>) => (e.data.ready ? resolve() : reject(new Error(e.data.error)));
    worker.postMessage({ peakBytes: new Uint8Array(bytes) });
  }), [bundle.outputFiles[0].text, Array.from(peakBytes)] as const);
}

function inWorker(page: Page, item: EngineItem): Promise<number[]> {
  return page.evaluate(([it, t]) => new Promise<number[]>((resolve, reject) => {
    const worker = (globalThis as unknown as { benchWorker: Worker }).benchWorker;
    worker.onmessage = (e: MessageEvent<{ ms?: number[]; error?: string }>) => (e.data.ms ? resolve(e.data.ms) : reject(new Error(e.data.error)));
    worker.postMessage({ item: it, timing: t });
  }), [item, timing] as const);
}

async function main(): Promise<void> {
  const peakBytes = await peakModuleBytes();
  const nodeSteps = engineSteps(peakBytes);
  const browser = await launchChromium();
  const page = await browser.newPage();
  await startWorker(page, peakBytes);
  const version = browser.version();
  const samples: Record<'node' | 'chromium', Map<EngineItem, number[]>> = { node: new Map(), chromium: new Map() };
  const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ');
  for (let r = 0; r < rounds; r++) {
    for (const item of ENGINE_ITEMS) {
      for (const runtime of r % 2 === 0 ? ['node', 'chromium'] as const : ['chromium', 'node'] as const) {
        const ms = runtime === 'node' ? measureWall(nodeSteps(item), timing) : await inWorker(page, item);
        samples[runtime].set(item, [...(samples[runtime].get(item) ?? []), ...ms]);
        process.stderr.write(`[round ${r + 1}/${rounds}] ${item} ${runtime}: median ${median(ms).toFixed(3)} ms (${ms.length} steps)\n`);
      }
    }
  }
  await browser.close();
  const m = (runtime: 'node' | 'chromium', item: EngineItem) => median(samples[runtime].get(item)!);
  const gflops = (runtime: 'node' | 'chromium', kind: 'f64x2' | 'f32x4') => (PEAK_FLOP_PER_ITERATION[kind] * PEAK_ITERATIONS) / (m(runtime, kind) * 1e6);
  const lines = [
    `Engine in Node ${process.version} and in a web worker of headless Chromium ${version}; ${cpus()[0]?.model}, ${cpus().length} logical CPUs.`,
    `${rounds} round(s), the runtimes taking turns item by item; wall-clock medians of every timed step. Load average ${loadBefore} before, ` +
      `${loadavg().map((l) => l.toFixed(1)).join(' ')} after.${quick ? ' --quick: smoke test, figures not meaningful.' : ''}`,
    '',
    '| item | Node | Chromium worker | Chromium / Node |',
    '| --- | --- | --- | --- |',
  ];
  for (const kind of ['f64x2', 'f32x4'] as const) {
    lines.push(`| SIMD peak ${kind} | ${gflops('node', kind).toFixed(1)} GFLOP/s | ${gflops('chromium', kind).toFixed(1)} GFLOP/s | ${(gflops('chromium', kind) / gflops('node', kind)).toFixed(2)} |`);
  }
  for (const item of ['W1', 'W2', 'W4'] as const) {
    const flop = gemmFlop(item, W2_DEPTH)!;
    const cell = (runtime: 'node' | 'chromium') => {
      const bound = flop / (gflops(runtime, 'f64x2') * 1e6);
      return `${m(runtime, item).toFixed(3)} ms (${(m(runtime, item) / bound).toFixed(2)}× its bound ${bound.toFixed(3)} ms)`;
    };
    lines.push(`| ${item} | ${cell('node')} | ${cell('chromium')} | ${(m('chromium', item) / m('node', item)).toFixed(2)} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().then(() => runCleanups(), async (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await runCleanups();
  process.exit(1);
});
