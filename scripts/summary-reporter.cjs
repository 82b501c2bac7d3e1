// A mocha reporter: the spec reporter's lines, plus the suite's totals written as JSON to
// $SUMMARY_FILE, so scripts/test-all.mjs can print one "N passed, N failed" line across suites.
const Mocha = require('mocha');
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.SUMMARY_FILE || (options.reporterOptions && options.reporterOptions.summaryFile);
    runner.once('end', () => {
      const s = this.stats;
      const summary = { passed: s.passes, failed: s.failures, skipped: s.pending, tests: s.tests };
      if (file) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(summary));
      }
    });
  }
}
module.exports = SummaryReporter;
