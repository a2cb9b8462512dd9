// Restricted Mode, in a VS Code whose workspace is not trusted: `npm run test:integration -- --restricted --grep
// "Restricted Mode"` (a tier of `npm test`) starts code-server with workspace trust on and the folder untrusted.
// A config received from someone else may not point the trainer at files outside the workspace; everything inside
// it still works (the extension declares limited support for untrusted workspaces).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GradientLabApi } from '../../src/extension/extension';
import { until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(120_000);
  let api: GradientLabApi['training'];
  let folder: vscode.Uri;
  let outside: string;
  const written: vscode.Uri[] = [];

  before(async function () {
    if (vscode.workspace.isTrusted) this.skip(); // the trusted run: these tests belong to the restricted tier
    api = (await vscode.extensions.getExtension<GradientLabApi>(EXTENSION_ID)!.activate()).training;
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    outside = mkdtempSync(join(tmpdir(), 'gradlab-outside-'));
  });

  after(async () => {
    if (!api) return;
    await vscode.commands.executeCommand('gradientLab.stopTraining');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    rmSync(outside, { recursive: true, force: true });
  });

  async function writeConfig(name: string, config: object): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(config, null, 2)));
    written.push(uri);
    await vscode.window.showTextDocument(uri);
    return uri;
  }

  async function finished(runId: number) {
    return until(`run ${runId} to end`, () => {
      const c = api.current();
      return c.runId === runId && !['starting', 'running'].includes(c.status) ? c : undefined;
    }, { timeoutMs: 60_000 });
  }

  it('Restricted Mode: a config reading IDX files outside the workspace is refused, and the message says how to allow it', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await writeConfig('outside.gradlab.json', {
      data: { dataset: 'mnist-idx', folder: outside, train: 100, test: 10 },
      model: { layers: [784, 10] },
      optimizer: { name: 'sgd', lr: 0.1 },
    });
    const runId = (await vscode.commands.executeCommand<number>('gradientLab.startTraining'))!;
    assert.ok(runId > 0, 'Start Training returned no run id');
    await finished(runId);
    const snapshot = api.snapshot();
    assert.equal(snapshot.status, 'failed');
    assert.match(snapshot.error ?? '', /^Restricted Mode: this config reads data from .*gradlab-outside-.*, outside the workspace folder\. Trust the workspace to allow it/);
  });

  it('Restricted Mode: a config whose data lies inside the workspace trains', async () => {
    await writeConfig('inside.gradlab.json', {
      data: { dataset: 'moons', train: 64, test: 16 },
      model: { layers: [2, 8, 2], activation: 'tanh' },
      optimizer: { name: 'sgd', lr: 0.1 },
      steps: 5,
      batch_size: 16,
    });
    const runId = (await vscode.commands.executeCommand<number>('gradientLab.startTraining'))!;
    await finished(runId);
    const snapshot = api.snapshot();
    assert.equal(snapshot.status, 'completed', snapshot.error);
  });
});
