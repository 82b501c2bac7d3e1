// The queue mode's faults on a real Redis: a lane killed mid-job has its job run again by BullMQ
// (counted as a retry, the task recorded once, a new child in the dead lane's place), and a queue
// that already holds keys is refused with words and left as it was.
import * as assert from 'node:assert/strict';
import type { ModeSession } from '../../src/engine/modes/types';
import { ProfilerError } from '../../src/engine/errors';
import { useTestRedis } from '../support/testRedis';
import { childPids } from '../support/processes';
import { args, isAlive, never, start, waitFor } from './modes.harness';
import { isEsbuildService } from './e2e.harness';

describe('queue mode faults (BullMQ on a real Redis)', function () {
  this.timeout(60_000);
  const redis = useTestRedis();
  let session: ModeSession | undefined;

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  /** Resolves once `count` jobs are active on the run's queue (BullMQ's `active` list). */
  async function activeJobs(count: number): Promise<void> {
    const until = Date.now() + 10_000;
    for (;;) {
      const keys = await redis().client.keys('bull:*:active');
      const active = keys.length === 1 ? await redis().client.llen(keys[0]) : 0;
      if (active >= count) return;
      if (Date.now() > until) throw new Error(`${count} jobs were not active within 10 s (${active} were)`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('runs a job again when its lane\'s child is killed mid-job: one retry counted, every task recorded once, a new child in the dead lane\'s place', async () => {
    const keysBefore = await redis().client.dbsize();
    session = await start('queue', 'sleep', { queue: { redis: { url: redis().url } } });
    const lanes = [...session.pids];
    assert.equal(lanes.length, 2, 'two lane children after the warm-up');
    const run = session.runRepetition(args(4, () => [1000]), never());
    // Two active jobs on two lanes: each child holds one of them for a second, so the kill lands mid-job.
    // The short wait covers the moment between a job turning active and BullMQ handing it to a child (a
    // child killed while still free is only dropped from BullMQ's pool: no job of it to run again).
    await activeJobs(2);
    await new Promise((r) => setTimeout(r, 200));
    const killed = lanes[0];
    process.kill(killed, 'SIGKILL');
    const rep = await run;

    assert.deepEqual(rep.failures, [], 'the killed job did not fail the run');
    assert.deepEqual(rep.tasks.map((t) => t.index).sort((a, b) => a - b), [0, 1, 2, 3], 'every task recorded exactly once');
    for (const t of rep.tasks) {
      assert.ok(t.lane === 0 || t.lane === 1, `task ${t.index} is on one of the two lanes (lane ${t.lane})`);
      assert.ok(t.endedAt - t.startedAt >= 950, `task ${t.index} ran its whole second once (${t.endedAt - t.startedAt} ms)`);
    }
    const info = session.queueInfo!()!;
    assert.equal(info.retries, 1, 'the killed job\'s second run is counted as a retry');
    assert.equal(info.jobs, 4, 'the killed attempt is not a job of its own');
    assert.deepEqual(info.workers.map((w) => [w.lanes, w.tasks]), [[2, 4]]);

    assert.ok(!isAlive(killed));
    const now = session.pids;
    assert.equal(now.length, 2, `two living lanes (${now})`);
    assert.ok(!now.includes(killed) && now.includes(lanes[1]), `the new child replaced the killed one (${lanes} then ${now})`);
    await session.close();
    session = undefined;
    await waitFor(() => now.every((p) => !isAlive(p)), 3000, 'the lanes ended');
    assert.equal(await redis().client.dbsize(), keysBefore, 'every key of the run is removed, the retry\'s included');
  });

  it('fails a task that kills its lane at each of its two attempts with BullMQ\'s reason, and leaves no child behind, not even one still starting', async () => {
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...what: unknown[]) => void errors.push(what);
    try {
      // Only the lane children this run starts: in the full suite other tests' children may still be
      // ending, and the bundler's long-lived esbuild service is a child of this process too.
      const earlier = new Set(childPids());
      const ours = () => childPids().filter((p) => p !== redis().server.pid && !earlier.has(p) && !isEsbuildService(p));
      session = await start('queue', 'exitOn', { queue: { redis: { url: redis().url } } });
      // Task 1 ends its lane twice; the other tasks keep BullMQ fetching and starting children meanwhile.
      const run = session.runRepetition(args(12, (i) => [i, 3]), never());
      await assert.rejects(run, (e: unknown) => e instanceof ProfilerError && e.code === 'WORKER_CRASHED' && /Task 1's BullMQ job failed: Unexpected exit code: 3/.test(e.message));
      await session.close();
      session = undefined;
      // A child still starting is killed as it arrives: on a loaded machine a start can take seconds.
      await waitFor(() => ours().length === 0, 10_000, `no lane child outlives the run (left: ${ours()})`);
      assert.deepEqual(errors, [], 'nothing printed by BullMQ after the end');
    } finally {
      console.error = consoleError;
    }
  });

  it('refuses a queue that already holds keys, with the words the user reads, and leaves its keys as they were', async () => {
    const name = `pp-test-taken-${process.pid}`;
    await redis().client.set(`bull:${name}:id`, '41');
    await redis().client.hset(`bull:${name}:meta`, 'opts.maxLenEvents', '10000');
    const before = await redis().client.dbsize();
    try {
      await assert.rejects(start('queue', 'noop', { queue: { redis: { url: redis().url }, queueName: name } }), (e: unknown) => {
        assert.ok(e instanceof ProfilerError, String(e));
        assert.equal(e.code, 'QUEUE_NOT_EMPTY');
        assert.equal(e.message, `The queue ${name} on ${redis().url} already holds 2 keys (bull:${name}:*); the profiler runs only on an empty queue of its own and left this one as it was.`);
        return true;
      });
      assert.equal(await redis().client.dbsize(), before, 'the refused start made no key and removed none');
      assert.equal(await redis().client.get(`bull:${name}:id`), '41');
      assert.equal(await redis().client.hget(`bull:${name}:meta`, 'opts.maxLenEvents'), '10000');
    } finally {
      await redis().client.del(`bull:${name}:id`, `bull:${name}:meta`);
    }
  });

  it('runs on a named queue that is empty, and removes every key it made there', async () => {
    const name = `pp-test-free-${process.pid}`;
    const before = await redis().client.dbsize();
    session = await start('queue', 'echo', { queue: { redis: { url: redis().url }, queueName: name } });
    const rep = await session.runRepetition(args(3, (i) => [i]), never());
    assert.equal(rep.tasks.length, 3);
    assert.ok((await redis().client.keys(`bull:${name}:*`)).length > 0, 'the jobs went through the named queue');
    await session.close();
    session = undefined;
    assert.equal(await redis().client.dbsize(), before);
  });
});
