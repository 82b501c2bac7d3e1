// The desktop path: a real VS Code (Electron) started through @vscode/test-electron, for machines
// where VS Code is installed or can be downloaded. It cannot run on the project's CI machine (no
// Electron build can be had there), which uses the server path instead.
//
// Where VS Code comes from, first match wins:
//   1. VSCODE_EXECUTABLE_PATH: an installed VS Code's executable (test-electron has no such variable);
//   2. a build test-electron downloaded earlier: .vscode-test/vscode-<platform>-<version>/is-complete;
//   3. only with INTEGRATION_HARNESS=desktop: test-electron downloads the latest stable build.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { prepareInstalled, type InstalledSetup } from './installedExtension';
import { ENV, isTotals, type TestPass } from './protocol';
import { cacheDir, fixtureWorkspace, inHostRunner, repoRoot } from './paths';
import { removeOnExit } from './processes';
import type { PassOutcome } from './serverPath';

export type DesktopSource = { kind: 'executable'; path: string } | { kind: 'cached'; version: string; platform: string } | { kind: 'download' };

const PLATFORM_PREFIX: Record<string, string> = { linux: 'linux', darwin: 'darwin', win32: 'win32' };

/** A cached download usable offline: test-electron needs the exact version to skip its network check. */
function cachedBuild(): { version: string; platform: string } | undefined {
  const prefix = PLATFORM_PREFIX[process.platform];
  if (!prefix) return undefined;
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir);
  } catch {
    return undefined;
  }
  const builds = names
    .map((n) => /^vscode-(?<platform>[a-z0-9-]+)-(?<version>\d+\.\d+\.\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => !!m && m.groups!.platform.startsWith(prefix) && fs.existsSync(path.join(cacheDir, m[0], 'is-complete')))
    .map((m) => ({ version: m.groups!.version, platform: m.groups!.platform }));
  builds.sort((a, b) => b.version.localeCompare(a.version, undefined, { numeric: true }));
  return builds[0];
}

export function findDesktop(allowDownload: boolean): DesktopSource | undefined {
  const exe = process.env.VSCODE_EXECUTABLE_PATH;
  if (exe) {
    if (!fs.existsSync(exe)) throw new Error(`VSCODE_EXECUTABLE_PATH=${exe} does not exist`);
    return { kind: 'executable', path: exe };
  }
  const cached = cachedBuild();
  if (cached) return { kind: 'cached', ...cached };
  return allowDownload ? { kind: 'download' } : undefined;
}

async function executableFor(source: DesktopSource): Promise<string> {
  switch (source.kind) {
    case 'executable':
      return source.path;
    case 'cached':
      return downloadAndUnzipVSCode({ version: source.version, platform: source.platform, cachePath: cacheDir });
    case 'download':
      return downloadAndUnzipVSCode({ version: 'stable', cachePath: cacheDir, extensionDevelopmentPath: repoRoot });
  }
}

/** A fresh profile per pass; the trust prompt is turned off so an untrusted window does not wait on a modal. */
function freshProfile(): { dir: string; args: string[] } {
  const dir = removeOnExit(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-vscode-desktop-')));
  fs.mkdirSync(path.join(dir, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'user-data', 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.startupPrompt': 'never', 'workbench.startupEditor': 'none' }),
  );
  return { dir, args: [`--user-data-dir=${path.join(dir, 'user-data')}`, `--extensions-dir=${path.join(dir, 'extensions')}`] };
}

/**
 * test-electron's runTests always adds --disable-workspace-trust, so the untrusted pass starts the
 * same executable with the same arguments minus that flag.
 */
function runUntrusted(executable: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** `code --install-extension` for this executable, minus test-electron's own profile folders (ours come later). */
function desktopInstallCli(executable: string, scratch: string): string[] {
  const [cli, ...args] = resolveCliArgsFromVSCodeExecutablePath(executable);
  const own = args.filter((a) => !a.startsWith('--extensions-dir') && !a.startsWith('--user-data-dir'));
  return [cli, ...own, `--user-data-dir=${path.join(scratch, 'cli-user-data')}`];
}

/**
 * The installed pass on the desktop path (not run on the project's CI machine, which has no
 * Electron build): the VSIX is installed with `code --install-extension`, and the window develops
 * only the test driver; --disable-extensions would disable the installed profiler, so it is left out.
 */
async function runInstalledDesktop(executable: string, profile: { args: string[] }, env: Record<string, string | undefined>, timeoutMs: number): Promise<number> {
  let setup: InstalledSetup | undefined;
  try {
    setup = await prepareInstalled((scratch) => desktopInstallCli(executable, scratch), timeoutMs);
    const launchArgs = [fixtureWorkspace, ...profile.args.filter((a) => !a.startsWith('--extensions-dir')), `--extensions-dir=${setup.extensionsDir}`];
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: setup.driverDir,
      extensionTestsPath: setup.runner,
      extensionTestsEnv: { ...env, [ENV.extensionsDir]: setup.extensionsDir },
      launchArgs,
    }).catch((err: { code?: number }) => err.code ?? 1);
  } finally {
    setup?.dispose();
  }
}

export async function runDesktopPass(source: DesktopSource, pass: TestPass, timeoutMs: number): Promise<PassOutcome> {
  const profile = freshProfile();
  const totalsFile = path.join(profile.dir, 'totals.json');
  const env = { [ENV.harness]: 'desktop', [ENV.pass]: pass, [ENV.totalsFile]: totalsFile, SUMMARY_FILE: undefined };
  const outcome: PassOutcome = {};
  try {
    const executable = await executableFor(source);
    const launchArgs = [fixtureWorkspace, '--disable-extensions', ...profile.args];
    if (pass === 'installed') {
      outcome.exitCode = await runInstalledDesktop(executable, profile, env, timeoutMs);
    } else if (pass === 'trusted') {
      outcome.exitCode = await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: inHostRunner,
        extensionTestsEnv: env,
        launchArgs,
      }).catch((err: { code?: number }) => err.code ?? 1);
    } else {
      const args = [
        ...launchArgs,
        // test-electron's own flags (runTest.js), less --disable-workspace-trust.
        '--no-sandbox',
        '--disable-gpu-sandbox',
        '--disable-updates',
        '--skip-welcome',
        '--skip-release-notes',
        `--extensionTestsPath=${inHostRunner}`,
        `--extensionDevelopmentPath=${repoRoot}`,
      ];
      outcome.exitCode = await runUntrusted(executable, args, env);
    }
    if (fs.existsSync(totalsFile)) {
      const totals: unknown = JSON.parse(fs.readFileSync(totalsFile, 'utf8'));
      if (isTotals(totals)) outcome.totals = totals;
    }
  } catch (err) {
    outcome.problem = (err as Error).message;
  } finally {
    fs.rmSync(profile.dir, { recursive: true, force: true });
  }
  return outcome;
}
