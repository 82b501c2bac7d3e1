// The installed pass's setup: the VSIX users get, installed the way users get it, and a test
// driver that is not the profiler.
//
// VS Code runs extensionTestsPath only in a window with a development extension: the workbench
// skips the tests unless `isExtensionDevelopment`, and the extension host's _doHandleExtensionTests
// throws "Cannot load test runner" without extensionDevelopmentLocationURI (read in the server
// build of VS Code 1.139). So the development extension is a throw-away folder holding only a
// manifest and a one-line entry to the in-host runner (test/integration/index.ts, compiled in the
// repository's out/). The profiler itself then comes only from the extensions folder the VSIX was
// installed into, and vsix.installed.test.ts checks exactly that.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inHostRunner, repoRoot } from './paths';
import { removeOnExit, runToEnd } from './processes';

export interface InstalledSetup {
  /** Scratch folder holding everything below; removed by dispose() or at exit. */
  scratch: string;
  vsix: string;
  /** The --extensions-dir the VSIX was installed into. */
  extensionsDir: string;
  /** The installed profiler's folder inside extensionsDir. */
  extensionFolder: string;
  /** The test driver: VS Code's extensionDevelopmentPath for this pass. */
  driverDir: string;
  /** The driver's entry: VS Code's extensionTestsPath for this pass. */
  runner: string;
  /** Milliseconds spent packaging and installing, for the harness's account of the pass. */
  packageMs: number;
  installMs: number;
  dispose(): void;
}

interface Manifest {
  name: string;
  publisher: string;
  version: string;
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

function lastLines(text: string, n = 30): string {
  return text.trim().split('\n').slice(-n).map((l) => `  | ${l}`).join('\n');
}

/** `npm run package` into a temporary folder: the same script and the same VSIX a release ships. */
async function packageVsix(outDir: string, timeoutMs: number): Promise<string> {
  const { name, version } = manifest();
  // Its own work folder: the package suite may be packaging in .package/ at the same time.
  const r = await runToEnd(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs'), '--out-dir', outDir, '--work-dir', path.join(outDir, 'work')], { cwd: repoRoot, timeoutMs });
  const vsix = path.join(outDir, `${name}-${version}.vsix`);
  if (r.timedOut) throw new Error(`packaging the VSIX ran past ${timeoutMs / 1000} s:\n${lastLines(r.output)}`);
  if (r.code !== 0) throw new Error(`scripts/package.mjs exited with ${r.code ?? 'a signal'}:\n${lastLines(r.output)}`);
  if (!fs.existsSync(vsix)) throw new Error(`scripts/package.mjs succeeded but wrote no ${vsix}:\n${lastLines(r.output)}`);
  return vsix;
}

/**
 * Installs the VSIX with VS Code's own CLI (`server-main.js --install-extension` on the server
 * path, `code --install-extension` on the desktop path; both work offline) and returns the folder
 * it unpacked to.
 */
async function installVsix(cli: string[], vsix: string, extensionsDir: string, timeoutMs: number): Promise<string> {
  const { name, publisher, version } = manifest();
  const [command, ...args] = cli;
  const r = await runToEnd(command, [...args, '--install-extension', vsix, '--extensions-dir', extensionsDir], { timeoutMs });
  if (r.timedOut) throw new Error(`--install-extension ran past ${timeoutMs / 1000} s:\n${lastLines(r.output)}`);
  if (r.code !== 0) throw new Error(`--install-extension ${path.basename(vsix)} exited with ${r.code ?? 'a signal'}:\n${lastLines(r.output)}`);
  const folder = path.join(extensionsDir, `${publisher}.${name}-${version}`);
  if (!fs.existsSync(path.join(folder, 'package.json'))) {
    const found = fs.existsSync(extensionsDir) ? fs.readdirSync(extensionsDir).join(', ') : 'nothing';
    throw new Error(`--install-extension reported success but ${folder} has no package.json (the extensions folder holds: ${found})`);
  }
  return folder;
}

/** A development extension that contributes nothing and activates never: it only carries the tests' entry. */
function writeTestDriver(dir: string): { driverDir: string; runner: string } {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'installed-test-driver',
        displayName: 'Parallelism Profiler installed-package tests',
        publisher: 'parallelism-profiler-tests',
        version: '0.0.0',
        private: true,
        engines: { vscode: '*' },
        // The tests must run in the same (Node) extension host as the installed profiler.
        extensionKind: ['workspace'],
      },
      null,
      2,
    ),
  );
  const runner = path.join(dir, 'runner.js');
  fs.writeFileSync(runner, `// The in-host runner of the repository, never the installed extension's code.\nmodule.exports = require(${JSON.stringify(inHostRunner)});\n`);
  return { driverDir: dir, runner };
}

/**
 * Packages, installs and writes the driver. `cliFor(scratch)` is the command that installs
 * extensions for the VS Code under test, without the --install-extension arguments; anything it
 * needs to write goes under `scratch`.
 */
export async function prepareInstalled(cliFor: (scratch: string) => string[], timeoutMs: number): Promise<InstalledSetup> {
  const scratch = removeOnExit(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-installed-')));
  try {
    const deadline = Date.now() + timeoutMs;
    let started = Date.now();
    const vsix = await packageVsix(path.join(scratch, 'vsix'), timeoutMs);
    const packageMs = Date.now() - started;
    started = Date.now();
    const extensionsDir = path.join(scratch, 'extensions');
    const extensionFolder = await installVsix(cliFor(scratch), vsix, extensionsDir, Math.max(1000, deadline - Date.now()));
    const installMs = Date.now() - started;
    const driver = writeTestDriver(path.join(scratch, 'test-driver'));
    return {
      scratch,
      vsix,
      extensionsDir,
      extensionFolder,
      ...driver,
      packageMs,
      installMs,
      dispose: () => fs.rmSync(scratch, { recursive: true, force: true }),
    };
  } catch (err) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}

/** The server CLI that installs extensions; its user and server data go to throw-away folders. */
export function serverInstallCli(node: string, serverMain: string, scratch: string): string[] {
  return [node, serverMain, '--accept-server-license-terms', '--user-data-dir', path.join(scratch, 'cli-user-data'), '--server-data-dir', path.join(scratch, 'cli-server-data')];
}
