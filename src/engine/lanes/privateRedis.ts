// A private Redis for one run, when the user named none: redis-server (or valkey-server) from the
// PATH, listening only on a Unix socket in a new 0700 folder, with no persistence. The keeper
// (redisKeeper.ts) ends it with the run, also when the profiler itself is killed.
import { fork, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ProfilerError } from '../errors';
import { childEnvironment } from './childEnvironment';
import { entryPath } from './entryPaths';

export const REDIS_BINARIES = ['redis-server', 'valkey-server'] as const;

/** The one line a user without Redis reads: how to get one on each common system. */
export const INSTALL_REDIS =
  'The queue mode needs Redis: install redis-server (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) so the profiler can start a private one, or run one with Docker (docker run -p 6379:6379 redis:7) and pass --redis redis://127.0.0.1:6379.';

/** The first redis-server or valkey-server on the PATH, or undefined. */
export function findRedisServer(pathVariable = process.env.PATH ?? ''): string | undefined {
  for (const name of REDIS_BINARIES) {
    for (const dir of pathVariable.split(delimiter)) {
      if (!dir) continue;
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface PrivateRedis {
  socket: string;
  /** The server's pid, so its CPU can be counted with the mode's. */
  pid: number;
  binary: string;
  /** Ends the server and removes its folder; resolves once the keeper is gone. Safe to call twice. */
  stop(): Promise<void>;
}

export function startPrivateRedis(binary: string): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-redis-'));
  const keeper: ChildProcess = fork(entryPath('redisKeeper'), [binary, dir], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: childEnvironment() });
  const exited = new Promise<void>((resolve) => keeper.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (keeper.connected) keeper.disconnect();
      const late = setTimeout(() => keeper.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(late);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return new Promise((resolve, reject) => {
    keeper.on('message', (m: { kind: string; socket?: string; pid?: number; message?: string }) => {
      if (m.kind === 'ready') resolve({ socket: m.socket!, pid: m.pid!, binary, stop });
      else if (m.kind === 'failed') void stop().then(() => reject(new ProfilerError('WORKER_CRASHED', `The private Redis failed: ${m.message}`)));
    });
    keeper.once('exit', (code) => reject(new ProfilerError('WORKER_CRASHED', `The private Redis's keeper exited (${code}) before the server was ready.`)));
  });
}
