// "Gradient Lab: Use gradlab in the Terminal" in the real host: the terminal environment collection prepends the
// launcher's folder to PATH, and a terminal created afterwards runs `gradlab` from that PATH (output captured
// through a file, since the integrated terminal's screen is not readable from the API).
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as vscode from 'vscode';
import type { GradientLabApi } from '../../src/extension/extension';
import { until } from './wait';

const EXTENSION_ID = 'gradient-lab.gradient-lab';

describe('terminal: gradlab on the integrated terminal PATH', function () {
  this.timeout(90_000);
  let api: GradientLabApi['cli'];

  before(async () => {
    api = (await vscode.extensions.getExtension<GradientLabApi>(EXTENSION_ID)!.activate()).cli;
  });

  it('the command writes the launcher and prepends its folder to PATH in the collection', async () => {
    const shim = await vscode.commands.executeCommand<string>('gradientLab.useCliInTerminal', { quiet: true });
    assert.ok(shim && existsSync(shim), String(shim));
    assert.equal(join(api.binDir, process.platform === 'win32' ? 'gradlab.cmd' : 'gradlab'), shim);
    if (process.platform !== 'win32') assert.ok((statSync(shim).mode & 0o111) !== 0, 'the launcher is executable');
    assert.deepEqual(api.pathMutator(), { value: api.binDir + delimiter, type: 'prepend' });
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(readFileSync(shim, 'utf8').includes(join(ext.extensionPath, 'dist', 'cli.js')), 'it runs this extension\'s CLI');
    // Running it twice does not stack PATH entries.
    await vscode.commands.executeCommand('gradientLab.useCliInTerminal', { quiet: true });
    assert.deepEqual(api.pathMutator(), { value: api.binDir + delimiter, type: 'prepend' });
  });

  it('a new integrated terminal finds `gradlab` on its PATH and runs it', async function () {
    if (process.platform === 'win32') this.skip(); // the probe below is a POSIX shell command
    await vscode.commands.executeCommand('gradientLab.useCliInTerminal', { quiet: true });
    const out = join(mkdtempSync(join(tmpdir(), 'gradlab-term-')), 'out.txt');
    const terminal = vscode.window.createTerminal({
      name: 'gradlab probe',
      shellPath: '/bin/sh',
      shellArgs: ['-c', `{ command -v gradlab; gradlab --version; } > '${out}.part' 2>&1; mv '${out}.part' '${out}'`],
    });
    try {
      const text = await until('the terminal to run gradlab', () => existsSync(out) && readFileSync(out, 'utf8'), { timeoutMs: 60_000, intervalMs: 100 });
      const [where, version] = text.trim().split('\n');
      assert.equal(where, join(api.binDir, 'gradlab'));
      assert.equal(version, vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.version);
    } finally {
      terminal.dispose();
    }
  });
});
