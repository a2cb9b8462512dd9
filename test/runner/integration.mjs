// Integration tier: runs test/integration/*.test.ts inside a real VS Code extension host (code-server 4.100.3 =
// VS Code 1.100.3), the way @vscode/test-electron would on a desktop:
//   build the extension -> compile the suite -> start code-server on a free 127.0.0.1 port with fresh user data ->
//   open the workbench in headless Chromium with payload extensionDevelopmentPath + extensionTestsPath ->
//   test/integration/index.ts run() executes mocha in the extension host and writes results to a file we wait for.
// Usage: npm run test:integration [-- --grep <pattern>] [-- --locale zh-cn] [-- --restricted]     Env: GRADLAB_INTEGRATION_TIMEOUT_S (default 1200).
// Prints the mocha summary and a final line `N passed, N failed`; exits 1 on any failure or when no test ran.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestEnvironment } from '../../scripts/ensure-code-server.mjs';
import { buildExtension, freePort, launchChromium, interrupted, runCleanups, startCodeServer, tempDir, waitFor, workbenchUrl } from '../../scripts/code-server.mjs';
import { compileIntegrationSuite, integrationLaunch, integrationWorkspace } from './compile-integration.mjs';
import { printSummary } from './summary.mjs';

const log = (m) => console.log(`[integration] ${m}`);
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt > 0 ? process.argv[grepAt + 1] : undefined;
const localeAt = process.argv.indexOf('--locale');
const locale = localeAt > 0 ? process.argv[localeAt + 1] : undefined;
// --restricted: workspace trust on and the folder untrusted (Restricted Mode), for the tests named "Restricted Mode".
const restricted = process.argv.includes('--restricted');
const suiteTimeoutMs = Number(process.env.GRADLAB_INTEGRATION_TIMEOUT_S ?? 1200) * 1000;

async function main() {
  const t0 = Date.now();
  ensureTestEnvironment();
  await buildExtension();
  const files = await compileIntegrationSuite();
  log(`compiled ${files} test file(s) into out/test/integration/`);

  const io = tempDir('integration');
  const resultsFile = join(io, 'results.json');
  const progressFile = join(io, 'progress.log');
  const workspace = integrationWorkspace();
  const server = await startCodeServer({
    port: await freePort(),
    workspace,
    locale,
    restricted,
    log,
    // Runs train as fast as possible unless a test slows them down (the product's default is watchable: 40 steps/s).
    settings: { 'gradientLab.training.stepsPerSecond': 0 },
    // Inherited by the extension host that code-server spawns: tells index.ts where to write.
    env: { GRADLAB_TEST_RESULTS: resultsFile, GRADLAB_TEST_LOG: progressFile, ...(grep ? { GRADLAB_TEST_GREP: grep } : {}) },
  });

  const browser = await launchChromium();
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const url = workbenchUrl({ port: server.port, folder: workspace, ...integrationLaunch() });
  log('opening the workbench with the extension in development mode and the test module');
  await page.goto(url, { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 }).catch(() => {
    throw new Error('timed out after 120 s waiting for the VS Code workbench (.monaco-workbench) to appear');
  });

  // Stream progress lines while the suite runs.
  let printed = 0;
  const pump = () => {
    if (!existsSync(progressFile)) return;
    const text = readFileSync(progressFile, 'utf8');
    const end = text.lastIndexOf('\n') + 1; // complete lines only
    if (end > printed) { process.stdout.write(text.slice(printed, end).split('\n').slice(0, -1).map((l) => `  ${l}\n`).join('')); printed = end; }
  };
  const diagnostics = () => `\nbrowser console errors:\n${consoleErrors.slice(-20).join('\n') || '(none)'}\ncode-server output (tail):\n${server.output().slice(-4000)}`;
  try {
    await waitFor('the extension host to call run() in out/test/integration/index.js (progress file)', () => { pump(); return existsSync(progressFile); }, { timeoutMs: 180_000, intervalMs: 500 });
    await waitFor(`the integration results file (${suiteTimeoutMs / 1000} s budget)`, () => { pump(); return existsSync(resultsFile); }, { timeoutMs: suiteTimeoutMs, intervalMs: 500 });
  } catch (e) {
    throw new Error(e.message + diagnostics());
  }
  pump();
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  return printSummary('integration', results, Date.now() - t0);
}

let code = 1;
try {
  code = await main();
} catch (e) {
  if (interrupted()) await new Promise(() => {}); // the signal handler is stopping everything and exits
  console.error(`[integration] FAILED: ${e.message}`);
  console.log('0 passed, 1 failed');
}
await runCleanups();
process.exit(code);
