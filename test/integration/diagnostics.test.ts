// Writing configs inside the real VS Code: every file of the bad-config corpus, opened in an editor, gets our
// diagnostics at the ranges `gradlab validate` reports (test/fixtures/bad-configs/expected.json); the "did you
// mean" quick fix repairs a name; New Training Config creates a file from a template; and after all of that the
// extension still answers.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sleep, until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';

interface Expected { line: number; column: number; end_line: number; end_column: number; code: string; message: string; fix?: string }

let root: string;
let folder: vscode.Uri;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'gradlab');
}

/** Copies a corpus file into the workspace (under bad/) and returns its URI there. */
async function place(file: string): Promise<vscode.Uri> {
  const target = vscode.Uri.joinPath(folder, 'bad', file);
  await vscode.workspace.fs.writeFile(target, readFileSync(join(root, 'test', 'fixtures', 'bad-configs', file)));
  return target;
}

describe('config diagnostics in the editor', () => {
  let expected: Record<string, Expected[]>;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    root = ext.extensionPath;
    folder = vscode.workspace.workspaceFolders![0].uri;
    expected = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'bad-configs', 'expected.json'), 'utf8'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows every corpus file\'s errors at the expected ranges', async function () {
    this.timeout(240_000);
    const files = readdirSync(join(root, 'test', 'fixtures', 'bad-configs')).filter((f) => f.endsWith('.gradlab.json')).sort();
    assert.ok(files.length >= 40);
    let binaryRefused = 0;
    for (const file of files) {
      const uri = await place(file);
      let document: vscode.TextDocument;
      try {
        document = await vscode.workspace.openTextDocument(uri);
      } catch (e) {
        // VS Code refuses to open a binary file as text; that is fine as long as nothing breaks.
        assert.match(file, /binary/, `${file} could not be opened: ${(e as Error).message}`);
        binaryRefused++;
        continue;
      }
      // A syntax error VS Code's JSON service already reports on that line is left to it (one message per problem).
      const jsonServiceLines = () => new Set(vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'gradlab' && d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.range.start.line + 1));
      let want = expected[file];
      const got = await until(`diagnostics for ${file}`, () => {
        const taken = jsonServiceLines();
        want = expected[file].filter((w) => w.code !== 'syntax' || !taken.has(w.line));
        const d = ours(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
        return d.length === want.length ? d : undefined;
      });
      const shape = (d: vscode.Diagnostic) => [d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, String(d.code), d.message];
      assert.deepEqual(
        got.map(shape).sort(),
        want.map((w) => [w.line, w.column, w.end_line, w.end_column, w.code, w.message]).sort(),
        file,
      );
      void document;
    }
    assert.ok(binaryRefused <= 1);
  });

  it('removes the diagnostics when the file is fixed, and adds them while typing', async () => {
    const uri = await place('schema-lr-zero.gradlab.json');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await until('the lr diagnostic', () => ours(uri).length === 1);
    const text = editor.document.getText();
    const at = text.indexOf('"lr": 0') + '"lr": '.length;
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 1)), '0.5'));
    await until('no diagnostics after the fix', () => ours(uri).length === 0);
    await editor.edit((e) => e.insert(editor.document.positionAt(at), '-'));
    const [d] = await until('a diagnostic for the negative lr', () => (ours(uri).length === 1 ? ours(uri) : undefined));
    assert.match(d.message, /optimizer\.lr must be a number greater than 0/);
  });

  it('"did you mean" quick fixes repair unknown names and keys', async () => {
    for (const [file, replacement] of [['schema-unknown-activation.gradlab.json', '"relu"'], ['schema-clip-unknown-key.gradlab.json', '"max_norm"']]) {
      const uri = await place(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await until(`the fixable diagnostic in ${file}`, () => ours(uri).find((d) => d.code === 'unknown-name' || d.code === 'unknown-key'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === `Change to ${replacement}`);
      assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(fix.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const start = diagnostic.range.start;
      assert.equal(document.getText(new vscode.Range(start, start.translate(0, replacement.length))), replacement);
      await until(`${file} clean after the fix`, () => ours(uri).length === 0);
    }
  });

  it('New Training Config creates a file from a template and opens it', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>('gradientLab.newConfig', { template: 'mnist-softmax' });
    assert.ok(created);
    assert.match(created.path, /\/mnist-softmax(-\d+)?\.gradlab\.json$/);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created));
    assert.equal(text, readFileSync(join(root, 'examples', 'mnist-softmax.gradlab.json'), 'utf8'));
    await until('the new file in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === created.toString());
    await sleep(300);
    assert.deepEqual(ours(created), []);
    const second = await vscode.commands.executeCommand<vscode.Uri>('gradientLab.newConfig', { template: 'mnist-softmax' });
    assert.notEqual(second.toString(), created.toString(), 'never overwrites an existing file');
    const target = vscode.Uri.joinPath(folder, 'made', 'mine.gradlab.json');
    const third = await vscode.commands.executeCommand<vscode.Uri>('gradientLab.newConfig', { template: 'spiral', target });
    assert.equal(third.toString(), target.toString());
    assert.equal(await vscode.commands.executeCommand('gradientLab.newConfig', { template: 'no-such-template' }), undefined);
  });

  it('keeps checking files after editors were closed', async () => {
    const uri = await place('syntax-nan.gradlab.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await until('the NaN diagnostic', () => ours(uri).length === 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const again = await place('schema-unknown-dataset.gradlab.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(again));
    await until('diagnostics still produced', () => ours(again).length === 1);
  });
});
