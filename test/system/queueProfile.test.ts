// The queue mode through profile(), as the CLI and the extension run it: named in `modes` it runs
// beside the others and the report carries its per-job costs and verdict; without Redis it is
// skipped and the others stand; arguments JSON would change are refused before anything runs.
import * as assert from 'node:assert/strict';
import { ProfilerError } from '../../src/engine/errors';
import { findRedisServer } from '../../src/engine/lanes/privateRedis';
import { startTestRedis } from '../support/testRedis';
import { assertValid, modeOf, quick } from './e2e.harness';
import { skipBecause } from '../support/skip';

describe('queue mode through profile()', function () {
  this.timeout(120_000);

  it('runs beside sequential on a private Redis and reports per-job costs and what they mean', async function () {
    if (!findRedisServer()) skipBecause(this, 'no redis-server or valkey-server on the PATH');
    const report = await quick({ functionName: 'burn', args: '[200_000]', tasks: 6, modes: ['queue'], workers: 2 });
    assertValid(report);
    assert.deepEqual(report.modes.map((m) => m.mode), ['sequential', 'queue']);
    const q = modeOf(report, 'queue');
    assert.equal(q.status, 'completed', q.error?.message);
    assert.equal(q.lanes, 2);
    assert.deepEqual(q.tasks!.map((t) => t.index).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
    assert.ok(q.queue && q.queue.privateRedis && q.queue.jobs >= 6 && q.queue.workMs && q.queue.pickupMs && q.queue.heardMs);
    assert.ok(report.verdict.findings.some((f) => f.kind === 'queue-cost'), 'the verdict says what a job cost');
  });

  it('is skipped with how to install Redis when there is none, and the other modes stand', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    let report;
    try {
      report = await quick({ functionName: 'noop', tasks: 4, modes: ['workers', 'queue'], workers: 2 });
    } finally {
      process.env.PATH = path;
    }
    assertValid(report);
    assert.deepEqual(report.modes.map((m) => [m.mode, m.status]), [['sequential', 'completed'], ['workers', 'completed'], ['queue', 'skipped']]);
    assert.match(modeOf(report, 'queue').error!.message, /apt-get install redis-server/);
    assert.ok(report.verdict.findings.some((f) => f.kind === 'queue-skipped'));
  });

  it('fails the queue mode alone, with words, when its Redis goes away mid-profile; the other modes\' results stand', async function () {
    const redis = await startTestRedis();
    if (!redis) skipBecause(this, 'no redis-server or valkey-server on the PATH');
    // Killed once the queue mode has run a repetition: whatever it was doing then, it must fail, not hang.
    const poll = setInterval(() => {
      void redis!.client.keys('bull:*:completed').then((k) => {
        if (k.length > 0) {
          clearInterval(poll);
          redis!.server.kill('SIGKILL');
        }
      }, () => undefined);
    }, 50);
    try {
      const report = await quick({ functionName: 'wait', args: '[100]', tasks: 6, modes: ['workers', 'queue'], repeat: 3, precision: 0, queue: { redis: { url: redis!.url } } });
      assertValid(report);
      assert.equal(modeOf(report, 'workers').status, 'completed');
      assert.equal(modeOf(report, 'sequential').status, 'completed');
      const q = modeOf(report, 'queue');
      assert.equal(q.status, 'failed');
      assert.match(q.error!.message, /Redis/);
    } finally {
      clearInterval(poll);
      await redis!.stop();
    }
  });

  it('refuses arguments JSON would change before anything runs, naming the task and the path', async () => {
    await assert.rejects(quick({ functionName: 'burn', args: '[i === 2 ? { n: 10n } : 1]', tasks: 4, modes: ['queue'] }), (e: unknown) =>
      e instanceof ProfilerError && e.code === 'BAD_ARGUMENTS' && /task 2's argument 1\.n/.test(e.message) && /BigInt/.test(e.message));
  });
});
