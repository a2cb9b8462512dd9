// Foundation checks inside the real extension host: the right VS Code, the extension activates, and every command
// the manifest contributes is registered by activate().
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

interface Manifest { publisher: string; name: string; contributes?: { commands?: { command: string }[] } }

const EXTENSION_ID = 'gradient-lab.gradient-lab';

function manifest(ext: vscode.Extension<unknown>): Manifest {
  return JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

describe('foundation', () => {
  before(async () => {
    await extension().activate();
  });

  it('runs in VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./, `VS Code version ${vscode.version}`);
  });

  it('loads the extension in development mode from this repository and activates it', () => {
    const ext = extension();
    assert.equal(ext.isActive, true);
    const m = manifest(ext);
    assert.equal(`${m.publisher}.${m.name}`, EXTENSION_ID);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri.scheme, 'file');
  });

  it('registers every command contributed in package.json', async () => {
    const contributed = (manifest(extension()).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered by activate(): ${missing.join(', ')}`);
  });
});
