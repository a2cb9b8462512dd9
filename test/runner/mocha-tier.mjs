// Runs mocha as a child process with the summary reporter (test/runner/summary-reporter.cjs), bounded in time, and
// returns its counts. Used by the unit tier (root .mocharc.json) and the e2e tier (test/e2e/mocharc.json).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir, onCleanup } from '../../scripts/code-server.mjs';

const mochaBin = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');

/**
 * reportedByMocha: the spec reporter already printed the failures (false when the run itself failed).
 * @returns {Promise<{passed:number, failed:number, pending:number, failures:{title:string,message:string,stack?:string}[], reportedByMocha?:boolean}>}
 */
export async function runMocha(args, { timeoutMs, tier }) {
  const summaryFile = join(tempDir(`${tier}-summary`), 'summary.json');
  const child = spawn(process.execPath, [mochaBin, '--reporter', join(repoRoot, 'test/runner/summary-reporter.cjs'), ...args], {
    cwd: repoRoot, stdio: 'inherit', detached: true, env: { ...process.env, GRADLAB_SUMMARY_FILE: summaryFile },
  });
  const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
  let exited = false;
  const stop = onCleanup(() => { if (!exited) kill('SIGTERM'); });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; kill('SIGTERM'); setTimeout(() => kill('SIGKILL'), 10_000).unref(); }, timeoutMs);
  const code = await new Promise((res) => child.on('exit', (c, s) => { exited = true; res(c ?? s); }));
  clearTimeout(timer);
  await stop();
  if (timedOut) return { passed: 0, failed: 1, pending: 0, failures: [{ title: `${tier} tier`, message: `timed out after ${timeoutMs / 1000} s` }] };
  if (!existsSync(summaryFile)) {
    return { passed: 0, failed: 1, pending: 0, failures: [{ title: `${tier} tier`, message: `mocha exited (${code}) without results (no test files, or a load error above)` }] };
  }
  return { ...JSON.parse(readFileSync(summaryFile, 'utf8')), reportedByMocha: true };
}
