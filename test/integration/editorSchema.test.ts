// VS Code's JSON service and *.gradlab.json in the real editor: it gets schemas/gradlab.editor.schema.json, which
// constrains nothing, so a schema problem shows once (ours, with "did you mean" and in the display language), while
// completion and hover still come from the schema's properties, descriptions and allowed values.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { sleep, until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';

const waitFor = <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>) =>
  until(what, probe, { timeoutMs: 20_000, intervalMs: 50 });

async function open(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'schema', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

const at = (doc: vscode.TextDocument, marker: string, offset = 0) => doc.positionAt(doc.getText().indexOf(marker) + offset);

async function completionLabels(doc: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('VS Code\'s JSON service on *.gradlab.json', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is running on these files (it reports a syntax error), yet adds nothing to our schema diagnostics', async () => {
    const broken = await open('broken.gradlab.json', '{ "data": { "dataset": "moons" } "model": {} }');
    await waitFor('the JSON service\'s syntax diagnostic', () => vscode.languages.getDiagnostics(broken.uri).some((d) => d.source !== 'gradlab'));

    const text = '{ "data": { "dataset": "moons" }, "model": { "depth": 2, "width": 8, "activaton": "relu" },\n'
      + '  "optimizer": { "name": "sgd", "lr": 0.1 }, "batch_size": 0.5 }';
    const doc = await open('schema-errors.gradlab.json', text);
    const ours = await waitFor('our diagnostics', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'gradlab');
      return d.length >= 2 && d;
    });
    assert.ok(ours.some((d) => /unknown key "activaton".*Did you mean "activation"/.test(d.message)), ours.map((d) => d.message).join('\n'));
    await sleep(3000); // the JSON service validates a moment after opening; give it time to (not) speak
    const others = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source !== 'gradlab');
    assert.deepEqual(others.map((d) => `${d.source}: ${d.message}`), []);
  });

  it('completes keys, the keys of the chosen optimizer only, and allowed values', async () => {
    const doc = await open('complete.gradlab.json',
      '{ "data": { "dataset": "moons" }, "model": { "depth": 2,  }, "optimizer": { "name": "adam", "lr": 0.01,  }, "loss":  }');
    const modelKeys = await waitFor('model keys', async () => {
      const labels = await completionLabels(doc, at(doc, '"depth": 2,', '"depth": 2, '.length));
      return labels.includes('width') && labels;
    });
    for (const k of ['width', 'activation', 'batch_norm', 'residual']) assert.ok(modelKeys.includes(k), `missing ${k} in ${modelKeys.join(', ')}`);
    const adamKeys = await completionLabels(doc, at(doc, '"lr": 0.01,', '"lr": 0.01, '.length));
    assert.ok(adamKeys.includes('betas') && adamKeys.includes('amsgrad'), adamKeys.join(', '));
    assert.ok(!adamKeys.includes('nesterov'), `an SGD key offered for adam: ${adamKeys.join(', ')}`);
    const losses = await completionLabels(doc, at(doc, '"loss": ', '"loss": '.length));
    assert.ok(losses.includes('"cross_entropy"') && losses.includes('"mse"'), losses.join(', '));
  });

  it('shows a key\'s description on hover', async () => {
    const doc = await open('hover.gradlab.json', '{ "data": { "dataset": "moons" }, "model": { "depth": 2, "width": 8 }, "optimizer": { "name": "sgd", "lr": 0.1 } }');
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at(doc, '"width"', 2));
      return h.length > 0 && h;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Width of every hidden layer/);
  });
});
