// Explore Loss Landscape inside the real extension host: the commands open the panel, and what the page shows
// (asked over the typed protocol) equals the pure computation run here — and, for the optimizer paths, PyTorch's.
// Also: the network slice of a config computed in the page's worker, and the contour redraw timing (reported).
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { directional, valueAndGradient } from '../../src/landscape/calculus';
import { descend } from '../../src/landscape/descent';
import { computeNetworkSlice } from '../../src/landscape/networkSliceCompute';
import { resolveSurface } from '../../src/landscape/surfaces';
import type { GradientLabApi } from '../../src/extension/extension';
import { until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';
let api: GradientLabApi['landscape'];
let extensionPath: string;

/** The page runs in Chromium's V8, this test in the extension host's: Math.* may differ in the last bit. */
const close = (a: number, e: number, what: string) =>
  assert.ok(a === e || Math.abs(a - e) <= 1e-9 * Math.abs(e) + 1e-12, `${what}: ${a} vs ${e}`);

const rosenbrock = () => {
  const r = resolveSurface({ kind: 'builtin', name: 'rosenbrock' });
  if (!r.ok) throw new Error('no surface');
  return r.surface;
};

describe('Explore Loss Landscape (integration)', function () {
  this.timeout(300_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<GradientLabApi>(EXTENSION_ID)!;
    api = (await ext.activate()).landscape;
    extensionPath = ext.extensionPath;
  });

  after(() => api.close());

  it('zh-cn: the panel speaks Simplified Chinese (lesson, readouts, the divergence explanation)', async function () {
    if (!vscode.env.language.startsWith('zh')) this.skip();
    await api.open();
    const s = await api.apply({ surface: 'quadratic', condition: 10, racers: ['sgd'], lrSgd: 0.25, steps: 20, clipping: { kind: 'none' }, pinned: null });
    assert.match(s.lesson, /^梯度 ∇f 指向 f 上升最快的方向/);
    assert.match(s.divergence, /发散.*lr·k > 2/);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const commands = ext.packageJSON.contributes.commands as { command: string; title: string | { value: string } }[];
    const title = commands.find((c) => c.command === 'gradientLab.exploreLandscape')?.title;
    assert.equal(typeof title === 'object' ? title.value : title, '探索损失曲面');
    api.close();
  });

  it('the command opens one panel that starts with the lesson', async function () {
    if (vscode.env.language.startsWith('zh')) this.skip();
    await vscode.commands.executeCommand('gradientLab.exploreLandscape');
    await until('the panel', () => api.isOpen());
    await vscode.commands.executeCommand('gradientLab.exploreLandscape');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gradientLab.landscapePanel'));
    await until('the tab', () => tabs().length > 0);
    assert.equal(tabs().length, 1);
    const s = await api.snapshot();
    assert.match(s.lesson, /^The gradient ∇f points where f rises fastest/);
    assert.ok(s.contours.bands > 1 && s.contours.gridPoints === 40_000);
  });

  it('races every optimizer from the start with clipping exactly as PyTorch did (the fixture)', async () => {
    await api.open();
    const fixture = JSON.parse(readFileSync(join(extensionPath, 'test', 'fixtures', 'landscape', 'landscape.json'), 'utf8')) as {
      cases: { function: string; optimizer: string; lr: number; steps: number; clipping: { kind: string }; path: number[][] }[];
    };
    await api.apply({ surface: 'rosenbrock' });
    for (const clipping of [{ kind: 'norm', maxNorm: 1 }, { kind: 'value', clipValue: 0.5 }] as const) {
      await api.apply({ racers: ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'], lrSgd: 1e-3, lrAdaptive: 0.05, momentum: 0.9, steps: 60, clipping });
      const s = await api.race();
      assert.equal(s.racers.length, 5);
      for (const r of s.racers) {
        const expected = fixture.cases.find((c) => c.function === 'rosenbrock' && c.optimizer === r.optimizer && c.clipping.kind === clipping.kind)!;
        assert.equal(r.shown, 60);
        expected.path[60].forEach((e, j) => close(r.last[j], e, `${r.optimizer} ${clipping.kind} [${j}]`));
        assert.ok(r.clipAngleDegrees !== null && (clipping.kind === 'value' || r.clipAngleDegrees < 1e-6));
      }
    }
  });

  it('pins a point: f, ∇f, D_u f and the finite-difference check as computed here', async () => {
    const s = await api.apply({ surface: 'rosenbrock', pinned: [0.5, -0.25], angle: 2 });
    const at = valueAndGradient(rosenbrock(), 0.5, -0.25);
    close(s.numbers.value, at.value, 'f');
    close(s.numbers.gradient[0], at.gradient[0], 'df/dx');
    close(s.numbers.gradient[1], at.gradient[1], 'df/dy');
    const d = directional(rosenbrock(), [0.5, -0.25], [Math.cos(2), Math.sin(2)], at);
    close(s.numbers.derivative, d.derivative, 'D_u f');
    close(s.numbers.angleDegrees, d.angleDegrees, 'angle');
    assert.ok(Math.abs(s.numbers.finiteDifference - s.numbers.derivative) < 1e-5 * Math.abs(s.numbers.derivative));
    assert.equal(s.readouts.point, '(0.5, −0.25)');
  });

  it('says why SGD diverges on the bowl (lr·k > 2), and stops a path at its first non-finite point', async () => {
    let s = await api.apply({ surface: 'quadratic', condition: 10, racers: ['sgd'], lrSgd: 0.25, steps: 50, clipping: { kind: 'none' } });
    assert.match(s.divergence, /lr·k > 2 \(here lr·k = 2\.5\)/);
    s = await api.apply({ clipping: { kind: 'norm', maxNorm: 1 } });
    assert.match(s.divergence, /without clipping this lr would diverge \(lr·k = 2\.5 > 2\)/);
    await api.apply({ clipping: { kind: 'none' } });
    s = await api.apply({ surface: 'rosenbrock', racers: ['sgd'], lrSgd: 0.01, steps: 60 });
    s = await api.race();
    const path = descend(rosenbrock(), rosenbrock().start, { optimizer: 'sgd', lr: 0.01, momentum: 0.9, steps: 60, clipping: { kind: 'none' } });
    assert.equal(s.racers[0].divergedAtStep, path.divergedAtStep);
    assert.match(s.divergence, /diverged at step 7/);
  });

  it('shows an expression error with its column and keeps drawing the last good surface', async () => {
    const s = await api.apply({ surface: 'custom', expression: 'x^2 + 3*z' });
    assert.match(s.error ?? '', /Unknown name 'z' at column 9/);
    const ok = await api.apply({ expression: 'log(x) + y^2', view: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 } });
    assert.equal(ok.error, null);
    assert.ok(ok.contours.holes > 0, 'log(x) is NaN for x < 0: holes');
  });

  it('Loss Landscape of This Config: the page worker computes the slice the extension host computes', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'xor.gradlab.json');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('gradientLab.configLandscape');
    const shown = await api.networkResult();
    assert.ok(shown, 'a result');
    const expected = await computeNetworkSlice({
      configText: readFileSync(uri.fsPath, 'utf8'), configPath: 'xor.gradlab.json', basis: 'random', gridSize: 41, span: 1, samples: 128, maxSteps: 100_000,
    }, {}, () => undefined, () => false);
    assert.equal(shown.values.length, 41 * 41);
    shown.values.forEach((v, i) => close(v ?? NaN, expected.values[i], `loss ${i}`));
    assert.equal(shown.trajectory.length, expected.trajectory.length);
    assert.match(shown.status, /^41 × 41 losses in/);
    const s = await api.snapshot();
    assert.equal(s.state.network?.configPath, 'xor.gradlab.json');
  });

  it('measures a contour redraw on the 200×200 grid while panning (reported, not asserted)', async () => {
    for (const surface of ['quadratic', 'rosenbrock'] as const) {
      await api.apply({ surface, showArrows: true });
      const bench = await api.benchmark(30);
      assert.equal(bench.totalMs.length, 30);
      const out = join(extensionPath, 'artifacts', 'perf');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `landscape-contours-${surface}.json`), JSON.stringify({ when: new Date().toISOString(), ...bench }, null, 2));
      console.log(`[landscape] ${surface}: contour redraw 200×200 median ${bench.medianTotalMs.toFixed(1)} ms (grid + bands + paint ${bench.medianGridMs.toFixed(1)} ms)`);
    }
  });
});
