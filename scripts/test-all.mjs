// Runs every test suite in turn and ends with one plain line of totals across them:
// "N passed, N failed, N skipped". Exits non-zero when any suite fails or runs no test.
// Before the totals, where the time went (build, each install, each suite), so a cut in CI time
// starts from a measurement (issue 24).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const reporter = path.join(root, 'scripts', 'summary-reporter.cjs');

const only = process.argv.slice(2);
const suites = [
  { name: 'unit', cmd: ['npx', 'mocha', '--config', '.mocharc.unit.json', '--reporter', reporter] },
  { name: 'system', cmd: ['npx', 'mocha', '--config', '.mocharc.system.json', '--reporter', reporter] },
  { name: 'webview', cmd: ['npx', 'mocha', '--config', '.mocharc.webview.json', '--reporter', reporter] },
  { name: 'package', cmd: ['npx', 'mocha', '--timeout', '600000', '--forbid-only', '--fail-zero', '--enable-source-maps', '--reporter', reporter, 'out/test/package/**/*.test.js'] },
  { name: 'integration', cmd: ['bash', '-c', 'bash scripts/install-vscode-server.sh && node out/test/integration/harness/main.js'] },
].filter((s) => only.length === 0 || only.includes(s.name));

/** Seconds each step took, in order, for the closing line. */
const took = [];
function timed(name, fn) {
  const t0 = Date.now();
  try {
    return fn();
  } finally {
    took.push(`${name} ${Math.round((Date.now() - t0) / 1000)} s`);
  }
}

function run(cmd, env = {}) {
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const started = Date.now();
for (const step of [['npx', 'tsc', '-p', '.'], ['npx', 'tsc', '-p', 'webview'], ['npx', 'tsc', '-p', 'test/package'], ['node', 'esbuild.mjs']]) {
  if (timed(`build (${step.slice(0, 2).join(' ')}${step[2] === '-p' ? ` ${step[3]}` : ''})`, () => run(step)) !== 0) {
    console.log(`build step failed: ${step.join(' ')}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

// The real-code system tests also run under Node 20.18 (VS Code 1.96's extension host, which cannot
// require() an ES module); test/system/realcode.test.ts skips that half when this install failed.
if (suites.some((s) => s.name === 'system') && timed('install Node 20.18', () => run(['bash', 'scripts/install-node20.sh'])) !== 0) {
  console.log('could not install Node 20.18: the real-code tests under Node 20.18 will be skipped');
}

let passed = 0, failed = 0, skipped = 0, bad = false;
/** "suite › test: error", repeated beside the totals because CI shows only the end of the log. */
const failedTests = [];
for (const suite of suites) {
  const summaryFile = path.join(results, `${suite.name}-summary.json`);
  rmSync(summaryFile, { force: true });
  console.log(`\n=== ${suite.name} tests ===`);
  const code = timed(suite.name, () => run(suite.cmd, { SUMMARY_FILE: summaryFile }));
  let s = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(summaryFile)) s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  const line = `${suite.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
  for (const f of s.failures ?? []) failedTests.push(`${suite.name} › ${f}`);
  if (code !== 0 && s.failed === 0) { s.failed = 1; failedTests.push(`${suite.name}: exited with code ${code} without reporting a failed test`); console.log(`${suite.name}: the suite exited with code ${code} without reporting a failed test; counted as one failure`); }
  if (s.passed + s.failed === 0) { s.failed = 1; bad = true; failedTests.push(`${suite.name}: no test ran`); console.log(`${suite.name}: no test ran; counted as one failure`); }
  console.log(line);
  passed += s.passed; failed += s.failed; skipped += s.skipped || 0;
  if (code !== 0) bad = true;
}
for (const f of failedTests) console.log(`FAILED: ${f}`);
console.log(`\nall suites took ${Math.round((Date.now() - started) / 1000)} s: ${took.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(bad || failed > 0 ? 1 : 0);
