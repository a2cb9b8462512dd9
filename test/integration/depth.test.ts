// Explore Gradient Depth inside the real extension host. The page computes in its own web worker; the host asks it,
// over the typed protocol, what it shows. Those numbers must equal the pure analysis run here in the extension host
// and the CLI (`gradlab depth --json`) for the same settings and seed. Also: one panel, live depth changes, bad
// input, overflow, presets, sweep, the clipping training run, state across hide/show, and the recompute+redraw timing.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzeDepth } from '../../src/analysis/depth/analysis';
import { toDepthReport, type DepthReport } from '../../src/analysis/depth/report';
import { DEFAULT_DEPTH_SETTINGS, type DepthSettings } from '../../src/analysis/depth/settings';
import type { GradientLabApi } from '../../src/extension/extension';
import { until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';
const COMMAND = 'gradientLab.exploreDepth';
type DepthApi = GradientLabApi['depth'];

let api: DepthApi;
let extensionPath: string;

/** Every field given, so the page's earlier state cannot leak into a comparison. */
const small: DepthSettings = {
  ...DEFAULT_DEPTH_SETTINGS,
  activation: 'tanh', init: 'xavier_normal', gain: 1, depth: 12, width: 16, batchSize: 8, seed: 4,
  batchNorm: false, residual: false, biasStd: 0, input: 'normal', clip: 'none',
};

/**
 * The page computes in the browser's JavaScript engine, the CLI and this test in Node's. Here (code-server driven by
 * Debian's Chromium) the two V8s' Math.exp differs in the last bit for some inputs, so numbers are
 * compared to 1e-9 relative; everything else (indices, nulls, regime, settings) must be identical. In desktop VS Code
 * both sides are Electron's V8 and the numbers are bitwise equal.
 */
const RTOL = 1e-9;

function assertSame(actual: unknown, expected: unknown, path = 'report'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    // Norm clipping's angle is 0 up to rounding (about 1e-14 degrees): there only an absolute tolerance makes sense.
    const atol = path.endsWith('angle_degrees') ? 1e-9 : 0;
    assert.ok(actual === expected || Math.abs(actual - expected) <= RTOL * Math.abs(expected) + atol, `${path}: ${actual} vs ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: length ${(actual as unknown[])?.length} vs ${expected.length}`);
    expected.forEach((e, i) => assertSame((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: ${JSON.stringify(actual)}`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const [k, v] of Object.entries(expected)) assertSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

/** What the pure analysis reports for these settings, as JSON would carry it. */
function expected(settings: Partial<DepthSettings>): DepthReport {
  return JSON.parse(JSON.stringify(toDepthReport(analyzeDepth(settings)))) as DepthReport;
}

/** `gradlab depth --json` from the built CLI. */
function cli(args: string[]): DepthReport {
  return JSON.parse(execFileSync(process.execPath, [join(extensionPath, 'dist', 'cli.js'), 'depth', ...args, '--json'], { encoding: 'utf8' })) as DepthReport;
}

function depthTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gradientLab.depthPanel'));
}

const eventually = (what: string, probe: () => boolean, timeoutMs = 10_000) =>
  until(what, probe, { timeoutMs, intervalMs: 50 });

describe('Explore Gradient Depth (integration)', function () {
  this.timeout(300_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<GradientLabApi>(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    extensionPath = ext.extensionPath;
    api = (await ext.activate()).depth;
  });

  after(() => api.close());

  it('the command opens one panel, and running it again reveals it', async () => {
    await vscode.commands.executeCommand(COMMAND);
    await api.open();
    assert.equal(api.isOpen(), true);
    await eventually('one depth tab', () => depthTabs().length === 1);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await eventually('the untitled editor in front', () => depthTabs().length === 1 && !depthTabs()[0].isActive);
    await vscode.commands.executeCommand(COMMAND);
    await eventually('the panel revealed', () => depthTabs().length === 1 && depthTabs()[0].isActive);
  });

  it('shows exactly the numbers of the pure analysis and of the CLI for the same settings and seed', async () => {
    const snap = await api.applySettings(small);
    assert.equal(snap.error, null);
    const pure = expected(small);
    assertSame(snap.report, pure, 'webview vs extension host');
    const fromCli = cli(['--activation', 'tanh', '--init', 'xavier', '--depth', '12', '--width', '16', '--batch', '8', '--seed', '4']);
    assertSame(snap.report, fromCli, 'webview vs CLI');
    // What is drawn is what the page reports.
    assert.deepEqual(snap.chart!.layers, snap.report!.layers.map((l) => l.index));
    assert.deepEqual(snap.chart!.gradNorm, snap.report!.layers.map((l) => l.grad_norm));
    assert.deepEqual(snap.chart!.weightGradNorm, snap.report!.layers.map((l) => l.weight_grad_norm));
    assert.deepEqual(snap.chart!.theory, snap.report!.layers.map((l) => l.theory_grad_norm));
    assert.equal(snap.summary.regime !== undefined && snap.summary.chi !== undefined, true, JSON.stringify(snap.summary));
  });

  it('the charts follow gradientLab.chartFontSize live, and the editor font size when it is 0', async () => {
    const config = vscode.workspace.getConfiguration('gradientLab');
    const editorSize = vscode.workspace.getConfiguration('editor').get<number>('fontSize', 14);
    try {
      await config.update('chartFontSize', 26, vscode.ConfigurationTarget.Global);
      await until('the page to draw with 26 px text', async () => ((await api.snapshot()).chartFontSize === 26 ? true : undefined), { timeoutMs: 10_000, intervalMs: 200 });
    } finally {
      await config.update('chartFontSize', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('the page back on the editor font size', async () => ((await api.snapshot()).chartFontSize === editorSize ? true : undefined), { timeoutMs: 10_000, intervalMs: 200 });
  });

  it('changing the depth redraws with that many layers, still equal to the CLI', async () => {
    for (const depth of [30, 3, 57]) {
      const snap = await api.applySettings({ depth });
      assert.equal(snap.chart!.layers.length, depth);
      const fromCli = cli(['--activation', 'tanh', '--init', 'xavier', '--depth', String(depth), '--width', '16', '--batch', '8', '--seed', '4']);
      assertSame(snap.report, fromCli, `depth ${depth}`);
    }
  });

  it('agrees with the CLI for batch norm, residual, a custom expression and clipping too', async () => {
    const cases: Array<[Partial<DepthSettings>, string[]]> = [
      [{ ...small, batchNorm: true, activation: 'sigmoid' }, ['--batchnorm', '--activation', 'sigmoid']],
      [{ ...small, residual: true, activation: 'relu', init: 'kaiming_normal' }, ['--residual', '--activation', 'relu', '--init', 'he']],
      [{ ...small, activation: 'custom', expression: 'x / (1 + abs(x))' }, ['--activation', 'x / (1 + abs(x))']],
      [{ ...small, clip: 'norm', clipNorm: 0.01 }, ['--clip-norm', '0.01']],
    ];
    for (const [settings, args] of cases) {
      const snap = await api.applySettings(settings);
      const fromCli = cli(['--depth', '12', '--width', '16', '--batch', '8', '--seed', '4', ...args]);
      assertSame(snap.report, fromCli, args.join(' '));
    }
  });

  it('an invalid custom expression shows an inline error and keeps the last chart', async () => {
    const good = await api.applySettings({ ...small, activation: 'tanh' });
    const bad = await api.applySettings({ activation: 'custom', expression: 'x * (' });
    assert.ok(bad.error && /expected|Unexpected/i.test(bad.error), `error: ${bad.error}`);
    assert.deepEqual(bad.report, good.report, 'the last good analysis stays on screen');
    const fixed = await api.applySettings({ activation: 'tanh' });
    assert.equal(fixed.error, null);
  });

  it('an overflowing network says where, draws the finite part and does not freeze', async () => {
    const snap = await api.applySettings({ activation: 'identity', init: 'normal', weightStd: 5, gain: 1, depth: 200, width: 64, batchSize: 4, clip: 'none' });
    const k = snap.report!.overflow!.forward_layer!;
    assert.ok(k > 100 && k < 200, `overflow at ${k}`);
    assert.match(snap.summary.overflow ?? '', new RegExp(`\\b${k}\\b`));
    assert.ok(snap.chart!.theory.some((v) => v !== null), 'the theory still has finite points to draw');
    const after = await api.applySettings({ ...small });
    assert.equal(after.report!.overflow, null, 'the panel recovers');
  });

  it('the presets tell their stories', async () => {
    const vanish = await api.applyPreset('sigmoid-vanishes');
    assert.equal(vanish.report!.regime, 'ordered');
    const layers = vanish.report!.layers;
    assert.ok(layers[0].grad_norm! / layers[layers.length - 1].grad_norm! < 1e-12);
    const critical = await api.applyPreset('relu-he-critical');
    assert.equal(critical.report!.regime, 'critical');
    const explode = await api.applyPreset('large-init-explodes');
    assert.equal(explode.report!.regime, 'chaotic');
  });

  it('runs a depth sweep in the worker with a fitted per-layer factor beside the theory', async () => {
    await api.applySettings({ ...small, activation: 'relu', init: 'xavier_normal', depth: 16, width: 32, batchSize: 16 });
    const sweep = await api.runSweep();
    const relu = sweep.series.find((s) => s.activation === 'relu')!;
    assert.ok(relu.fitted_rate !== null && relu.theory_rate !== null);
    assert.ok(Math.abs(relu.theory_rate! - Math.SQRT1_2) < 0.01, `theory ${relu.theory_rate}`);
    assert.ok(Math.abs(relu.fitted_rate! - relu.theory_rate!) < 0.1, `fitted ${relu.fitted_rate}`);
  });

  it('the clipping training run: without clipping it diverges, with clipping it trains', async () => {
    await api.applyPreset('clipping-rescues');
    const run = await api.runTraining();
    assert.notEqual(run.unclipped.diverged_at, null);
    assert.equal(run.clipped.diverged_at, null);
    assert.ok(run.clipped.clip_events.length > 0);
  });

  it('keeps its settings when the page is hidden and shown again', async () => {
    const before = await api.applySettings({ ...small, depth: 9, seed: 11 });
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await eventually('the panel hidden', () => depthTabs().length === 1 && !depthTabs()[0].isActive);
    await vscode.commands.executeCommand(COMMAND);
    await eventually('the panel shown', () => depthTabs().length === 1 && depthTabs()[0].isActive);
    const after = await api.snapshot();
    assert.equal(after.settings.depth, 9);
    assert.equal(after.settings.seed, 11);
    assert.deepEqual(after.report, before.report);
  });

  /** Steps per measurement: a drag is many steps, and the first few run while the engine is still being compiled. */
  const RUNS = 30;
  /** Steps left out of the steady-state median (measured: about ten steps before a fresh drag reaches its pace). */
  const WARMING_STEPS = 10;
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const benchmarks = [
    ['seed', 'exact', 100], ['depth', 'exact', 100], ['seed', 'preview', 100], ['depth', 'preview', 100],
    ['seed', 'preview', 200], ['depth', 'preview', 200],
  ] as const;
  for (const [change, precision, depth] of benchmarks) {
    it(`measures recompute + redraw for depth ${depth}, width 64, batch 64 when the ${change} changes, ${precision} (reported, not asserted)`, async () => {
      const bench = await api.benchmark({ ...small, depth, width: 64, batchSize: 64, activation: 'tanh', init: 'xavier_normal' }, RUNS, change, precision);
      assert.equal(bench.totalMs.length, RUNS); // how many steps were measured (a count; no time is asserted)
      // A drag previews in float32 with the WebAssembly SIMD kernels inside VS Code's webview worker.
      assert.equal(bench.precision, precision === 'preview' ? 'float32' : 'float64');
      assert.ok(bench.medianTotalMs > 0 && Number.isFinite(bench.medianTotalMs));
      // The page's CSP allows WebAssembly compilation ('wasm-unsafe-eval'), so the worker runs the engine's kernels.
      assert.equal(bench.kernels, 'webassembly');
      const out = join(extensionPath, 'artifacts', 'perf');
      mkdirSync(out, { recursive: true });
      // The first steps of a fresh drag run while V8 is still optimizing the code; the later ones are the drag's pace.
      const steady = { afterSteps: WARMING_STEPS, medianTotalMs: median(bench.totalMs.slice(WARMING_STEPS)), medianComputeMs: median(bench.computeMs.slice(WARMING_STEPS)) };
      writeFileSync(join(out, `depth-webview-${depth === 100 ? '' : `${depth}-`}${change}-${precision}.json`), JSON.stringify({ when: new Date().toISOString(), ...bench, steady }, null, 2));
      console.log(`[depth] recompute+redraw depth ${depth} width 64 batch 64, ${change} step, ${bench.precision}: median ${bench.medianTotalMs.toFixed(1)} ms ` +
        `(compute ${bench.medianComputeMs.toFixed(1)} ms in the worker with ${bench.kernels} kernels, draw ${bench.medianDrawMs.toFixed(1)} ms); ` +
        `after the first ${WARMING_STEPS} steps ${steady.medianTotalMs.toFixed(1)} ms (compute ${steady.medianComputeMs.toFixed(1)} ms)`);
    });
  }
});
