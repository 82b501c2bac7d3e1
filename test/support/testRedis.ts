// A Redis of the test's own (not the profiler's private one): redis-server on a Unix socket in a
// private folder, so a test can count keys before and after a run, or stop the server mid-run.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import { findRedisServer } from '../../src/engine/lanes/privateRedis';
import { skipBecause } from './skip';

export interface TestRedis {
  /** unix:///…/r.sock, or with `tcp`, redis://127.0.0.1:PORT. */
  url: string;
  /** With `tcp`: the TCP port (on 127.0.0.1 and every address in `bind`). */
  port?: number;
  socket: string;
  server: ChildProcess;
  client: IORedis;
  stop(): Promise<void>;
}

export interface TestRedisOptions {
  /** Also listen on TCP, on 127.0.0.1 and these addresses (remote workers in namespaces, a delaying proxy). */
  tcp?: { bind: string[] };
}

/** undefined when no redis-server or valkey-server is on the PATH (the caller skips with that reason). */
export async function startTestRedis(o: TestRedisOptions = {}): Promise<TestRedis | undefined> {
  const binary = findRedisServer();
  if (!binary) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pp-test-redis-'));
  const socket = join(dir, 'r.sock');
  const port = o.tcp ? await freePort() : 0;
  // Bound to loopback and the namespaces' host ends only; protected mode would refuse those peers (no password on a test server).
  const tcp = o.tcp ? ['--bind', '127.0.0.1', ...o.tcp.bind, '--protected-mode', 'no'] : [];
  const server = spawn(binary, ['--port', String(port), ...tcp, '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const until = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > until) throw new Error('the test Redis did not open its socket within 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  // The socket file appears at bind(), a moment before listen(): on a loaded CI machine a first ping
  // there was refused ("Connection is closed"), thrown before any test's cleanup, and the server it
  // left running failed every later test that checks nothing is left. So: ping until it answers, and
  // never leave the server behind on the way out.
  let client: IORedis | undefined;
  for (;;) {
    const c = new IORedis({ path: socket, maxRetriesPerRequest: 1, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.ping();
      client = c;
      break;
    } catch (err) {
      c.disconnect();
      if (Date.now() > until || server.exitCode !== null || server.signalCode !== null) {
        server.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`the test Redis did not answer a ping within 10 s: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  let stopped: Promise<void> | undefined;
  return {
    url: o.tcp ? `redis://127.0.0.1:${port}` : `unix://${socket}`, socket, server, client, ...(o.tcp ? { port } : {}),
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
export function useTestRedis(options: () => TestRedisOptions = () => ({})): () => TestRedis {
  let redis: TestRedis | undefined;
  before(async function () {
    if (!findRedisServer()) skipBecause(this, 'no redis-server or valkey-server on the PATH (.ci/run installs one: apt-get install redis-server)');
    redis = await startTestRedis(options());
    if (!redis) throw new Error('redis-server is on the PATH but the test Redis did not start');
  });
  after(async () => {
    await redis?.stop();
  });
  return () => redis!;
}

/** A TCP port free on 127.0.0.1 a moment ago (redis-server needs a number; the short race is the test's). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
