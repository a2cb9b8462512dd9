// Mocha reporter for the unit and e2e tiers: the usual spec output, plus the counts and failures written as JSON
// to $GRADLAB_SUMMARY_FILE, which the tier runners turn into the `N passed, N failed` summary.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (t, err) => failures.push({ title: t.fullTitle(), message: err?.message ?? String(err), stack: err?.stack }));
    runner.once('end', () => {
      const s = this.stats;
      const out = process.env.GRADLAB_SUMMARY_FILE;
      if (out) writeFileSync(out, JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending, failures }));
    });
  }
}
module.exports = SummaryReporter;
