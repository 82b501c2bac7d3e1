// `npm run test:integration`: runs test/integration/*.test.ts inside a real VS Code.
//
// Picks the desktop path (@vscode/test-electron) where a VS Code is available, else the server
// path (VS Code server + headless Chromium), and says which. Three passes: the ordinary tests with
// the workspace trusted, then the `*.untrusted.test.ts` files in Restricted Mode, then the
// `*.installed.test.ts` files against the packaged VSIX installed into that VS Code (no
// development folder of the profiler; see installedExtension.ts).
//
// Environment:
//   INTEGRATION_HARNESS=desktop|server  force a path (desktop may then download VS Code)
//   VSCODE_EXECUTABLE_PATH              an installed VS Code for the desktop path
//   INTEGRATION_TIMEOUT_S               overall limit, default 600
//   INTEGRATION_VERBOSE=1               also print the workbench's and the server's own output
//   INTEGRATION_GREP=<regexp>           run only the tests whose full title matches
//   INTEGRATION_PASSES=a,b              run only these passes (trusted, untrusted, installed)
//
// Exit code 0 only when every pass reported its totals, at least one test ran and none failed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDesktop, runDesktopPass, type DesktopSource } from './desktopPath';
import { chromiumPath, findServerInstall, resultsDir, inHostRunner, type ServerInstall } from './paths';
import { killEverything } from './processes';
import { prepareInstalled, serverInstallCli } from './installedExtension';
import { TEST_PASSES, isTestPass, type TestPass, type TestTotals } from './protocol';
import { runServerPass, type PassOutcome } from './serverPath';
import { testFilesFor } from './testFiles';

type Plan = { kind: 'desktop'; source: DesktopSource } | { kind: 'server'; run: (pass: TestPass, timeoutMs: number) => Promise<PassOutcome> };

function plan(): Plan {
  const forced = process.env.INTEGRATION_HARNESS;
  if (forced && forced !== 'desktop' && forced !== 'server') throw new Error(`INTEGRATION_HARNESS must be desktop or server, not ${forced}`);
  if (forced !== 'server') {
    const source = findDesktop(forced === 'desktop');
    if (source) return { kind: 'desktop', source };
  }
  const install = findServerInstall();
  const chromium = chromiumPath();
  if (!install || !chromium) {
    throw new Error(
      `no VS Code to test in: set VSCODE_EXECUTABLE_PATH, or run scripts/install-vscode-server.sh ` +
        `(missing: ${[!install && 'the VS Code server in .vscode-test/', !chromium && '/usr/bin/chromium'].filter(Boolean).join(', ')})`,
    );
  }
  return {
    kind: 'server',
    run: (pass, timeoutMs) => (pass === 'installed' ? runInstalledServerPass(install, chromium, timeoutMs) : runServerPass({ install, chromium, pass, timeoutMs })),
  };
}

/** Package, install with the server's own CLI, then the pass; the scratch folder goes either way. */
async function runInstalledServerPass(install: ServerInstall, chromium: string, timeoutMs: number): Promise<PassOutcome> {
  const started = Date.now();
  let setup;
  try {
    setup = await prepareInstalled((scratch) => serverInstallCli(install.node, install.serverMain, scratch), timeoutMs);
  } catch (err) {
    return { problem: (err as Error).message };
  }
  try {
    const mb = (fs.statSync(setup.vsix).size / 1024 / 1024).toFixed(2);
    console.log(
      `[harness] installed pass: packaged ${path.basename(setup.vsix)} (${mb} MB) in ${(setup.packageMs / 1000).toFixed(1)} s, ` +
        `installed it with --install-extension in ${(setup.installMs / 1000).toFixed(1)} s`,
    );
    return await runServerPass({ install, chromium, pass: 'installed', timeoutMs: timeoutMs - (Date.now() - started), installed: setup });
  } finally {
    setup.dispose();
  }
}

/** INTEGRATION_PASSES, or every pass. */
function chosenPasses(): readonly TestPass[] {
  const raw = process.env.INTEGRATION_PASSES;
  if (!raw) return TEST_PASSES;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !isTestPass(n));
  if (bad.length > 0) throw new Error(`INTEGRATION_PASSES: unknown pass ${bad.join(', ')} (choose from ${TEST_PASSES.join(', ')})`);
  return TEST_PASSES.filter((p) => names.includes(p));
}

function describe(p: Plan): string {
  if (p.kind === 'server') {
    const install = findServerInstall()!;
    return `server path: VS Code ${install.vscodeVersion} server (code-server ${install.codeServerVersion}, Node ${install.nodeVersion}) in headless Chromium`;
  }
  const s = p.source;
  return `desktop path: @vscode/test-electron with ${s.kind === 'executable' ? s.path : s.kind === 'cached' ? `cached VS Code ${s.version}` : 'a downloaded VS Code'}`;
}

/** Electron needs a display: on Linux without one, start this same command again under xvfb-run. */
function reexecUnderXvfb(): number | undefined {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.INTEGRATION_UNDER_XVFB) return undefined;
  console.log('[harness] no DISPLAY: running under xvfb-run');
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, INTEGRATION_UNDER_XVFB: '1' },
  });
  if (r.error) throw new Error(`xvfb-run is needed for the desktop path without a display (apt-get install xvfb): ${r.error.message}`);
  return r.status ?? 1;
}

async function main(): Promise<number> {
  const started = Date.now();
  const limitMs = Number(process.env.INTEGRATION_TIMEOUT_S ?? 600) * 1000;
  if (!fs.existsSync(inHostRunner)) throw new Error(`${inHostRunner} is missing: compile first (npx tsc -p .)`);
  if (!fs.existsSync(path.join(path.dirname(inHostRunner), '..', '..', '..', 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: build first (node esbuild.mjs)');
  }
  const chosen = plan();
  if (chosen.kind === 'desktop') {
    const code = reexecUnderXvfb();
    if (code !== undefined) return code;
  }
  console.log(`[harness] ${describe(chosen)}`);

  // Each server pass ends itself at the limit and cleans up; this is the backstop (and the desktop
  // path's only limit): whatever is still running is killed and the run fails.
  setTimeout(() => {
    console.log(`[harness] FAILED: the integration tests ran past ${limitMs / 1000} s`);
    killEverything();
    process.exit(1);
  }, limitMs + 15_000).unref();

  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 };
  const problems: string[] = [];
  const failures: string[] = [];
  const perPass: string[] = [];
  for (const pass of chosenPasses()) {
    if (testFilesFor(pass).length === 0) continue;
    const passStarted = Date.now();
    const left = limitMs - (passStarted - started);
    if (left < 1000) {
      problems.push(`${pass} pass: not started, the ${limitMs / 1000} s limit was spent`);
      continue;
    }
    console.log(`[harness] ${pass} pass`);
    const outcome = chosen.kind === 'server' ? await chosen.run(pass, left) : await runDesktopPass(chosen.source, pass, left);
    const took = `${((Date.now() - passStarted) / 1000).toFixed(1)} s`;
    console.log(`[harness] ${pass} pass took ${took}`);
    const t = outcome.totals;
    perPass.push(`${pass} ${t ? `${t.passed}/${t.failed}/${t.skipped}` : 'no totals'} in ${took}`);
    if (outcome.totals) {
      totals.passed += outcome.totals.passed;
      totals.failed += outcome.totals.failed;
      totals.skipped += outcome.totals.skipped;
      for (const f of outcome.totals.failures ?? []) failures.push(`${pass} pass › ${f}`);
    }
    if (outcome.problem) problems.push(`${pass} pass: ${outcome.problem}`);
    else if (!outcome.totals) problems.push(`${pass} pass: the tests reported no totals (exit code ${outcome.exitCode})`);
    else if (outcome.exitCode !== 0 && outcome.totals.failed === 0) problems.push(`${pass} pass: exit code ${outcome.exitCode}`);
  }
  if (totals.passed + totals.failed === 0) problems.push('no integration test ran');

  fs.mkdirSync(resultsDir, { recursive: true });
  // Under npm test each run names its own file: two harnesses may run at once (the installed pass apart).
  if (!process.env.SUMMARY_FILE) fs.writeFileSync(path.join(resultsDir, 'integration-summary.json'), JSON.stringify(totals));
  if (process.env.SUMMARY_FILE) {
    fs.mkdirSync(path.dirname(process.env.SUMMARY_FILE), { recursive: true });
    fs.writeFileSync(process.env.SUMMARY_FILE, JSON.stringify({ ...totals, tests: totals.passed + totals.failed + totals.skipped, failures: [...failures, ...problems] }));
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[harness] passes (passed/failed/skipped): ${perPass.join('; ')}`);
  console.log(`[harness] integration: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped (${chosen.kind} path, ${secs} s)`);
  for (const p of problems) console.log(`[harness] FAILED: ${p}`);
  return totals.failed > 0 || problems.length > 0 ? 1 : 0;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[harness] ${signal}: stopping every process the harness started`);
    killEverything();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.log(`[harness] FAILED: ${err.message}`);
    killEverything();
    process.exit(1);
  },
);
