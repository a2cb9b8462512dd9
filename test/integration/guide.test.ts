// The guided start inside the real VS Code: the walkthrough's five steps in package.json, each button (a command link
// read from package.nls.json, exactly as the walkthrough renders it) opening its panel already set up; the same
// entries offered by the empty Gradients view; the example copies (never written over the bundled file).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEPTH_PRESETS } from '../../src/analysis/depth/presets';
import type { GradientLabApi } from '../../src/extension/extension';
import { until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';

interface Step {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly media: { readonly markdown: string };
  readonly completionEvents: readonly string[];
}

let api: GradientLabApi;
let root: string;
let steps: Step[];
let nls: Record<string, string>;
let nlsZh: Record<string, string>;

/** The command links of a step's description: [label](command:id?encoded-json-args). */
function commandLinks(description: string): { label: string; command: string; args: unknown[] }[] {
  return [...description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => ({
    label: m[1]!,
    command: m[2]!,
    args: m[3] ? (JSON.parse(decodeURIComponent(m[3])) as unknown[]) : [],
  }));
}

const key = (s: string) => s.replace(/^%|%$/g, '');

/** Activates the extension; returns the test workspace. */
async function setup(): Promise<vscode.Uri> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  api = (await ext.activate()) as GradientLabApi;
  root = ext.extensionPath;
  return vscode.workspace.workspaceFolders![0]!.uri;
}

async function closeAll(): Promise<void> {
  api.activation.close();
  api.depth.close();
  api.training.closePanel();
  await vscode.commands.executeCommand('gradientLab.stopTraining');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Guided start (walkthrough)', function () {
  this.timeout(120_000);

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    api = (await ext.activate()) as GradientLabApi;
    root = ext.extensionPath;
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    steps = pkg.contributes.walkthroughs[0].steps;
    nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
    nlsZh = JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8'));
  });
  afterEach(closeAll);

  it('has five steps in the tutorial order, each with a button, a completion event, and English + Chinese text', () => {
    assert.deepEqual(steps.map((s) => s.id), ['activations', 'depth', 'clipping', 'train', 'retrain']);
    for (const s of steps) {
      for (const table of [nls, nlsZh]) {
        assert.ok(table[key(s.title)], `${s.id}: title`);
        assert.ok(commandLinks(table[key(s.description)] ?? '').length > 0, `${s.id}: a command link`);
      }
      // Both languages run the same commands with the same arguments.
      const strip = (d: string) => commandLinks(d).map(({ command, args }) => ({ command, args }));
      assert.deepEqual(strip(nlsZh[key(s.description)]!), strip(nls[key(s.description)]!), `${s.id}: same buttons`);
      assert.ok(s.completionEvents.length > 0, `${s.id}: completion event`);
      const markdown = join(root, s.media.markdown);
      assert.ok(readFileSync(markdown, 'utf8').length > 100, markdown);
      assert.ok(readFileSync(markdown.replace(/\.md$/, '.nls.zh-cn.md'), 'utf8').length > 50, `${markdown} in zh-cn`);
    }
  });

  it('step 1 plots sigmoid and tanh', async () => {
    for (const link of commandLinks(nls[key(steps[0]!.description)]!)) await vscode.commands.executeCommand(link.command, ...link.args);
    assert.ok(api.activation.isOpen);
    const snapshot = await until('the curves', async () => {
      const s = await api.activation.query({ kind: 'snapshot' });
      return s.painted && s;
    });
    assert.deepEqual(snapshot.curves.map((c) => c.source), [{ kind: 'builtin', name: 'sigmoid' }, { kind: 'builtin', name: 'tanh' }]);
  });

  for (const [index, presets] of [[1, ['sigmoid-vanishes', 'relu-he-critical']], [2, ['large-init-explodes', 'clipping-rescues']]] as const) {
    it(`step ${index + 1} opens the depth explorer on each of its presets`, async () => {
      const links = commandLinks(nls[key(steps[index]!.description)]!);
      assert.deepEqual(links.map((l) => (l.args[0] as { preset: string }).preset), [...presets]);
      for (const link of links) {
        await vscode.commands.executeCommand(link.command, ...link.args);
        const preset = DEPTH_PRESETS.find((p) => p.id === (link.args[0] as { preset: string }).preset)!;
        const snapshot = await api.depth.snapshot();
        assert.deepEqual(snapshot.report?.settings, preset.settings, `${preset.id} applied`);
      }
    });
  }

  it('step 4 trains the MNIST softmax regression from an unsaved copy, leaving the example file as it was', async () => {
    const bundled = readFileSync(join(root, 'examples', 'mnist-softmax.gradlab.json'), 'utf8');
    const [link] = commandLinks(nls[key(steps[3]!.description)]!);
    const uri = (await vscode.commands.executeCommand(link!.command, ...link!.args)) as vscode.Uri;
    assert.equal(uri.scheme, 'untitled');
    // The workspace already has mnist-softmax (and other tests may have saved copies): the copy takes the first
    // name that no file and no open document has.
    assert.match(uri.path, /mnist-softmax-\d+\.gradlab\.json$/, 'not the example itself');
    assert.ok(!existsSync(uri.fsPath), `a free name: ${uri.fsPath} exists`);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
    assert.equal(document.getText(), bundled);
    await until('the MNIST run', () => api.training.current().configPath === uri.fsPath && api.training.snapshot().run?.dataset.startsWith('mnist'), { timeoutMs: 60_000 });
    await until('a recorded step', () => api.training.snapshot().lastStep > 0, { timeoutMs: 60_000 });
    assert.equal(readFileSync(join(root, 'examples', 'mnist-softmax.gradlab.json'), 'utf8'), bundled);
  });

  it('step 5 opens the spiral example beside the training panel and trains it', async () => {
    const [link] = commandLinks(nls[key(steps[4]!.description)]!);
    const uri = (await vscode.commands.executeCommand(link!.command, ...link!.args)) as vscode.Uri;
    assert.match(uri.path, /spiral(-\d+)?\.gradlab\.json$/);
    await until('the spiral run', () => api.training.current().configPath === uri.fsPath);
    await until('the training panel showing the run', async () => (await api.training.describePanel())?.runId !== undefined);
  });

  it('the Gradients view holds the same entries for when it is empty', async () => {
    const entries = await until('the view', async () => {
      await vscode.commands.executeCommand('gradientLab.openGradientsView');
      return (await api.training.describeView())?.guide;
    });
    assert.deepEqual(entries, ['activations', 'depth', 'clipping', 'train', 'retrain', 'walkthrough', 'pick']);
  });
});

describe('Training you can watch (playback)', function () {
  this.timeout(120_000);
  let folder: vscode.Uri;

  before(async () => {
    folder = await setup();
  });
  after(async () => {
    api.training.setPlayback({ stepsPerSecond: 0, paused: false });
    await closeAll();
  });

  it('plays at the chosen speed; pause stops the records; Step advances exactly one batch; Resume finishes', async () => {
    const uri = vscode.Uri.joinPath(folder, 'gaussians.gradlab.json');
    await vscode.window.showTextDocument(uri);
    api.training.setPlayback({ stepsPerSecond: 40, paused: false });
    const runId = (await vscode.commands.executeCommand('gradientLab.startTraining', uri)) as number;
    await until('a few steps', () => api.training.current().runId === runId && api.training.snapshot().lastStep >= 10, { timeoutMs: 60_000 });
    api.training.setPlayback({ paused: true });
    let records = 0;
    const listener = api.training.onDidChange((e) => e.type === 'records' && records++);
    try {
      // Records already on their way may still arrive; then nothing.
      await new Promise((r) => setTimeout(r, 500));
      const pausedAt = api.training.snapshot().lastStep;
      records = 0;
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(records, 0, 'no records while paused');
      assert.equal(api.training.snapshot().lastStep, pausedAt);
      assert.equal(api.training.current().status, 'running');
      let seen: unknown;
      await until('the view to show the run paused', async () => {
        const d = await api.training.describeView();
        seen = d && { paused: d.paused, progress: d.progress, runId: d.runId, status: d.status };
        return d?.paused;
      }).catch((e) => assert.fail(`${(e as Error).message}: ${JSON.stringify(seen)}`));

      api.training.stepOnce();
      await until('one more step', () => api.training.snapshot().lastStep > pausedAt);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(api.training.snapshot().lastStep, pausedAt + 1, 'exactly one batch');
      api.training.stepOnce();
      await until('one more step', () => api.training.snapshot().lastStep > pausedAt + 1);
      assert.equal(api.training.snapshot().lastStep, pausedAt + 2);
      const shown = await until('the progress line', async () => {
        const d = await api.training.describeView();
        return d?.progress.includes(`${pausedAt + 2}`) && d.progress;
      });
      assert.match(shown, new RegExp(`${pausedAt + 2} of 200 · epoch \\d+ of 10`), shown);
    } finally {
      listener.dispose();
    }
    api.training.setPlayback({ stepsPerSecond: 0, paused: false });
    await until('the run to finish', () => api.training.current().status === 'completed', { timeoutMs: 60_000 });
    assert.equal(api.training.snapshot().lastStep, 200);
  });

  it('at the default speed the shortest example lasts at least 5 s (pacing can only make it slower)', async () => {
    const uri = vscode.Uri.joinPath(folder, 'gaussians.gradlab.json');
    await vscode.window.showTextDocument(uri);
    api.training.setPlayback({ stepsPerSecond: 40, paused: false });
    const runId = (await vscode.commands.executeCommand('gradientLab.startTraining', uri)) as number;
    await until('the run to finish', () => api.training.current().runId === runId && api.training.current().status === 'completed', { timeoutMs: 60_000 });
    const seconds = api.training.snapshot().summary!.seconds;
    assert.ok(seconds >= 199 / 40 - 0.05, `${seconds} s`);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.contributes.configuration.properties['gradientLab.training.stepsPerSecond'].default, 40);
  });
});

describe('Compare runs, the decision boundary, stale and error states', function () {
  this.timeout(180_000);
  let folder: vscode.Uri;

  before(async () => {
    folder = await setup();
    api.training.setPlayback({ stepsPerSecond: 0, paused: false });
  });
  after(closeAll);

  /** A copy of an example under a new name, opened; trained to the end. */
  async function trainedCopy(example: string, name: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.joinPath(folder, `${name}.gradlab.json`);
    await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, `${example}.gradlab.json`)));
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    const runId = (await vscode.commands.executeCommand('gradientLab.startTraining', uri)) as number;
    await until('the run to finish', () => api.training.current().runId === runId && api.training.current().status === 'completed', { timeoutMs: 90_000 });
    return editor;
  }

  async function replaceAndSave(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
    const text = editor.document.getText();
    const at = text.indexOf(from);
    assert.ok(at >= 0, from);
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + from.length)), to));
    await editor.document.save();
  }

  it('after a save the previous run stays as a ghost, with the change named; the last runs of the file are listed', async () => {
    const editor = await trainedCopy('xor', 'ghost-xor');
    const before = api.training.snapshot();
    await replaceAndSave(editor, '"lr": 0.01', '"lr": 0.1');
    await until('the new run to finish', () => api.training.current().runId !== before.runId && api.training.current().status === 'completed', { timeoutMs: 90_000 });
    const after = api.training.snapshot();
    assert.equal(after.ghosts?.length, 1);
    assert.equal(after.ghosts![0]!.change, 'lr 0.01 → 0.1');
    assert.equal(after.ghosts![0]!.finalLoss, before.summary!.final_loss);
    const view = await until('the view to show the comparison', async () => {
      await vscode.commands.executeCommand('gradientLab.openGradientsView');
      const d = await api.training.describeView();
      return d?.ghostText.startsWith('lr 0.01 → 0.1: final loss') && d;
    });
    const fmt = (v: number) => String(Number(v.toPrecision(3)));
    assert.equal(view.ghostText, `lr 0.01 → 0.1: final loss ${fmt(before.summary!.final_loss)} → ${fmt(after.summary!.final_loss)}`);
    assert.ok(view.charts.loss && view.charts.layers, 'charts drawn');

    await replaceAndSave(editor, '"lr": 0.1', '"lr": 0.05');
    await until('a third run', () => (api.training.snapshot().ghosts?.length ?? 0) === 2 && api.training.current().status === 'completed', { timeoutMs: 90_000 });
    assert.deepEqual(api.training.snapshot().ghosts!.map((g) => g.change), ['lr 0.1 → 0.05', 'lr 0.01 → 0.1']);
  });

  it('a 2-D dataset shows its data and decision boundary, redrawn while it trains', async () => {
    api.training.setPlayback({ stepsPerSecond: 100, paused: false });
    try {
      const uri = vscode.Uri.joinPath(folder, 'moons.gradlab.json');
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('gradientLab.openGradientsView');
      const runId = (await vscode.commands.executeCommand('gradientLab.startTraining', uri)) as number;
      const first = await until('a first boundary in the view', async () => {
        const d = await api.training.describeView();
        return d?.runId === runId && d.boundary && d.boundary.step > 0 && d.boundary;
      }, { timeoutMs: 60_000 });
      assert.ok(first.points > 100, `${first.points} samples scattered`);
      const later = await until('a later frame with different pixels', async () => {
        const d = await api.training.describeView();
        return d?.boundary && d.boundary.step > first.step + 50 && d.boundary;
      }, { timeoutMs: 60_000 });
      assert.notEqual(later.checksum, first.checksum, 'the picture changed while training');
      assert.ok(later.frames > first.frames);
      const snapshot = api.training.snapshot();
      assert.equal(snapshot.scatter?.classes, 2);
      assert.equal(snapshot.boundary?.size, 100);
    } finally {
      api.training.setPlayback({ stepsPerSecond: 0, paused: false });
    }
  });

  it('MNIST has no plane to draw', async () => {
    const uri = vscode.Uri.joinPath(folder, 'mnist-softmax.gradlab.json');
    await vscode.window.showTextDocument(uri);
    const runId = (await vscode.commands.executeCommand('gradientLab.startTraining', uri)) as number;
    await until('the run to finish', () => api.training.current().runId === runId && api.training.current().status === 'completed', { timeoutMs: 90_000 });
    assert.equal(api.training.snapshot().boundary, undefined);
  });

  it('while the file has an error, the last good run is marked stale with the first error; counts agree; one message per syntax problem', async () => {
    const editor = await trainedCopy('gaussians', 'stale-gaussians');
    const uri = editor.document.uri;
    // Drop the comma after "seed" (a syntax error VS Code's JSON service reports too).
    const text = editor.document.getText();
    const seed = /"seed": \d+,/.exec(text)!;
    await replaceAndSave(editor, seed[0], seed[0].slice(0, -1));
    const errors = await until('the syntax error', () => {
      const e = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return e.length > 0 && e;
    });
    await new Promise((r) => setTimeout(r, 1500)); // both services have spoken
    const all = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    const lines = all.map((d) => d.range.start.line);
    assert.equal(new Set(lines).size, lines.length, `one message per line: ${all.map((d) => `${d.source}: ${d.message}`).join(' | ')}`);
    void errors;
    const view = await until('the stale marker', async () => {
      await vscode.commands.executeCommand('gradientLab.openGradientsView');
      const d = await api.training.describeView();
      return d && d.staleText !== '' ? d : undefined;
    });
    assert.match(view.staleText, new RegExp(`From the last valid version: stale-gaussians\\.gradlab\\.json has ${all.length} problem\\(s\\) now\\. First: line \\d+: `));
    assert.equal(view.status, 'completed', 'the last good run stays');
    // The file fixed: the marker goes.
    await replaceAndSave(editor, seed[0].slice(0, -1), seed[0]);
    await until('the marker to go', async () => (await api.training.describeView())?.staleText === '');
  });
});

describe('Guided start in Simplified Chinese', function () {
  this.timeout(120_000);

  it('zh-cn: the walkthrough, its steps and the playback line are in Chinese', async function () {
    if (!vscode.env.language.startsWith('zh')) this.skip();
    const folder = await setup();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const value = (v: string | { value: string }) => (typeof v === 'object' ? v.value : v);
    const walkthrough = ext.packageJSON.contributes.walkthroughs[0];
    for (const text of [walkthrough.title, ...walkthrough.steps.map((s: { title: string }) => s.title)]) {
      assert.match(value(text), /[\u4e00-\u9fff]/, JSON.stringify(text));
    }
    const uri = vscode.Uri.joinPath(folder, 'gaussians.gradlab.json');
    await vscode.window.showTextDocument(uri);
    api.training.setPlayback({ stepsPerSecond: 5, paused: false });
    try {
      await vscode.commands.executeCommand('gradientLab.startTraining', uri);
      const progress = await until('the progress line', async () => {
        await vscode.commands.executeCommand('gradientLab.openGradientsView');
        const d = await api.training.describeView();
        return d?.progress && /\/ 200/.test(d.progress) && d.progress;
      }, { timeoutMs: 60_000 });
      assert.match(progress, /^第 \d+ \/ 200 步 · 第 \d+ \/ 10 个 epoch$/, progress);
    } finally {
      api.training.setPlayback({ stepsPerSecond: 0, paused: false });
      await closeAll();
    }
  });
});
