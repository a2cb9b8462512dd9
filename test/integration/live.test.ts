// Live training inside the real VS Code: start an example, the Gradients view receives metrics; save an edit, the
// run restarts with the new config; an invalid edit shows diagnostics and keeps the old run; 20 saves in a second
// end in one run of the last valid text; a diverging run raises its alert and stops; and opening and closing
// files, view and panel 50 times leaves no worker, timer or listener behind. Figures go to
// artifacts/figures/live.json (save-to-chart latency, extension-host event-loop delay, steps/s per example).
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { GradientLabApi } from '../../src/extension/extension';
import { sleep, until } from './wait';

type Live = GradientLabApi['training'];
type Meters = NonNullable<Live['meters']>;
const EXTENSION_ID = 'gradient-lab.gradient-lab';

let live: Live;
let meters: Meters;
let folder: vscode.Uri;
const figures: Record<string, unknown> = {};
/** Profiler ticks (1 ms each) of our code without a break that fail the test: 4x the 50 ms goal. */
const OUR_CPU_TICKS_BUDGET = 200;


const waitFor = <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000) =>
  until(what, probe, { timeoutMs, intervalMs: 20 });

function figuresDir(): string {
  const out = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'artifacts', 'figures');
  mkdirSync(out, { recursive: true });
  return out;
}

function writeFigures(): void {
  writeFileSync(join(figuresDir(), 'live.json'), JSON.stringify(figures, null, 2));
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A sampling CPU profile of this extension host (the thread the event-loop figures are about). */
async function startProfiler(): Promise<{ stop(): Promise<CpuProfile> }> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

/**
 * Stretches where the thread ran JavaScript or native work without a break for over `minMs`: how long,
 * how much of it had our bundle (dist/extension.js) on the stack, and the busiest stack. `oursSamples`
 * counts the profiler's ticks with our bundle on the stack: a tick is taken only while the thread runs
 * (a thread waiting for a busy CPU gets one late tick, not one per millisecond waited), so at a 1 ms
 * interval it measures our CPU time, which other processes' load does not stretch as it does `ms`.
 */
function busyStretches(p: CpuProfile, minMs: number): { ms: number; oursMs: number; oursSamples: number; top: string }[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number | undefined) => {
    const frames: string[] = [];
    for (; id !== undefined; id = parent.get(id)) frames.push(`${byId.get(id)!.callFrame.functionName || '(anonymous)'}@${byId.get(id)!.callFrame.url.split('/').slice(-2).join('/')}`);
    return frames;
  };
  const out: { ms: number; oursMs: number; oursSamples: number; top: string }[] = [];
  let start = -1, t = p.startTime, ours = 0, oursSamples = 0, ids: number[] = [];
  const close = (end: number) => {
    if (start >= 0 && (end - start) / 1000 > minMs) {
      const counts = new Map<string, number>();
      for (const id of ids) {
        const key = stack(id).slice(0, 4).join(' < ');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const top = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      out.push({ ms: Math.round((end - start) / 100) / 10, oursMs: Math.round(ours / 100) / 10, oursSamples, top });
    }
    start = -1;
    ours = 0;
    oursSamples = 0;
    ids = [];
  };
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i]!;
    t += dt;
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') close(t);
    else {
      if (start < 0) start = t - dt;
      ids.push(id);
      if (stack(id).some((f) => f.includes('dist/extension.js'))) {
        ours += dt;
        oursSamples++;
      }
    }
  });
  close(t);
  return out;
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
  return waitFor(`the Gradients view to draw run ${runId}`, async () => {
    const d = await live.describeView();
    return d && d.runId === runId && d.points >= minPoints && d.charts.layers && d.charts.heatmap ? d : undefined;
  });
}

async function settled(): Promise<void> {
  await waitFor('training to stop', () => !['starting', 'running'].includes(live.current().status), 120_000);
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
    assert.ok(live.meters, 'the training meters are attached in test mode');
    meters = live.meters;
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    await vscode.workspace.getConfiguration('gradientLab.liveRetrain').update('debounceMs', 300, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('gradientLab.stopTraining');
    await closeAll();
    writeFigures();
  });

  it('starts an example and the Gradients view receives its metrics, without blocking the host', async () => {
    await open('mnist-softmax.gradlab.json');
    // The machine's own scheduling noise, for comparison: the same monitor with nothing training.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await sleep(2000);
    idle.disable();
    meters.resetHostWork();
    const profiler = await startProfiler();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // What the pages hear: one records update per batch the worker sends (its batching is the only throttle).
    let recordUpdates = 0;
    const hearing = live.onDidChange((e) => e.type === 'records' && recordUpdates++);
    const runId = (await vscode.commands.executeCommand<number>('gradientLab.startTraining'))!;
    assert.ok(runId > 0, 'Start Training returned no run id');
    await vscode.commands.executeCommand('gradientLab.openGradientsView');
    const d = await viewShows(runId);
    assert.equal(d.layers, 1);
    assert.ok(d.charts.loss && d.charts.global, `charts drawn: ${JSON.stringify(d.charts)}`);
    await settled();
    hearing.dispose();
    delay.disable();
    const profile = await profiler.stop();
    writeFileSync(join(figuresDir(), 'live-host.cpuprofile'), JSON.stringify(profile));
    // The profiler's own start/stop (inspector dispatch) is not the extension's work.
    const stalls = busyStretches(profile, 50).filter((st) => !st.top.includes('node:inspector'));
    const snapshot = live.snapshot();
    assert.equal(snapshot.status, 'completed', snapshot.error);
    const ms = (h: ReturnType<typeof monitorEventLoopDelay>) => ({ max: h.max / 1e6, p99: h.percentile(99) / 1e6, mean: h.mean / 1e6 });
    const work = meters.hostWork();
    figures.mnistRun = { eventLoopDelayMs: ms(delay), idleEventLoopDelayMs: ms(idle), hostWork: work, stallsOver50Ms: stalls, load: loadavg() };
    // Wall-clock figures (work[*].maxMs, stall ms) are reported in live.json, never asserted: a loaded
    // machine stretches them. Asserted: our own CPU time per uninterrupted stretch, in profiler ticks,
    // with a generous budget (the goal is under 50 ms; training on the host would take seconds), and
    // counts of the work done.
    const longestOurs = Math.max(0, ...stalls.map((st) => st.oursSamples));
    figures.mnistRun = { ...(figures.mnistRun as object), longestOursSamples: longestOurs };
    assert.ok(longestOurs < OUR_CPU_TICKS_BUDGET, `our code ran ${longestOurs} profiler ticks (≈ ms of CPU) without a break: ${JSON.stringify(stalls)}`);
    assert.ok((work['message:records']?.count ?? 0) > 0, 'no records were handled');
    assert.ok(work['message:records']!.count < snapshot.lastStep, 'records reach the host in batches, not one message per step');
    assert.equal(recordUpdates, work['message:records']!.count, 'each batch from the worker reaches the pages as one update, not batched again');
    assert.ok((work.validate?.count ?? 0) <= 1, `the config (checked when it was opened) was checked ${work.validate?.count} times more for one start`);
    const final = await viewShows(runId, snapshot.history.points.length);
    assert.equal(final.lastStep, snapshot.lastStep, 'the view shows the last step');
    assert.equal(final.status, 'completed');
  });

  it('restarts with the new config when an edit is saved', async () => {
    const editor = await open('mnist-softmax.gradlab.json');
    const before = live.current();
    const oldNorms = live.snapshot().history.points[40]!.layerNorms;
    meters.resetHostWork();
    await setText(editor, withLr(editor.document.getText(), 0.05));
    const savedAt = Date.now();
    await editor.document.save();
    const runId = await waitFor('a new run', () => (live.current().runId ?? 0) > before.runId! && live.current().runId);
    assert.match(live.current().configText ?? '', /"lr": 0\.05/);
    // Diagnostics, the live loop and the run share one check of the saved version; the worker parses nothing.
    assert.equal(meters.hostWork().validate?.count, 1, 'the host parsed and checked the edited, saved config once');
    const drawn = await waitFor('the first chart of the new run', async () => (await live.describeView())?.firstDrawnAt);
    figures.saveToFirstChartMs = drawn - savedAt;
    await settled();
    const newNorms = live.snapshot().history.points[40]!.layerNorms;
    assert.notDeepEqual(newNorms, oldNorms, 'the gradients after 40 steps should differ with another learning rate');
    await viewShows(runId!, live.snapshot().history.points.length);
  });

  it('keeps the last good run and shows diagnostics when the saved config is invalid', async () => {
    const editor = await open('mnist-softmax.gradlab.json');
    const before = live.current();
    const requested = meters.runsRequested();
    await setText(editor, withLr(editor.document.getText(), -1));
    await editor.document.save();
    const diagnostics = await waitFor('diagnostics for the negative learning rate', () => {
      const all = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return all.length > 0 && all;
    });
    assert.ok(diagnostics.some((d) => /lr|learning rate/i.test(d.message)), diagnostics.map((d) => d.message).join('; '));
    await sleep(800); // longer than the debounce: nothing may start late either
    assert.equal(meters.runsRequested(), requested, 'an invalid config must not start a run');
    assert.equal(live.current().runId, before.runId);
    const d = await live.describeView();
    assert.equal(d?.runId, before.runId, 'the view still shows the last good run');
    assert.ok((d?.points ?? 0) > 0);
  });

  it('turns 20 rapid saves into exactly one run of the last valid text', async () => {
    // Saves travel through the workbench here (a browser): 20 of them take longer than a second, so the pause
    // that ends a burst is raised to keep them one burst, as 20 saves in a second are on a desktop.
    const settings = vscode.workspace.getConfiguration('gradientLab.liveRetrain');
    await settings.update('debounceMs', 2000, vscode.ConfigurationTarget.Global);
    try {
      const editor = await open('mnist-softmax.gradlab.json');
      const base = editor.document.getText();
      const requested = meters.runsRequested();
      let lastValid = '';
      const t0 = Date.now();
      const savedAt: number[] = [];
      for (let i = 1; i <= 20; i++) {
        const valid = i % 5 !== 0 || i === 20;
        const text = valid ? withLr(base, 0.01 * i) : base.replace('"epochs"', '"epochs" "broken"');
        if (valid) lastValid = text;
        await setText(editor, text);
        await editor.document.save();
        savedAt.push(Date.now());
      }
      figures.twentySavesMs = Date.now() - t0;
      // A loaded machine can stretch the gap between two saves past the pause, which rightly ends a burst
      // (a run of the text so far, then the next save starts at once). Count those gaps instead of
      // assuming they never happen: each may add at most two runs; none happens on an unloaded machine.
      const pauses = savedAt.slice(1).filter((t, i) => t - savedAt[i] >= 0.8 * 2000).length;
      await waitFor('the trailing restart', () => live.current().configText === lastValid, 10_000);
      await sleep(2500); // past the pause: nothing else may start
      assert.equal(live.current().configText, lastValid, 'the run is of the last valid text');
      assert.ok(['starting', 'running', 'completed'].includes(live.current().status));
      const runs = meters.runsRequested() - requested;
      assert.ok(runs >= 1 && runs <= 2 + 2 * pauses, `${runs} runs were started for 20 saves with ${pauses} pauses between them (the first at once, the last after the pause)`);
      figures.pausesIn20Saves = pauses;
      assert.ok(meters.resources().workers <= 1, `workers: ${meters.resources().workers}`);
      figures.runsFor20Saves = runs;
      await settled();
    } finally {
      await settings.update('debounceMs', 300, vscode.ConfigurationTarget.Global);
    }
  });

  it('restarts after a pause in typing when re-training on edit is on, without a save', async () => {
    const settings = vscode.workspace.getConfiguration('gradientLab.liveRetrain');
    await settings.update('onEdit', true, vscode.ConfigurationTarget.Global);
    let editor: vscode.TextEditor | undefined;
    try {
      editor = await open('mnist-softmax.gradlab.json');
      const before = live.current().runId ?? 0;
      const text = withLr(editor.document.getText(), 0.07);
      await setText(editor, text);
      assert.ok(editor.document.isDirty);
      await waitFor('a run of the unsaved text', () => live.current().runId! > before && live.current().configText === text, 10_000);
      await settled();
    } finally {
      await settings.update('onEdit', false, vscode.ConfigurationTarget.Global);
      // update() resolves before this extension host has heard of the change: until it has, the revert below would
      // count as an edit and schedule a restart that could replace the next test's run.
      await waitFor('onEdit off in this extension host', () => vscode.workspace.getConfiguration('gradientLab.liveRetrain').get<boolean>('onEdit') === false);
      if (editor) await vscode.window.showTextDocument(editor.document); // the revert command acts on the active editor
      await vscode.commands.executeCommand('workbench.action.files.revert');
      // The revert's change event is handled when this host applies the text (and clears isDirty with it).
      if (editor) await waitFor('the revert in this extension host', () => !editor!.document.isDirty);
    }
  });

  it('shows the alert of a diverging run, stops it, and starts the next valid edit cleanly', async () => {
    // Whatever the tests before left ends here, before this run starts: a restart pending after their last edit, and
    // their editors (CI twice saw the config the test before edited start again right after this test's run, while
    // the Gradients view made every open config live; a closed file has no events left to deliver).
    await closeAll();
    await vscode.commands.executeCommand('gradientLab.stopTraining');
    await settled();
    await waitFor('no restart pending', () => meters.resources().timers === 0);
    const editor = await open('deep-relu-exploding.gradlab.json');
    const original = editor.document.getText();
    const runId = (await vscode.commands.executeCommand<number>('gradientLab.startTraining'))!;
    const seen = new Set<string>(); // the runs seen until it settles, for the message below should another one start
    const watch = setInterval(() => { const c = live.current(); seen.add(`run ${c.runId} ${c.status} (${c.configPath?.split(/[\\/]/).pop()})`); }, 20);
    await settled();
    clearInterval(watch);
    assert.equal(live.current().runId, runId, `another run started after run ${runId}: ${[...seen].join(', ')}`);
    assert.equal(live.current().status, 'diverged');
    const view = await waitFor('the view to show the alert', async () => {
      const d = await live.describeView();
      return d?.runId === runId && d.alerts.includes('nonFinite') && d;
    });
    assert.equal(view.status, 'diverged');
    assert.equal(meters.resources().workers <= 1, true);
    await setText(editor, original.replace('"steps": 600', '"steps": 60').replace('"gain": 1.3', '"gain": 1.0'));
    await editor.document.save();
    const next = await waitFor('a clean run after the fix', () => (live.current().runId ?? 0) > runId && live.current().runId);
    const d = await viewShows(next!);
    assert.deepEqual(d.alerts.filter((a) => a === 'nonFinite'), [], 'the new run starts without the old alert');
    await settled();
    assert.equal(live.current().status, 'completed');
    await setText(editor, original);
    await editor.document.save();
    await vscode.commands.executeCommand('gradientLab.stopTraining');
  });

  it('exports the open config as a PyTorch script', async () => {
    await open('xor.gradlab.json');
    const target = vscode.Uri.joinPath(folder, 'xor-export.py');
    const written = await vscode.commands.executeCommand<vscode.Uri>('gradientLab.exportPytorch', undefined, target);
    assert.equal(written?.toString(), target.toString());
    const script = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(script, /import torch/);
    assert.match(script, /--steps/, 'the script accepts --steps N');
    await closeAll();
  });

  it('leaves no worker, timer or listener after opening and closing files, view and panel 50 times', async () => {
    await closeAll();
    await vscode.commands.executeCommand('gradientLab.stopTraining');
    const cycle = async () => {
      await open('xor.gradlab.json');
      await vscode.commands.executeCommand('gradientLab.startTraining');
      await vscode.commands.executeCommand('gradientLab.openGradientsView');
      await vscode.commands.executeCommand('gradientLab.openTrainingPanel');
      await open('moons.gradlab.json'); // switch files while training
      live.closePanel();
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await closeAll(); // closing the trained file stops its run
    };
    await cycle();
    await waitFor('the warm-up cycle to release everything', () => meters.resources().workers === 0 && meters.resources().timers === 0);
    const baseline = meters.resources();
    for (let i = 0; i < 50; i++) await cycle();
    const after = await waitFor('workers and timers to be released', () => {
      const r = meters.resources();
      return r.workers === 0 && r.timers === 0 && r;
    }, 10_000);
    assert.deepEqual(after, baseline, `after 50 cycles: ${JSON.stringify(after)}, baseline ${JSON.stringify(baseline)}`);
    assert.equal(after.workers, 0);
    assert.equal(after.timers, 0);
    assert.ok(after.pages <= 1 && after.listeners <= 2, `held: ${JSON.stringify(after)}`);
    figures.resourcesAfter50Cycles = after;
  });

  // A benchmark rather than a check (about a minute): run with GRADLAB_LIVE_FIGURES=1.
  (process.env.GRADLAB_LIVE_FIGURES ? it : it.skip)('measures steps per second of each example in the extension', async function () {
    this.timeout(900_000);
    const shipped = readdirSync(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'examples'));
    const files = shipped.filter((f) => f.endsWith('.gradlab.json')).sort();
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
      figures.examples = perExample;
      writeFigures();
    }
    await closeAll();
  });
});
