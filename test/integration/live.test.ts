// Live training inside the real VS Code: start an example, the Gradients view receives metrics; save an edit, the
// run restarts with the new config; an invalid edit shows diagnostics and keeps the old run; 20 saves in a second
// end in one run of the last valid text; a diverging run raises its alert and stops; and opening and closing
// files, view and panel 50 times leaves no worker, timer or listener behind. Figures go to
// artifacts/figures/live.json (save-to-chart latency, extension-host event-loop delay, steps/s per example).
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { GradientLabApi } from '../../src/extension/extension';

type Live = GradientLabApi['training'];
const EXTENSION_ID = 'gradient-lab.gradient-lab';

let live: Live;
let folder: vscode.Uri;
const figures: Record<string, unknown> = {};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
    await sleep(20);
  }
}

function uri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(folder, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(name)), { preview: false });
}

/** Replaces the whole text of the editor's document (as typing would) without saving. */
async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const d = editor.document;
  const ok = await editor.edit((e) => e.replace(new vscode.Range(d.positionAt(0), d.positionAt(d.getText().length)), text));
  assert.ok(ok, 'the edit was not applied');
}

function withLr(text: string, lr: number): string {
  const next = text.replace(/"lr":\s*[-+0-9.eE]+/, `"lr": ${lr}`);
  assert.notEqual(next, text, 'the config has no "lr" to change');
  return next;
}

async function viewShows(runId: number, minPoints = 1) {
  return until(`the Gradients view to draw run ${runId}`, async () => {
    const d = await live.describeView();
    return d && d.runId === runId && d.points >= minPoints && d.charts.layers && d.charts.heatmap ? d : undefined;
  });
}

async function settled(): Promise<void> {
  await until('training to stop', () => !['starting', 'running'].includes(live.current().status), 120_000);
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('live training', function () {
  this.timeout(240_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<GradientLabApi>(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    live = (await ext.activate()).training;
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    await vscode.workspace.getConfiguration('gradientLab.liveRetrain').update('debounceMs', 300, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('gradientLab.stopTraining');
    await closeAll();
    const out = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'artifacts', 'figures');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'live.json'), JSON.stringify(figures, null, 2));
  });

  it('starts an example and the Gradients view receives its metrics', async () => {
    await open('mnist-softmax.gradlab.json');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const runId = (await vscode.commands.executeCommand<number>('gradientLab.startTraining'))!;
    assert.ok(runId > 0, 'Start Training returned no run id');
    await vscode.commands.executeCommand('gradientLab.openGradientsView');
    const d = await viewShows(runId);
    assert.equal(d.layers, 1);
    assert.ok(d.charts.loss && d.charts.global, `charts drawn: ${JSON.stringify(d.charts)}`);
    await settled();
    delay.disable();
    const snapshot = live.snapshot();
    assert.equal(snapshot.status, 'completed', snapshot.error);
    figures.eventLoopDelayDuringMnistRunMs = { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6, mean: delay.mean / 1e6 };
    assert.ok(delay.percentile(99) / 1e6 < 50, `event loop p99 ${delay.percentile(99) / 1e6} ms`);
    const final = await viewShows(runId, snapshot.history.points.length);
    assert.equal(final.lastStep, snapshot.lastStep, 'the view shows the last step');
    assert.equal(final.status, 'completed');
  });

  it('restarts with the new config when an edit is saved', async () => {
    const editor = await open('mnist-softmax.gradlab.json');
    const before = live.current();
    const oldNorms = live.snapshot().history.points[40]!.layerNorms;
    await setText(editor, withLr(editor.document.getText(), 0.05));
    const savedAt = Date.now();
    await editor.document.save();
    const runId = await until('a new run', () => (live.current().runId ?? 0) > before.runId! && live.current().runId);
    assert.match(live.current().configText ?? '', /"lr": 0\.05/);
    const drawn = await until('the first chart of the new run', async () => (await live.describeView())?.firstDrawnAt);
    figures.saveToFirstChartMs = drawn - savedAt;
    await settled();
    const newNorms = live.snapshot().history.points[40]!.layerNorms;
    assert.notDeepEqual(newNorms, oldNorms, 'the gradients after 40 steps should differ with another learning rate');
    await viewShows(runId!, live.snapshot().history.points.length);
  });

  it('keeps the last good run and shows diagnostics when the saved config is invalid', async () => {
    const editor = await open('mnist-softmax.gradlab.json');
    const before = live.current();
    const requested = live.runsRequested();
    await setText(editor, withLr(editor.document.getText(), -1));
    await editor.document.save();
    const diagnostics = await until('diagnostics for the negative learning rate', () => {
      const all = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return all.length > 0 && all;
    });
    assert.ok(diagnostics.some((d) => /lr|learning rate/i.test(d.message)), diagnostics.map((d) => d.message).join('; '));
    await sleep(800); // longer than the debounce: nothing may start late either
    assert.equal(live.runsRequested(), requested, 'an invalid config must not start a run');
    assert.equal(live.current().runId, before.runId);
    const d = await live.describeView();
    assert.equal(d?.runId, before.runId, 'the view still shows the last good run');
    assert.ok((d?.points ?? 0) > 0);
  });

  it('turns 20 saves in a second into exactly one run of the last valid text', async () => {
    const editor = await open('mnist-softmax.gradlab.json');
    const requested = live.runsRequested();
    let lastValid = '';
    for (let i = 1; i <= 20; i++) {
      const valid = i % 5 !== 0 || i === 20;
      const text = valid ? withLr(editor.document.getText(), 0.01 * i) : editor.document.getText().replace('"epochs"', '"epochs" "broken"');
      if (valid) lastValid = text;
      await setText(editor, text);
      await editor.document.save();
      await sleep(30);
    }
    await until('the trailing restart', () => live.current().configText === lastValid, 5_000);
    await sleep(800);
    assert.equal(live.current().configText, lastValid, 'the run is of the last valid text');
    assert.ok(['starting', 'running', 'completed'].includes(live.current().status));
    const runs = live.runsRequested() - requested;
    assert.ok(runs >= 1 && runs <= 2, `${runs} runs were started for 20 saves`);
    assert.ok(live.resources().workers <= 1, `workers: ${live.resources().workers}`);
    figures.runsFor20Saves = runs;
    await settled();
  });

  it('shows the alert of a diverging run, stops it, and starts the next valid edit cleanly', async () => {
    const editor = await open('deep-relu-exploding.gradlab.json');
    const original = editor.document.getText();
    const runId = (await vscode.commands.executeCommand<number>('gradientLab.startTraining'))!;
    await settled();
    assert.equal(live.current().runId, runId);
    assert.equal(live.current().status, 'diverged');
    const view = await until('the view to show the alert', async () => {
      const d = await live.describeView();
      return d?.runId === runId && d.alerts.includes('nonFinite') && d;
    });
    assert.equal(view.status, 'diverged');
    assert.equal(live.resources().workers <= 1, true);
    await setText(editor, original.replace('"steps": 600', '"steps": 60').replace('"gain": 1.3', '"gain": 1.0'));
    await editor.document.save();
    const next = await until('a clean run after the fix', () => (live.current().runId ?? 0) > runId && live.current().runId);
    const d = await viewShows(next!);
    assert.deepEqual(d.alerts.filter((a) => a === 'nonFinite'), [], 'the new run starts without the old alert');
    await settled();
    assert.equal(live.current().status, 'completed');
    await setText(editor, original);
    await editor.document.save();
    await vscode.commands.executeCommand('gradientLab.stopTraining');
  });

  it('leaves no worker, timer or listener after opening and closing files, view and panel 50 times', async () => {
    await closeAll();
    await vscode.commands.executeCommand('gradientLab.stopTraining');
    const cycle = async () => {
      await open('deep-sigmoid-vanishing.gradlab.json');
      await vscode.commands.executeCommand('gradientLab.startTraining');
      await vscode.commands.executeCommand('gradientLab.openGradientsView');
      await vscode.commands.executeCommand('gradientLab.openTrainingPanel');
      await open('moons.gradlab.json'); // switch files while training
      live.closePanel();
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await closeAll(); // closing the trained file stops its run
    };
    await cycle();
    await until('the warm-up cycle to release everything', () => live.resources().workers === 0 && live.resources().timers === 0);
    const baseline = live.resources();
    for (let i = 0; i < 50; i++) await cycle();
    const after = await until('workers and timers to be released', () => {
      const r = live.resources();
      return r.workers === 0 && r.timers === 0 && r;
    }, 10_000);
    assert.deepEqual(after, baseline, `after 50 cycles: ${JSON.stringify(after)}, baseline ${JSON.stringify(baseline)}`);
    assert.equal(after.workers, 0);
    assert.equal(after.timers, 0);
    assert.ok(after.pages <= 1 && after.listeners <= 2, `held: ${JSON.stringify(after)}`);
    figures.resourcesAfter50Cycles = after;
  });

  it('measures steps per second of each example in the extension', async () => {
    const files = (await vscode.workspace.findFiles('*.gradlab.json')).map((f) => f.path.split('/').pop()!).sort();
    assert.ok(files.length >= 5, `examples found: ${files.join(', ')}`);
    const perExample: Record<string, unknown> = {};
    for (const name of files) {
      await open(name);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const t0 = Date.now();
      await vscode.commands.executeCommand('gradientLab.startTraining');
      await settled();
      delay.disable();
      const s = live.snapshot();
      const steps = s.summary?.steps ?? s.lastStep;
      perExample[name] = {
        status: s.status,
        steps,
        trainerSeconds: s.summary?.seconds,
        stepsPerSecond: s.summary ? Math.round(steps / s.summary.seconds) : undefined,
        wallSeconds: (Date.now() - t0) / 1000,
        eventLoopMaxMs: Math.round(delay.max / 1e4) / 100,
        eventLoopP99Ms: Math.round(delay.percentile(99) / 1e4) / 100,
        error: s.error,
      };
    }
    figures.examples = perExample;
    await closeAll();
  });
});
