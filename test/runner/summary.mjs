// One summary format for every tier: mocha-like "N passing / N failing" lines, each failure with its message, and a
// final line exactly `N passed, N failed` that scripts/test-all.mjs (and people) read.

/**
 * Prints the summary of a tier; returns the exit code (1 when anything failed or nothing ran).
 * failuresPrinted: mocha's spec reporter already listed the failures; print only the counts.
 */
export function printSummary(tier, { passed, failed, pending = 0, failures = [] }, wallMs, { failuresPrinted = false } = {}) {
  console.log('');
  console.log(`  ${passed} passing (${(wallMs / 1000).toFixed(1)} s)`);
  if (pending) console.log(`  ${pending} pending`);
  if (failed) console.log(`  ${failed} failing`);
  if (!failuresPrinted) failures.forEach((f, i) => {
    console.log(`\n  ${i + 1}) ${f.title}\n     ${String(f.message).replace(/\n/g, '\n     ')}`);
    const at = String(f.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 5);
    if (at.length) console.log(at.map((l) => `     ${l.trim()}`).join('\n'));
  });
  if (passed + failed === 0) console.log(`\n  [${tier}] no test ran: counted as a failure`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed + failed === 0 ? 1 : 0;
}

/** Reads the last `N passed, N failed` line of a tier's output. */
export function parseSummaryLine(output) {
  const m = [...String(output).matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}
