/**
 * Loss-landscape speed, reported (never asserted in a test):
 *   1. a contour redraw of each built-in surface on the panel's 200×200 grid — f on the grid, the
 *      bands and the RGBA paint (the canvas blit is measured in the page by the integration test);
 *   2. the network slice of the deep example (deep-relu-clipped.gradlab.json) at 41×41: training,
 *      then 1681 losses, as the panel's worker runs it: in a Node worker thread, and with --chromium
 *      also in the panel's own web worker (src/webview/workers/landscape.ts) in headless Chromium,
 *      where allocation-heavy code runs several times slower than in Node.
 * Run from the repository root: npx tsx bench/landscape.ts [--quick] [--chromium]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker as ThreadWorker, workerData } from 'node:worker_threads';
import { bands, contourLevels } from '../src/landscape/contours';
import { evaluateGrid } from '../src/landscape/calculus';
import type { NetworkSliceRequest } from '../src/landscape/networkSlice';
import { computeNetworkSlice } from '../src/landscape/networkSliceCompute';
import type { FromLandscapeWorker, ToLandscapeWorker } from '../src/protocol';
import { bandPalette, paintBands } from '../src/landscape/raster';
import { resolveSurface, SURFACE_NAMES } from '../src/landscape/surfaces';

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

interface SliceFigures { ms: number; trainMs: number; gridMs: number; steps: number; samples: number; parameters: number }

const SLICE_CONFIG = join(__dirname, '..', 'examples', 'deep-relu-clipped.gradlab.json');
const sliceRequest = (): NetworkSliceRequest => ({
  configText: readFileSync(SLICE_CONFIG, 'utf8'), configPath: SLICE_CONFIG, basis: 'random', gridSize: 41, span: 1, samples: 128, maxSteps: 100_000,
});

async function slice(): Promise<SliceFigures> {
  const t0 = performance.now();
  const r = await computeNetworkSlice(sliceRequest(), {}, () => undefined, () => false);
  return { ms: performance.now() - t0, trainMs: r.trainMs, gridMs: r.gridMs, steps: r.steps, samples: r.samples, parameters: r.parameterCount };
}

/** The slice in the panel's web worker, bundled as the build bundles it, in headless Chromium. */
async function sliceInChromium(): Promise<{ ms: number; trainMs: number; gridMs: number }> {
  const { build } = await import('esbuild');
  const { chromium } = await import('playwright-core');
  const bundle = await build({
    entryPoints: [join(__dirname, '..', 'src', 'webview', 'workers', 'landscape.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false,
  });
  const browser = await chromium.launch({ executablePath: process.env.GRADLAB_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    return await page.evaluate(([code, request]) => new Promise<{ ms: number; trainMs: number; gridMs: number }>((resolve, reject) => {
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      worker.onmessage = (e: MessageEvent<FromLandscapeWorker>) => {
        if (e.data.type === 'result') resolve({ ms: e.data.computeMs, trainMs: e.data.result.trainMs, gridMs: e.data.result.gridMs });
        else if (e.data.type === 'failed') reject(new Error(e.data.message));
      };
      worker.postMessage({ type: 'slice', jobId: 1, request } satisfies ToLandscapeWorker);
    }), [bundle.outputFiles[0].text, sliceRequest()] as const);
  } finally {
    await browser.close();
  }
}

if (!isMainThread) {
  void slice().then((r) => parentPort!.postMessage(r));
} else {
  const runs = process.argv.includes('--quick') ? 5 : 30;
  const rgba = new Uint8ClampedArray(200 * 200 * 4);
  const out = new Int16Array(200 * 200);
  const values = new Float64Array(200 * 200); // reused, as the panel's plane does
  for (const name of [...SURFACE_NAMES, 'custom'] as const) {
    const r = resolveSurface(name === 'custom' ? { kind: 'expression', source: 'sin(x) * cos(y) + 0.1 * (x^2 + y^2)' } : { kind: 'builtin', name });
    if (!r.ok) throw new Error(r.error.message);
    const times: number[] = [];
    const gridTimes: number[] = [];
    for (let i = -10; i < runs; i++) { // the first 10 warm the JIT up and are not timed
      const v = r.surface.view, dx = (v.xMax - v.xMin) * 0.01 * i;
      const t0 = performance.now();
      const grid = evaluateGrid(r.surface, { ...v, xMin: v.xMin + dx, xMax: v.xMax + dx }, 200, 200, values);
      const t1 = performance.now();
      const levels = contourLevels(grid.values, 16);
      bands(grid.values, levels.levels, out);
      paintBands(out, 200, 200, bandPalette(16), rgba);
      if (i >= 0) {
        times.push(performance.now() - t0);
        gridTimes.push(t1 - t0);
      }
    }
    console.log(`contours 200×200 ${name.padEnd(10)} median ${median(times).toFixed(2)} ms (f on the grid ${median(gridTimes).toFixed(2)} ms), ` +
      `max ${Math.max(...times).toFixed(2)} ms over ${runs} redraws`);
  }
  // The worker loads this file again through tsx's require hook (a .ts file needs it in every thread).
  const worker = new ThreadWorker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: {} });
  const seconds = (r: { ms: number; trainMs: number; gridMs: number }) =>
    `${(r.ms / 1000).toFixed(2)} s (training ${(r.trainMs / 1000).toFixed(2)} s, grid ${(r.gridMs / 1000).toFixed(2)} s)`;
  worker.once('message', (r: SliceFigures) => {
    console.log(`network slice 41×41, deep-relu-clipped (${r.parameters} parameters, ${r.steps} training steps, loss over ${r.samples} samples) in a worker thread: ${seconds(r)}`);
    void worker.terminate().then(async () => {
      if (process.argv.includes('--chromium')) console.log(`the same in the panel's web worker in headless Chromium: ${seconds(await sliceInChromium())}`);
    });
  });
  void workerData;
}
