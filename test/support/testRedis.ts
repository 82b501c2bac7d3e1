// A Redis of the test's own (not the profiler's private one): redis-server on a Unix socket in a
// private folder, so a test can count keys before and after a run, or stop the server mid-run.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { findRedisServer } from '../../src/engine/lanes/privateRedis';
import { skipBecause } from './skip';

export interface TestRedis {
  url: string;
  socket: string;
  server: ChildProcess;
  client: IORedis;
  stop(): Promise<void>;
}

/** undefined when no redis-server or valkey-server is on the PATH (the caller skips with that reason). */
export async function startTestRedis(): Promise<TestRedis | undefined> {
  const binary = findRedisServer();
  if (!binary) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pp-test-redis-'));
  const socket = join(dir, 'r.sock');
  const server = spawn(binary, ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const until = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > until) throw new Error('the test Redis did not open its socket within 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  const client = new IORedis({ path: socket, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.ping();
  let stopped: Promise<void> | undefined;
  return {
    url: `unix://${socket}`, socket, server, client,
    stop: () => {
      stopped ??= (async () => {
        client.disconnect();
        if (server.exitCode === null && server.signalCode === null) {
          const gone = new Promise((r) => server.once('exit', r));
          server.kill('SIGKILL');
          await gone;
        }
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * A suite's own Redis, for the queue mode's system tests: started before its tests (the suite is
 * skipped, with the reason, where no redis-server is on the PATH) and stopped after them.
 */
export function useTestRedis(): () => TestRedis {
  let redis: TestRedis | undefined;
  before(async function () {
    if (!findRedisServer()) skipBecause(this, 'no redis-server or valkey-server on the PATH (.ci/run installs one: apt-get install redis-server)');
    redis = await startTestRedis();
    if (!redis) throw new Error('redis-server is on the PATH but the test Redis did not start');
  });
  after(async () => {
    await redis?.stop();
  });
  return () => redis!;
}
