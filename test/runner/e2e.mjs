// End-to-end tier: mocha runs test/e2e/*.e2e.ts (TypeScript through tsx) against one code-server + headless
// Chromium started by the root hooks in test/e2e/setup.ts (see test/e2e/harness.ts).
// Usage: npm run test:e2e [-- <extra mocha args, e.g. --grep "activation">]   Env: GRADLAB_E2E_TIMEOUT_S (default 1200).
// Prints the spec output, the summary and a final line `N passed, N failed`; exits 1 on any failure or no test.
import { ensureTestEnvironment } from '../../scripts/ensure-code-server.mjs';
import { buildExtension, interrupted, runCleanups } from '../../scripts/code-server.mjs';
import { runMocha } from './mocha-tier.mjs';
import { printSummary } from './summary.mjs';

const t0 = Date.now();
let code = 1;
try {
  ensureTestEnvironment();
  await buildExtension();
  const timeoutMs = Number(process.env.GRADLAB_E2E_TIMEOUT_S ?? 1200) * 1000;
  const results = await runMocha(['--config', 'test/e2e/mocharc.json', ...process.argv.slice(2)], { timeoutMs, tier: 'e2e' });
  code = printSummary('e2e', results, Date.now() - t0, { failuresPrinted: results.reportedByMocha });
} catch (e) {
  if (interrupted()) await new Promise(() => {}); // the signal handler is stopping everything and exits
  console.error(`[e2e] FAILED: ${e.message}`);
  console.log('0 passed, 1 failed');
}
await runCleanups();
process.exit(code);
