/**
 * The two extension-host runners (code-server: test/runner/integration.mjs; desktop VS Code through
 * @vscode/test-electron: test/runner/electron.mjs) must run the same extension and the same suite. Both take the
 * paths from compile-integration.mjs; this checks that the options each hands VS Code name the same folders, and
 * that neither runner names a path of its own.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestOptions } from '@vscode/test-electron';
import { repoRoot, workbenchUrl } from '../../scripts/code-server.mjs';
import { electronRunOptions, integrationLaunch, integrationTestsPath } from '../runner/compile-integration.mjs';

describe('test runners: one suite for code-server and test-electron', () => {
  const workspace = '/tmp/gradlab-run-x/workspace';

  it('both hand VS Code the same extension folder, test module and workspace', () => {
    const electron: TestOptions = electronRunOptions({ workspace, version: '1.100.3' });
    const port = 43210;
    const url = new URL(workbenchUrl({ port, folder: workspace, ...integrationLaunch() }));
    const payload = new Map<string, string>(JSON.parse(url.searchParams.get('payload')!));
    const local = (remote: string) => remote.replace(`vscode-remote://127.0.0.1:${port}`, '');
    assert.equal(local(payload.get('extensionDevelopmentPath')!), electron.extensionDevelopmentPath);
    assert.equal(local(payload.get('extensionTestsPath')!), electron.extensionTestsPath);
    assert.equal(url.searchParams.get('folder'), electron.launchArgs![0]);
    assert.equal(electron.extensionDevelopmentPath, repoRoot);
    assert.equal(electron.extensionTestsPath, integrationTestsPath);
    assert.ok(electron.launchArgs!.includes('--disable-extensions'));
    assert.deepEqual(electronRunOptions({ workspace, version: 'x', locale: 'zh-cn' }).launchArgs.slice(-2), ['--locale', 'zh-cn']);
  });

  it('the test module is the compiled test/integration/index.ts, which exports run() as VS Code expects', () => {
    assert.equal(integrationTestsPath, join(repoRoot, 'out', 'test', 'integration', 'index.js'));
    assert.match(readFileSync(join(repoRoot, 'test', 'integration', 'index.ts'), 'utf8'), /^export async function run\(\): Promise<void>/m);
  });

  it('each runner takes its options from compile-integration.mjs and names no path itself', () => {
    const codeServer = readFileSync(join(repoRoot, 'test', 'runner', 'integration.mjs'), 'utf8');
    const electron = readFileSync(join(repoRoot, 'test', 'runner', 'electron.mjs'), 'utf8');
    assert.match(codeServer, /workbenchUrl\(\{[^}]*\.\.\.integrationLaunch\(\) \}\)/);
    assert.match(electron, /runTests\(electronRunOptions\(\{/);
    for (const [name, text] of [['integration.mjs', codeServer], ['electron.mjs', electron]]) {
      assert.doesNotMatch(text, /extension(Development|Tests)Path\s*:/, `${name} names a path of its own`);
    }
    assert.ok(existsSync(join(repoRoot, 'node_modules', '@vscode', 'test-electron', 'package.json')));
  });
});
