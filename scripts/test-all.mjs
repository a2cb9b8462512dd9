// `npm test`: every tier, in order, each with its summary, then one overall line `N passed, N failed`.
//   1. typecheck    scripts/typecheck.mjs: tsc on every src/<folder>/tsconfig.json and tsconfig.test.json (one per project)
//   2. lint         scripts/lint.mjs: ESLint (eslint.config.mjs: typescript-eslint + the folder import fences), one per file
//   3. unit         mocha (.mocharc.json: src/**/*.test.ts, test/unit/**/*.test.ts)
//   4. integration  test/runner/integration.mjs (mocha inside the real VS Code extension host, code-server)
//   5. zh-cn        the integration runner again, VS Code in Simplified Chinese, tests named "zh-cn" only
//   6. restricted   the integration runner again, the workspace untrusted (Restricted Mode), tests named so only
//   7. e2e          test/runner/e2e.mjs (playwright-core + Chromium driving code-server)
// Installs what the browser tiers need and builds the extension first (scripts/ensure-code-server.mjs, build.mjs).
// Runs every tier even after a failure, and exits 1 if any tier failed or ran no test. `--only unit,e2e` runs a subset.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureTestEnvironment } from './ensure-code-server.mjs';
import { buildExtension, repoRoot, runCleanups, onCleanup } from './code-server.mjs';
import { runMocha } from '../test/runner/mocha-tier.mjs';
import { printSummary, parseSummaryLine } from '../test/runner/summary.mjs';

const MIN = 60_000;
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1].split(',')) : undefined;
const wanted = (tier) => !only || only.has(tier);
const banner = (t) => console.log(`\n${'='.repeat(20)} ${t} ${'='.repeat(Math.max(0, 60 - t.length))}`);

/** Runs `node args` with output passed through and kept; bounded. */
function runNodeCapture(args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    const stop = onCleanup(() => kill('SIGTERM'));
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; kill('SIGTERM'); setTimeout(() => kill('SIGKILL'), 15_000).unref(); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); stop(); resolve({ code, out, timedOut }); });
  });
}

/** A runner script that prints `N passed, N failed` as its last summary line. */
async function runnerTier(script, timeoutMs, args = []) {
  const { code, out, timedOut } = await runNodeCapture([join(repoRoot, script), ...args], timeoutMs);
  const counts = parseSummaryLine(out);
  if (timedOut) return { passed: counts?.passed ?? 0, failed: (counts?.failed ?? 0) + 1, note: `timed out after ${timeoutMs / MIN} min` };
  if (!counts) return { passed: 0, failed: 1, note: `exit ${code} without a summary line` };
  if (code !== 0 && counts.failed === 0) return { ...counts, failed: 1, note: `exit ${code}` };
  return counts;
}

const tiers = [
  ['typecheck', () => runnerTier('scripts/typecheck.mjs', 15 * MIN)],
  ['lint', () => runnerTier('scripts/lint.mjs', 10 * MIN)],
  ['unit', async (ts) => {
    const r = await runMocha([], { tier: 'unit', timeoutMs: 15 * MIN });
    printSummary('unit', r, Date.now() - ts, { failuresPrinted: r.reportedByMocha });
    return r;
  }],
  ['integration', () => runnerTier('test/runner/integration.mjs', 22 * MIN)],
  ['zh-cn', () => runnerTier('test/runner/integration.mjs', 5 * MIN, ['--locale', 'zh-cn', '--grep', 'zh-cn'])],
  ['restricted', () => runnerTier('test/runner/integration.mjs', 5 * MIN, ['--restricted', '--grep', 'Restricted Mode'])],
  ['e2e', () => runnerTier('test/runner/e2e.mjs', 25 * MIN)],
];

const t0 = Date.now();
const rows = [];
try {
  banner('setup');
  ensureTestEnvironment();
  // The unit tier also checks built artifacts (the CLI's exit codes, the worker bundle, the packed MNIST digits
  // and the recipe's accuracy on them): build first, so a fresh clone runs those tests instead of skipping them.
  await buildExtension();
  for (const [name, run] of tiers.filter(([n]) => wanted(n))) {
    banner(name);
    const ts = Date.now();
    let r;
    try { r = await run(ts); } catch (e) { r = { passed: 0, failed: 1, note: e.message }; }
    rows.push({ name, ...r, seconds: (Date.now() - ts) / 1000 });
  }
} catch (e) {
  console.error(`setup failed: ${e.message}`);
  rows.push({ name: 'setup', passed: 0, failed: 1, note: e.message, seconds: 0 });
}

banner('summary');
let passed = 0, failed = 0;
for (const r of rows) {
  const empty = r.passed + r.failed === 0;
  const f = r.failed + (empty ? 1 : 0); // a tier that runs nothing fails
  passed += r.passed; failed += f;
  console.log(`  ${f ? '✘' : '✔'} ${r.name.padEnd(12)} ${String(r.passed).padStart(4)} passed, ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1).padStart(6)} s${empty ? '  (no test ran)' : ''}${r.note ? `  (${r.note})` : ''}`);
}
console.log(`  total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
await runCleanups();
process.exit(failed > 0 || rows.length === 0 ? 1 : 0);
