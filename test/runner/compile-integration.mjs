// The extension-host test suite, shared by the code-server runner (integration.mjs) and test-electron (electron.mjs).
// Compiles the extension-host test suite (test/integration/index.ts + every *.test.ts there) into
// out/test/integration/ as CommonJS for Node: `vscode` stays external (the host provides it); mocha is bundled into
// index.js so the suite needs nothing from node_modules at run time.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace, repoRoot } from '../../scripts/code-server.mjs';

export const integrationOutDir = join(repoRoot, 'out', 'test', 'integration');
export const integrationTestsPath = join(integrationOutDir, 'index.js');

/**
 * What every runner hands VS Code: this repository as the extension in development mode, and this suite's test
 * module. Both runners take these from here (never their own paths), so they run the same extension and suite;
 * test/unit/runners.test.ts checks it.
 */
export function integrationLaunch() {
  return { extensionDevelopmentPath: repoRoot, extensionTestsPath: integrationTestsPath };
}

/** @vscode/test-electron's runTests options: desktop VS Code with the workspace, the extension and the suite. */
export function electronRunOptions({ workspace, version, vscodeExecutablePath, locale, timeout }) {
  return {
    version,
    vscodeExecutablePath,
    timeout,
    ...integrationLaunch(),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      ...(locale ? ['--locale', locale] : [])],
  };
}

export async function compileIntegrationSuite() {
  const src = join(repoRoot, 'test', 'integration');
  const entries = readdirSync(src).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => join(src, f));
  rmSync(integrationOutDir, { recursive: true, force: true }); // no stale tests from deleted files
  await esbuild.build({
    entryPoints: entries,
    outdir: integrationOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // A package's ES module build first, as scripts/build.mjs does: jsonc-parser's UMD main does a dynamic
    // require that esbuild cannot bundle (tests that import the config checker would fail to load).
    mainFields: ['module', 'main'],
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline', // stack traces in failures point at the .ts lines
    sourcesContent: false,
    logLevel: 'error',
  });
  return entries.length - 1;
}

/** The test workspace: a temp copy of examples/ with test/fixtures/workspace/ (if any) laid over it. */
export function integrationWorkspace() {
  const ws = copyWorkspace(join(repoRoot, 'examples'));
  const fixtures = join(repoRoot, 'test', 'fixtures', 'workspace');
  if (existsSync(fixtures)) cpSync(fixtures, ws, { recursive: true });
  return ws;
}
