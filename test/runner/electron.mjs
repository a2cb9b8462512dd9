// The standard @vscode/test-electron runner, for machines with a desktop (or xvfb) and access to
// update.code.visualstudio.com: downloads VS Code 1.100.3 into .vscode-test/ (once), then runs the same extension-host
// suite as the code-server integration tier (out/test/integration/index.js) in the Electron VS Code.
// Not part of `npm test`: on a machine without that network access the download fails, and this script says so.
// Usage: npm run test:electron [-- --grep <regex>] [-- --locale zh-cn]   (headless Linux: xvfb-run -a npm run test:electron)
// Env: GRADLAB_VSCODE_VERSION (default 1.100.3), GRADLAB_VSCODE_EXECUTABLE (use an installed VS Code, no download).
// The extension, the test module and the VS Code arguments come from compile-integration.mjs, as for code-server.
import { runTests } from '@vscode/test-electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension, interrupted, runCleanups, tempDir } from '../../scripts/code-server.mjs';
import { compileIntegrationSuite, electronRunOptions, integrationWorkspace } from './compile-integration.mjs';
import { printSummary } from './summary.mjs';

const version = process.env.GRADLAB_VSCODE_VERSION ?? '1.100.3';
const option = (name) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const grep = option('--grep');
const locale = option('--locale');
const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;
const TOTAL_TIMEOUT_MS = 30 * 60_000;

let code = 1;
const t0 = Date.now();
try {
  await buildExtension();
  await compileIntegrationSuite();
  const workspace = integrationWorkspace();
  const io = tempDir('electron');
  const resultsFile = join(io, 'results.json');
  process.env.GRADLAB_TEST_RESULTS = resultsFile; // inherited by VS Code and its extension host
  process.env.GRADLAB_TEST_LOG = join(io, 'progress.log');
  if (grep) process.env.GRADLAB_TEST_GREP = grep;

  let timer;
  const run = runTests(electronRunOptions({
    workspace, version, locale, vscodeExecutablePath: process.env.GRADLAB_VSCODE_EXECUTABLE, timeout: DOWNLOAD_IDLE_TIMEOUT_MS,
  })).catch((e) => {
    const msg = e?.message ?? String(e);
    if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|timeout|fetch failed|update\.code\.visualstudio\.com|Failed to get JSON/i.test(msg)) {
      throw new Error(`could not download VS Code ${version} (${msg}).\n` +
        'This runner needs update.code.visualstudio.com; without it use `npm run test:integration` (code-server), ' +
        'or point GRADLAB_VSCODE_EXECUTABLE at an installed VS Code.');
    }
    throw e;
  });
  const limit = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${TOTAL_TIMEOUT_MS / 60_000} min`)), TOTAL_TIMEOUT_MS); });
  const exitCode = await Promise.race([run, limit]).finally(() => clearTimeout(timer));
  if (existsSync(process.env.GRADLAB_TEST_LOG)) process.stdout.write(readFileSync(process.env.GRADLAB_TEST_LOG, 'utf8').replace(/^/gm, '  '));
  if (!existsSync(resultsFile)) throw new Error(`VS Code exited (${exitCode}) without writing test results`);
  code = printSummary('electron', JSON.parse(readFileSync(resultsFile, 'utf8')), Date.now() - t0);
} catch (e) {
  if (interrupted()) await new Promise(() => {}); // the signal handler is stopping everything and exits
  console.error(`[electron] FAILED: ${e.message}`);
  console.log('0 passed, 1 failed');
}
await runCleanups();
process.exit(code);
