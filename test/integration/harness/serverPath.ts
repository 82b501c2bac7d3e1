// The server path: the VS Code server from the npm package code-server (installed by
// scripts/install-vscode-server.sh), its web workbench in headless Debian Chromium, the tests in
// the server's extension host (Node 24). Verified recipe: issue 3 and NOTES.md.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { ENV, type TestPass, type TestTotals } from './protocol';
import { fixtureWorkspace, inHostRunner, repoRoot, type ServerInstall } from './paths';
import { freePort, killGroup, removeOnExit, spawnGroup, waitForHttp } from './processes';
import { WorkbenchPage } from './workbenchPage';
import type { InstalledSetup } from './installedExtension';

export interface PassOutcome {
  /** The exit code the workbench reported for the tests, or undefined when it never did. */
  exitCode?: number;
  totals?: TestTotals;
  /** Why the pass could not finish: a crash, a timeout, a server that would not start. */
  problem?: string;
}

export interface ServerPassOptions {
  install: ServerInstall;
  chromium: string;
  pass: TestPass;
  /** Wall-clock budget of this pass, in ms. */
  timeoutMs: number;
  /** Installed pass: the extensions folder holding the VSIX and the test driver to develop instead of the repository. */
  installed?: InstalledSetup;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The extension host inherits the server's environment: drop what belongs to an outer VS Code. */
function serverEnv(pass: TestPass, installed: InstalledSetup | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'SUMMARY_FILE') continue;
    env[k] = v;
  }
  env[ENV.harness] = 'server';
  env[ENV.pass] = pass;
  if (installed) env[ENV.extensionsDir] = installed.extensionsDir;
  return env;
}

/**
 * The trusted and untrusted passes develop the repository itself; the installed pass develops the
 * test driver (installedExtension.ts), so the profiler loads from the extensions folder alone.
 */
function workbenchUrl(port: number, installed: InstalledSetup | undefined): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(installed?.driverDir ?? repoRoot)],
    ['extensionTestsPath', remote(installed?.runner ?? inHostRunner)],
    // Forces the Node extension host (not the web worker one) for the extension under development.
    ['extensionDevelopmentKind', 'workspace'],
  ];
  const q = new URLSearchParams({ folder: fixtureWorkspace, payload: JSON.stringify(payload) });
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}

const HOST_EXIT = /Extension Host Process exited with code: (\S+), signal: (\S+?)\./;

/** The last lines the server printed, shown when a pass fails. */
class Tail {
  private lines: string[] = [];
  push(chunk: Buffer): void {
    this.lines.push(...chunk.toString().split('\n').filter((l) => l.trim() !== ''));
    if (this.lines.length > 60) this.lines = this.lines.slice(-60);
  }
  toString(): string {
    return this.lines.map((l) => `  | ${l}`).join('\n');
  }
}

export async function runServerPass(opts: ServerPassOptions): Promise<PassOutcome> {
  const scratch = removeOnExit(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-vscode-server-')));
  const dir = (name: string): string => {
    const d = path.join(scratch, name);
    fs.mkdirSync(d);
    return d;
  };
  const port = await freePort();
  const args = [
    opts.install.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--telemetry-level', 'off',
    '--enable-smoke-test-driver',
    '--user-data-dir', dir('user-data'),
    '--server-data-dir', dir('server-data'),
    '--extensions-dir', opts.installed?.extensionsDir ?? dir('extensions'),
    // Web settings live in the browser, so this flag is the only switch for workspace trust.
    ...(opts.pass !== 'untrusted' ? ['--disable-workspace-trust'] : []),
  ];
  const verbose = process.env.INTEGRATION_VERBOSE === '1';
  const tail = new Tail();
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  const outcome: PassOutcome = {};
  let endEarly: (problem: string) => void = (problem) => (outcome.problem ??= problem);

  try {
    server = spawnGroup(opts.install.node, args, { env: serverEnv(opts.pass, opts.installed), stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [server.stdout, server.stderr]) {
      s?.on('data', (d: Buffer) => {
        tail.push(d);
        if (verbose) process.stdout.write(`[server] ${d.toString()}`);
        // A killed extension host still makes the workbench report exit code 0 (seen here with
        // SIGKILL), so the server's own account of the exit is what tells a crash apart.
        const exit = HOST_EXIT.exec(d.toString());
        if (exit && exit[2] !== 'null') endEarly(`the extension host was killed by ${exit[2]}`);
      });
    }
    const deadline = Date.now() + opts.timeoutMs;
    await waitForHttp(`http://127.0.0.1:${port}/version`, server, Math.min(60_000, opts.timeoutMs));

    browser = await chromium.launch({
      executablePath: opts.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      // Our own handlers close everything in order; playwright's would race them.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    // The first of: the tests' exit call, a crash, the server's exit, the timeout. Later events
    // (the server exiting because we kill it) change nothing.
    let done = false;
    let resolveFinished: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
    const end = (problem?: string): void => {
      if (done) return;
      done = true;
      if (problem) outcome.problem = problem;
      resolveFinished();
    };
    endEarly = end;
    server.once('exit', (code, signal) => end(`the VS Code server exited (${code ?? signal}) during the tests`));
    timer = setTimeout(() => end(`timed out after ${Math.round(opts.timeoutMs / 1000)} s`), Math.max(0, deadline - Date.now()));
    const workbench = new WorkbenchPage(page, {
      onTotals: (t) => (outcome.totals = t),
      onHostCrash: (message) => end(`extension host crash: ${message}`),
    });
    // Must exist before the workbench loads: it calls this with the tests' exit code.
    await page.exposeFunction('codeAutomationExit', async (code: number) => {
      await workbench.settled();
      if (!done) outcome.exitCode = code;
      end();
    });
    await page.goto(workbenchUrl(port, opts.installed), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await finished;
    // The totals line and the exit call travel separately; give the line a moment to arrive.
    for (let i = 0; i < 20 && outcome.exitCode !== undefined && !outcome.totals; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    outcome.problem ??= (err as Error).message;
  } finally {
    clearTimeout(timer);
    if (outcome.problem || !outcome.totals) console.log(`[harness] last server output:\n${tail}`);
    await browser?.close().catch(() => undefined);
    if (server) await killGroup(server);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return outcome;
}
