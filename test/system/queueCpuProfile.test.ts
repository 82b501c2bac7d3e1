// --cpu-profile in the queue mode: each BullMQ lane profiles its own one uncounted repetition, reached
// through profile jobs held until every lane holds one; the function that does the work tops the hot
// functions at its .ts line, one .cpuprofile per lane, on child processes and on worker threads.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profile } from '../../src/engine/profile';
import { findRedisServer } from '../../src/engine/lanes/privateRedis';
import { assertValid, lineOf, modeOf, ROOT } from './e2e.harness';
import { skipBecause } from '../support/skip';

const HOT = path.resolve(ROOT, 'test/fixtures/cpuprof/hot.ts');

describe('CPU profile of every queue lane (--cpu-profile, --modes queue)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  before(function () {
    if (!findRedisServer()) skipBecause(this, 'no redis-server or valkey-server on the PATH (.ci/run installs one)');
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const threads of [false, true]) {
    it(`profiles each lane on ${threads ? 'BullMQ worker threads' : 'BullMQ child processes'}: the working function on top, one file per lane`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-queue-cpuprof-test-'));
      dirs.push(dir);
      const report = await profile({
        file: HOT, functionName: 'outerTask', tasks: 4, workers: 2, repeat: 1, warmup: 1, args: '[1_000_000]', modes: ['queue'],
        cpuProfile: true, cpuProfileDir: dir, precision: 0, ...(threads ? { queue: { threads: true } } : {}),
      });
      assertValid(report);
      const q = modeOf(report, 'queue');
      assert.equal(q.status, 'completed', q.error?.message);
      assert.deepEqual(report.warnings.filter((w) => /CPU profile/.test(w.message)), [], 'no lane failed to profile');
      const top = q.hotFunctions?.[0];
      assert.ok(top, `the queue mode has hot functions (${JSON.stringify(q.cpuProfile)})`);
      assert.equal(top.name, 'innerHot');
      assert.equal(top.file, HOT);
      assert.equal(top.line, lineOf(HOT, 'function innerHot('));
      const cp = q.cpuProfile!;
      assert.ok(cp.samples > 0 && cp.taskMs > 0, 'samples inside the tasks');
      assert.deepEqual(cp.files.map((f) => f.lane), [0, 1], 'one profile per lane');
      for (const f of cp.files) {
        const p = JSON.parse(fs.readFileSync(f.path, 'utf8')) as { nodes: unknown[]; samples: unknown[] };
        assert.ok(p.nodes.length > 0 && p.samples.length > 0, `${f.path} is a profile with samples`);
      }
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.raw')), [], 'raw lane profiles are removed');
    });
  }
});
