// The in-host test runner: VS Code loads this file (extensionTestsPath) inside the extension host
// and calls run(). Resolving means exit code 0, rejecting means 1, on both harness paths.
//
// Which files run depends on the pass (harness/testFiles.ts). In the installed pass VS Code loads
// this file through the test driver's runner.js (harness/installedExtension.ts), still from the
// repository's out/, never from the installed extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { repoRoot } from './harness/paths';
import { testFilesFor } from './harness/testFiles';
import { ENV, OUTPUT_TAG, SUMMARY_TAG, formatTagged, isTestPass, type TestPass, type TestTotals } from './harness/protocol';

// mocha 12 is an ES module; its CommonJS build loads with plain `require` even on hosts whose Node
// cannot require ES modules (VS Code desktop before Node 22).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha: typeof import('mocha') = require('mocha/lib/mocha.cjs');

/** The project's reporter (spec lines plus totals in $SUMMARY_FILE); the plain spec reporter if it cannot load here. */
function reporter(): string | typeof Mocha.reporters.Base {
  const file = path.join(repoRoot, 'scripts', 'summary-reporter.cjs');
  try {
    require(file);
    return file;
  } catch (err) {
    hostLog(`[integration] ${file} did not load (${(err as Error).message}); using the spec reporter`);
    return Mocha.reporters.Spec;
  }
}

/**
 * Server path: the page console is shared with the workbench's own log chatter, and VS Code's
 * forwarder drops printf formatting (mocha prints `✔ %s` plus the title) and cannot be replaced
 * (it defines console.log with a no-op setter). So the reporter's lines are formatted here and
 * tagged for the runner to pick out; tests print through support/workbench.ts's `log`.
 */
function tagReporterOutput(): void {
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => console.log(OUTPUT_TAG + format(...args));
}

function hostLog(message: string): void {
  console.log((process.env[ENV.harness] === 'server' ? OUTPUT_TAG : '') + message);
}

/** Totals for the outer runner: a console line (server path: the page console) and a file (desktop path). */
function report(totals: TestTotals): void {
  console.log(formatTagged(SUMMARY_TAG, totals));
  const file = process.env[ENV.totalsFile];
  if (file) fs.writeFileSync(file, JSON.stringify(totals));
}

export function run(): Promise<void> {
  const named = process.env[ENV.pass];
  const pass: TestPass = isTestPass(named) ? named : 'trusted';
  if (process.env[ENV.harness] === 'server') tagReporterOutput();
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, forbidOnly: true, color: false, reporter: reporter() });
  // INTEGRATION_GREP=<regexp> runs only the tests whose full title matches (the environment reaches the host on both paths).
  if (process.env.INTEGRATION_GREP) mocha.grep(new RegExp(process.env.INTEGRATION_GREP));
  const files = testFilesFor(pass);
  for (const f of files) mocha.addFile(f);
  hostLog(`[integration] ${pass} pass: ${files.length} test file(s) in ${__dirname}`);

  return new Promise<void>((resolve, reject) => {
    const totals: TestTotals = { passed: 0, failed: 0, skipped: 0, failures: [] };
    try {
      const runner = mocha.run((failures) => {
        report(totals);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (totals.passed + totals.failed === 0) reject(new Error('no integration test ran'));
        else resolve();
      });
      runner.on('pass', () => totals.passed++);
      runner.on('fail', (test, err) => {
        totals.failed++;
        totals.failures?.push(`${test.fullTitle()}: ${String((err as Error)?.message ?? err).split('\n')[0].slice(0, 300)}`);
      });
      runner.on('pending', () => totals.skipped++);
    } catch (err) {
      // A test file that throws while loading lands here: report it as a failure, not as silence.
      hostLog(`[integration] the tests did not start: ${(err as Error).stack ?? String(err)}`);
      report({ ...totals, failed: totals.failed + 1, failures: [...(totals.failures ?? []), `the tests did not start: ${(err as Error).message}`] });
      reject(err);
    }
  });
}
