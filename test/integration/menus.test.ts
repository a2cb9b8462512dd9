// The contributed menus, read from the manifest the real host loaded, with their `when` clauses evaluated for the
// states a user meets (a *.gradlab.json or another file; training or not): exactly one of Start / Stop Training
// in the editor title and in the Gradients view's title bar; Explorer entries only on configs. Then the Explorer
// entries' path: the commands act on the Uri they get, whatever editor is active.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { GradientLabApi } from '../../src/extension/extension';
import { until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';

interface MenuItem { command: string; when?: string; group?: string }
type Context = Record<string, string | boolean | undefined>;

/** VS Code's when-clause grammar for what this manifest uses: `a && b`, `!key`, `key == value`, `key =~ /re/`. */
function evaluateWhen(when: string | undefined, context: Context): boolean {
  if (!when) return true;
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    let m = /^(\S+)\s*=~\s*\/(.*)\/([a-z]*)$/.exec(term);
    if (m) return new RegExp(m[2], m[3]).test(String(context[m[1]] ?? ''));
    m = /^(\S+)\s*(==|!=)\s*(\S+)$/.exec(term);
    if (m) return (String(context[m[1]]) === m[3]) === (m[2] === '==');
    if (term.startsWith('!')) return !context[term.slice(1)];
    assert.match(term, /^[\w.]+$/, `unsupported when term: ${term}`);
    return Boolean(context[term]);
  });
}

// The host localizes manifest strings: a %key% becomes { value (translated), original (English) }.
type Localized = string | { value: string; original: string };
const shownText = (s: Localized | undefined) => (typeof s === 'object' ? s.value : s);

const shown = (items: MenuItem[], context: Context) => items.filter((i) => evaluateWhen(i.when, context)).map((i) => i.command).sort();

describe('menus: title bars, the Explorer and the training toggle', () => {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
  const menus: Record<string, MenuItem[]> = pkg.contributes.menus;
  const commands: Array<{ command: string; icon?: string; category?: Localized; title?: Localized }> = pkg.contributes.commands;

  it('every menu entry is a contributed command with a category, and title-bar entries have an icon', () => {
    for (const [place, items] of Object.entries(menus)) {
      for (const item of items) {
        const c = commands.find((x) => x.command === item.command);
        assert.ok(c, `${place}: ${item.command} is not contributed`);
        assert.equal(shownText(c.category), 'Gradient Lab');
        if (place.endsWith('/title')) assert.match(c.icon ?? '', /^\$\([\w-]+\)$/, `${place}: ${item.command} has no codicon`);
      }
    }
  });

  it('editor title: Start on a config while idle, Stop on a config while training, nothing on other files', () => {
    const config = { resourceFilename: 'moons.gradlab.json' };
    assert.deepEqual(shown(menus['editor/title'], { ...config, 'gradientLab.training': false }), ['gradientLab.startTraining']);
    assert.deepEqual(shown(menus['editor/title'], { ...config, 'gradientLab.training': true }), ['gradientLab.stopTraining']);
    assert.deepEqual(shown(menus['editor/title'], { resourceFilename: 'package.json', 'gradientLab.training': true }), []);
    assert.deepEqual(shown(menus['editor/title'], { resourceFilename: 'moons.gradlab.json.bak' }), []);
  });

  it('Gradients view title: Start or Stop (never both) and Open Training Panel; nothing on other views', () => {
    const view = { view: 'gradientLab.gradients' };
    assert.deepEqual(shown(menus['view/title'], { ...view, 'gradientLab.training': false }), ['gradientLab.openTrainingPanel', 'gradientLab.startTraining']);
    assert.deepEqual(shown(menus['view/title'], { ...view, 'gradientLab.training': true }), ['gradientLab.openTrainingPanel', 'gradientLab.stopTraining']);
    assert.deepEqual(shown(menus['view/title'], { view: 'workbench.explorer.fileView' }), []);
    const order = menus['view/title'].filter((i) => evaluateWhen(i.when, { ...view })).map((i) => i.group);
    assert.ok(order.every((g) => g?.startsWith('navigation')), 'inline buttons, not the ... menu');
  });

  it('Explorer context menu: Start Training, Export as PyTorch Script and Loss Landscape on *.gradlab.json only', () => {
    assert.deepEqual(shown(menus['explorer/context'], { resourceFilename: 'xor.gradlab.json' }), ['gradientLab.configLandscape', 'gradientLab.exportPytorch', 'gradientLab.startTraining']);
    assert.deepEqual(shown(menus['explorer/context'], { resourceFilename: 'xor.json' }), []);
  });

  it('the Gradients view has an icon and a contextual title; settings have Markdown descriptions in order', () => {
    const view = pkg.contributes.views.gradientLab.find((v: { id: string }) => v.id === 'gradientLab.gradients');
    assert.ok(view.icon && existsSync(`${vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath}/${view.icon}`), String(view.icon));
    assert.equal(view.contextualTitle, 'Gradient Lab');
    const props: Record<string, { markdownDescription?: Localized; description?: Localized; order?: number }> = pkg.contributes.configuration.properties;
    const orders = Object.values(props).map((p) => p.order);
    assert.deepEqual(orders, [...orders].sort((a, b) => (a ?? 0) - (b ?? 0)));
    assert.equal(new Set(orders).size, orders.length);
    for (const [key, p] of Object.entries(props)) {
      const text = shownText(p.markdownDescription);
      assert.ok(text && !text.startsWith('%'), `${key}: no localized markdownDescription`);
      assert.equal(p.description, undefined, key);
    }
    assert.ok(!pkg.activationEvents.includes('*'), 'activation stays lazy');
  });

  it('zh-cn: the terminal command and the settings are in Simplified Chinese', function () {
    if (!vscode.env.language.startsWith('zh')) this.skip();
    const title = shownText(commands.find((c) => c.command === 'gradientLab.useCliInTerminal')?.title as Localized | undefined);
    assert.equal(title, '在终端中使用 gradlab');
    for (const [key, p] of Object.entries(pkg.contributes.configuration.properties as Record<string, { markdownDescription?: Localized }>)) {
      assert.match(shownText(p.markdownDescription) ?? '', /[\u4e00-\u9fff]/, key);
    }
  });

  it('the Explorer entries act on the Uri they are given, not on the active editor', async function () {
    this.timeout(60_000);
    const api = (await vscode.extensions.getExtension<GradientLabApi>(EXTENSION_ID)!.activate()).training;
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const config = vscode.Uri.joinPath(folder, 'xor.gradlab.json');
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'moons.gradlab.json'));
    const target = vscode.Uri.joinPath(folder, 'menus-export.py');
    const written = await vscode.commands.executeCommand<vscode.Uri>('gradientLab.exportPytorch', config, target);
    try {
      assert.equal(written?.fsPath, target.fsPath);
      assert.match(readFileSync(target.fsPath, 'utf8'), /xor\.gradlab\.json/);
      const runId = await vscode.commands.executeCommand<number>('gradientLab.startTraining', config);
      assert.equal(typeof runId, 'number');
      await until('the run of the Explorer config', () => api.current().configPath === config.fsPath && api.current().runId === runId);
    } finally {
      await vscode.commands.executeCommand('gradientLab.stopTraining');
      rmSync(target.fsPath, { force: true });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
