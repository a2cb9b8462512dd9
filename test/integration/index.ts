// The extension-host test module (VS Code's `extensionTestsPath`). VS Code loads it inside the real extension host
// (code-server here, desktop VS Code through @vscode/test-electron) and awaits `run()`. It runs every compiled
// `*.test.js` beside it with mocha. Nothing reports results back to the launching script, so progress lines and a
// final JSON result go to files named by GRADLAB_TEST_LOG / GRADLAB_TEST_RESULTS (set by test/runner/integration.mjs).
//
// Style: mocha BDD globals (describe / it / before / after / beforeEach / afterEach), as in the unit tests.
// TDD globals (suite / test / suiteSetup / ...) are registered too, for tests written from VS Code's samples.
import { appendFileSync, readdirSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface IntegrationFailure { title: string; message: string; stack?: string }
export interface IntegrationResults { total: number; passed: number; failed: number; pending: number; durationMs: number; failures: IntegrationFailure[] }

const resultsFile = process.env.GRADLAB_TEST_RESULTS ?? join(__dirname, 'results.json');
const logFile = process.env.GRADLAB_TEST_LOG ?? join(__dirname, 'progress.log');

function progress(line: string): void {
  appendFileSync(logFile, line + '\n');
}

/** A reporter that writes spec-like lines to the progress file and collects the results. */
function fileReporter(results: IntegrationResults) {
  return function FileReporter(runner: Mocha.Runner) {
    // Indentation from the title path (stateless: stays right whatever order suites end in).
    const indent = (r: Mocha.Runnable | Mocha.Suite) => '  '.repeat(Math.max(0, r.titlePath().length - 1));
    runner.on('suite', (s: Mocha.Suite) => { if (s.title) progress(`${indent(s)}${s.title}`); });
    runner.on('pass', (t: Mocha.Test) => { results.passed++; progress(`${indent(t)}✔ ${t.title} (${t.duration ?? 0} ms)`); });
    runner.on('pending', (t: Mocha.Test) => { results.pending++; progress(`${indent(t)}- ${t.title} (pending)`); });
    runner.on('fail', (t: Mocha.Runnable, err: Error) => {
      results.failed++;
      results.failures.push({ title: t.fullTitle(), message: err?.message ?? String(err), stack: err?.stack });
      progress(`${indent(t)}✘ ${t.title}: ${String(err?.message ?? err).split('\n')[0]}`);
    });
  };
}

export async function run(): Promise<void> {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(logFile, '');
  const results: IntegrationResults = { total: 0, passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [] };
  const t0 = Date.now();
  try {
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000 });
    Mocha.interfaces.tdd(mocha.suite); // suite/test globals as well (see the header)
    if (process.env.GRADLAB_TEST_GREP) mocha.grep(process.env.GRADLAB_TEST_GREP);
    mocha.reporter(fileReporter(results) as unknown as typeof Mocha.reporters.Base);
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
    progress(`[integration] VS Code ${vscode.version}; ${files.length} test files: ${files.join(', ')}`);
    for (const f of files) mocha.addFile(join(__dirname, f));
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } catch (e) {
    const err = e as Error;
    results.failed++;
    results.failures.push({ title: 'integration suite setup', message: err.message, stack: err.stack });
    progress(`✘ integration suite setup: ${err.message}`);
  }
  results.total = results.passed + results.failed;
  results.durationMs = Date.now() - t0;
  // Written then renamed, so the runner never reads a half-written file.
  writeFileSync(resultsFile + '.tmp', JSON.stringify(results, null, 2));
  renameSync(resultsFile + '.tmp', resultsFile);
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}
