// A mocha reporter: the spec reporter's lines, plus the suite's totals written as JSON to
// $SUMMARY_FILE, so scripts/test-all.mjs can print one "N passed, N failed" line across suites.
const Mocha = require('mocha');
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.SUMMARY_FILE || (options.reporterOptions && options.reporterOptions.summaryFile);
    // Each failed test's full title and its error's first line: CI shows only the end of the log,
    // so scripts/test-all.mjs repeats them beside the totals.
    const failures = [];
    runner.on('fail', (test, err) => {
      const first = String((err && err.message) || err).split('\n')[0].slice(0, 300);
      failures.push(`${test.fullTitle()}: ${first}`);
    });
    runner.once('end', () => {
      const s = this.stats;
      const summary = { passed: s.passes, failed: s.failures, skipped: s.pending, tests: s.tests, failures };
      if (file) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(summary));
      }
    });
  }
}
module.exports = SummaryReporter;
