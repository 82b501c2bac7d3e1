// Child processes the outer runner starts, and the guarantee that none outlives it.
//
// The VS Code server forks an extension host, a pty host and file watchers; killing only its pid
// would leave those behind. So each child is started in its own process group (detached) and the
// whole group is signalled. Every group is also registered for a synchronous kill on exit, which
// runs on normal exit, on an uncaught error, and after our SIGINT/SIGTERM handlers call exit.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';

const liveGroups = new Set<number>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** A scratch folder that goes when the runner exits, however it exits (the caller may remove it sooner). */
export function removeOnExit(dir: string): string {
  installExitHook();
  tempDirs.add(dir);
  return dir;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  installExitHook();
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) {
    const pgid = child.pid;
    liveGroups.add(pgid);
    // The group may outlive its leader (the server's forks), so it stays registered until killGroup.
  }
  return child;
}

/** SIGTERM to the whole group, then SIGKILL after `graceMs` if its leader has not exited. */
export async function killGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null;
  if (!exited) {
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(pgid, 'SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }
  // Whatever of the group is left (forks of an exited leader included) goes now.
  signalGroup(pgid, 'SIGKILL');
  liveGroups.delete(pgid);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function httpAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Polls until `url` answers over HTTP; rejects on timeout or when `child` exits first. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it listened`);
    }
    if (await httpAnswers(url)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Every process below this one, found through `ps` (Linux and macOS), deepest first. */
function descendants(): number[] {
  let table: string;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      walk(c);
      out.push(c);
    }
  };
  walk(process.pid);
  return out;
}

/**
 * The last resort on timeout or Ctrl-C: every group we started, then every process still below us
 * (the desktop path's VS Code is started by @vscode/test-electron, which hands out no pid).
 */
export function killEverything(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
  for (const pid of descendants()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

export interface Finished {
  /** The exit code, or undefined when it was killed by a signal or at the limit. */
  code: number | undefined;
  /** stdout and stderr together, in arrival order. */
  output: string;
  timedOut: boolean;
}

/**
 * Runs a command to its end in its own process group (so Ctrl-C and the harness's backstop reach
 * it and its children) and collects its output; past `timeoutMs` the whole group is killed.
 */
export function runToEnd(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawnGroup(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => chunks.push(d));
    child.stderr?.on('data', (d: Buffer) => chunks.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void killGroup(child, 1000);
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      void killGroup(child, 0).then(() => resolve({ code: code ?? undefined, output: Buffer.concat(chunks).toString(), timedOut }));
    });
  });
}
