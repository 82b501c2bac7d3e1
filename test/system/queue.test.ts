// The queue mode on a real Redis: BullMQ jobs on K sandboxed lanes, every task recorded once, the
// per-job costs, every key of the run removed, a private Redis ended with the run, the mode skipped
// without Redis, and a Redis that goes away mid-run failing the mode with words instead of a hang.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ModeSession } from '../../src/engine/modes/types';
import { findRedisServer } from '../../src/engine/lanes/privateRedis';
import { ProfilerError } from '../../src/engine/errors';
import { startTestRedis, useTestRedis } from '../support/testRedis';
import { args, expectAllGone, isAlive, never, start, threadCount, waitFor } from './modes.harness';

describe('queue mode (BullMQ on a real Redis)', function () {
  this.timeout(60_000);
  const redis = useTestRedis();
  let session: ModeSession | undefined;

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('runs every task once as a job on K lanes, reports what a job cost, and leaves the Redis as it found it', async () => {
    await redis().client.set('someone-else:key', 'kept');
    const before = await redis().client.dbsize();
    session = await start('queue', 'busy', { queue: { redis: { url: redis().url } } });
    const rep = await session.runRepetition(args(8, () => [30]), never());
    assert.equal(rep.tasks.length, 8);
    assert.deepEqual(rep.tasks.map((t) => t.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual([...new Set(rep.tasks.map((t) => t.lane))].sort(), [0, 1], 'both lanes took jobs');
    for (const t of rep.tasks) {
      assert.ok(t.endedAt - t.startedAt >= 25, `task ${t.index} ran its 30 ms of work (${t.endedAt - t.startedAt} ms)`);
      assert.ok(t.startedAt >= t.dispatchedAt - 5, 'a job starts after it was added (same clock)');
      assert.ok(t.cpuMs !== undefined && t.cpuMs > 0, `task ${t.index} has its own CPU reading`);
    }
    assert.ok(session.pids.length === 2, `the two lanes are child processes (${session.pids})`);
    const info = session.queueInfo!()!;
    assert.equal(info.jobs, 8);
    assert.equal(info.lanesKind, 'processes');
    assert.equal(info.privateRedis, false);
    assert.equal(info.redis, redis().url);
    assert.ok(info.pickupMs && info.heardMs && info.workMs, 'pickup, hearing and work times are reported');
    assert.ok(info.workMs.median >= 25);
    assert.ok(info.redisCpuMsPerJob !== undefined && info.redisCpuMsPerJob >= 0, 'Redis CPU per job from INFO cpu');
    assert.ok(info.argBytesPerJob > 0 && info.resultBytesPerJob > 0);
    assert.equal(info.retries, 0);
    assert.deepEqual(info.workers.map((w) => [w.lanes, w.tasks, w.remote]), [[2, 8, false]]);
    assert.ok((await redis().client.dbsize()) > before, 'the run made keys of its own');
    const pids = session.pids;
    await session.close();
    session = undefined;
    assert.equal(await redis().client.dbsize(), before, 'every key the run made is removed');
    assert.equal(await redis().client.get('someone-else:key'), 'kept');
    await waitFor(() => pids.every((p) => !isAlive(p)), 3000, 'the lanes ended');
  });

  it('records a task that throws as that task failing, not as a BullMQ retry', async () => {
    session = await start('queue', 'throwSome', { queue: { redis: { url: redis().url } } });
    const rep = await session.runRepetition(args(6, (i) => [i]), never());
    assert.equal(rep.tasks.length, 6);
    assert.ok(rep.failures.length > 0, 'the thrown errors are kept');
    assert.equal(session.queueInfo!()!.retries, 0);
  });

  it('runs on BullMQ worker threads when asked', async () => {
    const threads = threadCount();
    session = await start('queue', 'echo', { queue: { redis: { url: redis().url }, threads: true } });
    const rep = await session.runRepetition(args(6, (i) => [i, 'x']), never());
    assert.equal(rep.tasks.length, 6);
    assert.equal(session.queueInfo!()!.lanesKind, 'threads');
    assert.deepEqual(session.pids, [], 'no child process: the lanes are threads of this process');
    await session.close();
    session = undefined;
    await waitFor(() => threadCount() <= threads + 2, 5000, `threads left: ${threadCount()} against ${threads}`);
  });

  it('starts a private Redis on a socket in a private folder when none is named, and ends it with the run', async () => {
    session = await start('queue', 'noop');
    const info = session.queueInfo!()!;
    assert.equal(info.privateRedis, true);
    assert.match(info.redis, /private (redis|valkey)-server/);
    const redisPid = session.pids[session.pids.length - 1];
    assert.ok(isAlive(redisPid));
    const rep = await session.runRepetition(args(4, () => []), never());
    assert.equal(rep.tasks.length, 4);
    await session.close();
    session = undefined;
    await waitFor(() => !isAlive(redisPid), 3000, 'the private Redis ended with the run');
  });

  it('stops a task that never ends on close, and removes the keys', async () => {
    const before = await redis().client.dbsize();
    const threads = threadCount();
    session = await start('queue', 'forever', { queue: { redis: { url: redis().url } } });
    const pids = session.pids;
    const cancel = new AbortController();
    const run = session.runRepetition(args(2, () => []), cancel.signal);
    setTimeout(() => cancel.abort(), 300);
    await assert.rejects(run, (e: unknown) => e instanceof ProfilerError && e.code === 'CANCELLED');
    await session.close();
    session = undefined;
    await expectAllGone(threads, pids);
    assert.equal(await redis().client.dbsize(), before, 'every key the cancelled run made is removed');
  });

  it('fails with words, and hangs nothing, when Redis goes away mid-run', async () => {
    const own = await startTestRedis();
    try {
      session = await start('queue', 'sleep', { queue: { redis: { url: own!.url } } });
      const pids = session.pids;
      const run = session.runRepetition(args(20, () => [200]), never());
      setTimeout(() => own!.server.kill('SIGKILL'), 300);
      const began = Date.now();
      // Killed while the jobs were still being added (a loaded machine) or while they ran: the same words.
      await assert.rejects(run, (e: unknown) => e instanceof ProfilerError && e.code === 'REDIS_GONE' && /stopped answering/.test(e.message));
      assert.ok(Date.now() - began < 15_000, 'the failure came within seconds');
      await session.close();
      session = undefined;
      await waitFor(() => pids.every((p) => !isAlive(p)), 5000, 'the lanes ended');
    } finally {
      // Its client would otherwise keep reconnecting, and mocha would never exit (CI: a failed run hung).
      await own!.stop();
    }
  });

  it('fails with the same words when Redis goes away while the jobs are still being added', async () => {
    const own = await startTestRedis();
    try {
      session = await start('queue', 'sleep', { queue: { redis: { url: own!.url } } });
      // Killed 5 ms into adding 5000 jobs: adds are in flight, and ioredis fails them at once ("Command
      // aborted due to connection close" here; "Connection is closed." in a CI run under load), which
      // the run once passed on raw instead of saying that Redis went away.
      const run = session.runRepetition(args(5000, () => [1]), never());
      setTimeout(() => own!.server.kill('SIGKILL'), 5);
      await assert.rejects(run, (e: unknown) => e instanceof ProfilerError && e.code === 'REDIS_GONE' && /stopped answering|Adding the queue mode's jobs to Redis .* failed/.test(e.message));
    } finally {
      await own!.stop();
    }
  });

  it('ends the private Redis and removes its folder when the profiler itself is killed', async () => {
    const module = resolve(__dirname, '../../src/engine/lanes/privateRedis.js');
    const script = `require(${JSON.stringify(module)}).startPrivateRedis(${JSON.stringify(findRedisServer())}).then((r) => console.log(JSON.stringify({ pid: r.pid, socket: r.socket })))`;
    const profiler = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((done) => profiler.stdout.once('data', (d: Buffer) => done(d.toString())));
    const { pid, socket } = JSON.parse(line) as { pid: number; socket: string };
    assert.ok(isAlive(pid) && existsSync(socket), 'the private Redis runs on its socket');
    profiler.kill('SIGKILL');
    await waitFor(() => !isAlive(pid), 5000, 'the private Redis outlived a killed profiler');
    await waitFor(() => !existsSync(dirname(socket)), 5000, 'the private folder outlived a killed profiler');
  });

  it('is skipped, with how to install Redis, when none is named and none is on the PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(start('queue', 'noop'), (e: unknown) => e instanceof ProfilerError && e.code === 'QUEUE_UNAVAILABLE' && /apt-get install redis-server/.test(e.message) && /brew install redis/.test(e.message) && /docker run/.test(e.message));
    } finally {
      process.env.PATH = path;
    }
    assert.ok(!existsSync('/nonexistent'));
  });
});
