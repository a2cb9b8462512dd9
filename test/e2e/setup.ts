// Mocha root hooks for the e2e tier (loaded by test/e2e/mocharc.json): one workbench for the whole run, and every
// test fails when, meanwhile, the browser logged a CSP violation or an error from the extension or its webviews,
// or VS Code shows an error dialog / error notification (tests that expect one dismiss it with takeErrorUi()).
import type { Context } from 'mocha';
import { startWorkbench, stopWorkbench, workbench } from './harness';

const log = (m: string) => console.log(`    [e2e] ${m}`);
/** Time for late console messages (CSP reports arrive asynchronously) before a test's problems are read. */
const SETTLE_MS = 300;

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(300_000);
    const t0 = Date.now();
    await startWorkbench(log);
    log(`workbench ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  },

  async afterAll(this: Context) {
    this.timeout(30_000);
    await stopWorkbench();
  },

  // Wraps the test body so that problems seen while it ran fail this test (a failing afterEach hook would
  // instead abort every remaining test).
  beforeEach(this: Context) {
    const test = this.currentTest;
    const body = test?.fn;
    if (!test || !body || body.length > 0) return; // done-callback tests are left as they are
    test.fn = async function (this: Context) {
      await (body as (this: Context) => unknown).call(this);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const problems = [...workbench().takeProblems(), ...(await workbench().takeErrorUi())];
      if (problems.length) throw new Error(`the workbench reported ${problems.length} problem(s) during this test:\n${problems.join('\n')}`);
    };
  },

  async afterEach(this: Context) {
    const t = this.currentTest;
    if (t?.state !== 'failed') return;
    try {
      const file = await workbench().screenshot(`FAILED-${t.fullTitle()}`);
      log(`screenshot of the failure: ${file}`);
      await workbench().takeErrorUi(); // a leftover modal dialog would block every later test
    } catch (e) {
      log(`after the failure: ${(e as Error).message}`);
    }
  },
};
