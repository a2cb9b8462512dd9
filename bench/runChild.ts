/** Runs one Job in a fresh Node process and parses its result line. */

import { spawn } from 'node:child_process';
import { RESULT_PREFIX, type ChildResults, type Job } from './job';

/** Runs `command args` and resolves with the JSON after RESULT_PREFIX on its stdout; `what` names it in errors. */
export function runForResult<T>(command: string, args: readonly string[], what: string, env?: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`benchmark child failed (exit ${code}) for ${what}:\n${stderr.trim()}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
    });
  });
}

/** `nodeFlags` go before the script (e.g. --cpu-prof). */
export function runChild(childScript: string, job: Job, nodeFlags: readonly string[] = []): Promise<ChildResults> {
  return runForResult<ChildResults>(process.execPath, [...nodeFlags, childScript, JSON.stringify(job)], JSON.stringify(job));
}
