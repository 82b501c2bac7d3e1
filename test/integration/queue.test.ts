// The queue mode in the real VS Code, chosen through the `modes` setting with a Redis named by the
// `redisUrl` setting (the test's own, on a Unix socket): BullMQ runs from the extension host, the
// report carries the queue record and its verdict, and the Redis holds no key of the run afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { startTestRedis } from '../support/testRedis';
import { fixture, useSettings } from './support/profiler';
import { log } from './support/workbench';
import { skipBecause } from '../support/skip';

const WORK = fixture('src', 'work.ts');

describe('queue mode (modes and redisUrl settings)', function () {
  this.timeout(300_000);

  it('runs the function as BullMQ jobs on the named Redis and leaves no key behind', async function () {
    const redis = await startTestRedis();
    if (!redis) skipBecause(this, 'no redis-server or valkey-server on the PATH (.ci/run installs one)');
    const restore = await useSettings({ modes: ['sequential', 'queue'], redisUrl: redis!.url, tasks: 4, workers: 2, repeat: 1, warmup: 0 });
    try {
      const before = await redis!.client.dbsize();
      const report = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[300_000]');
      const q = report?.modes.find((m) => m.mode === 'queue');
      assert.ok(q, `no queue mode in the report (modes: ${report?.modes.map((m) => m.mode).join(', ')})`);
      assert.equal(q.status, 'completed', q.error?.message);
      assert.equal(q.queue?.redis, redis!.url);
      assert.equal(q.queue?.privateRedis, false);
      assert.deepEqual(q.tasks?.map((t) => t.index).sort((a, b) => a - b), [0, 1, 2, 3]);
      assert.ok(report.verdict.findings.some((f) => f.kind === 'queue-cost'), 'the verdict says what a job cost');
      assert.equal(await redis!.client.dbsize(), before, 'every key of the run is removed');
      log(`queue mode in VS Code: ${JSON.stringify(q.queue)}`);
    } finally {
      await restore();
      await redis!.stop();
    }
  });
});
