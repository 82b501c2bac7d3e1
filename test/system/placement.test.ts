// The prediction's one-lane runs hold the engine's thread and the lane's on cores of their own while
// a repetition is measured (measure/placement.ts), and put both back afterwards. Linux with two cores
// and util-linux's taskset; elsewhere the runs go unplaced and the report says so.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMeasuredRepetition } from '../../src/engine/measure/measuredRepetition';
import { CoreMover, parseCpuList } from '../../src/engine/measure/placement';
import { osThreadId } from '../../src/engine/runtime/osThread';
import { args, isAlive, never, start } from './modes.harness';
import { skipBecause } from '../support/skip';

function allowed(tid: number): string {
  return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${tid}/status`, 'utf8'))![1];
}

describe('placement of the one-lane runs', function () {
  this.timeout(60_000);
  let dir: string;
  let mover: CoreMover;
  before(function () {
    const tid = osThreadId();
    if (tid === undefined) skipBecause(this, 'not Linux: no OS thread ids to place');
    if (parseCpuList(allowed(tid!)).length < 2) skipBecause(this, 'one core: nothing to place apart');
    if (spawnSync('taskset', ['-V']).status !== 0) skipBecause(this, 'no taskset (util-linux) here');
    dir = mkdtempSync(join(tmpdir(), 'pp-placement-'));
    mover = CoreMover.start()!;
  });
  after(() => {
    mover?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const mode of ['workers', 'processes'] as const) {
    it(`${mode}: the lane runs every task on its own core while measured, and both threads get their cores back`, async () => {
      const engine = osThreadId()!;
      const engineBefore = allowed(engine);
      const s = await start(mode, 'whereRun', { lanes: 1 });
      try {
        const [lane] = s.osThreadIds;
        assert.equal(s.osThreadIds.length, 1, 'the lane told its OS thread id');
        const laneBefore = allowed(lane);
        const file = join(dir, `${mode}.txt`);
        writeFileSync(file, '');
        const o = { taskArgs: args(30, () => [file]), argBytes: new Array<number>(30).fill(0), sampleIntervalMs: 50, signal: never() };
        const placed = await runMeasuredRepetition(s, { ...o, placer: mover });
        const p = placed.condensed?.placement;
        assert.ok(p, 'placed');
        assert.equal(p.laneCores.length, 1);
        assert.notEqual(p.engineCore, p.laneCores[0], 'two cores');
        const lines = readFileSync(file, 'utf8').trim().split('\n');
        assert.equal(lines.length, 30);
        assert.deepEqual([...new Set(lines)], [String(p.laneCores[0])], 'every task ran held on the lane\'s core');
        assert.equal(allowed(engine), engineBefore, 'the engine\'s thread has its cores back');
        assert.equal(allowed(lane), laneBefore, 'the lane\'s thread has its cores back');

        // Without it the lane runs wherever it was allowed, and the repetition says nothing of cores.
        writeFileSync(file, '');
        const free = await runMeasuredRepetition(s, o);
        assert.equal(free.condensed?.placement, undefined);
        assert.deepEqual([...new Set(readFileSync(file, 'utf8').trim().split('\n'))], [laneBefore]);
      } finally {
        await s.close();
      }
    });
  }

  it('a repetition cancelled while placed still gives the engine its cores back', async () => {
    const engineBefore = allowed(osThreadId()!);
    const s = await start('workers', 'busy', { lanes: 1 });
    try {
      const ac = new AbortController();
      const run = runMeasuredRepetition(s, { taskArgs: args(20, () => [200]), argBytes: new Array<number>(20).fill(0), sampleIntervalMs: 50, signal: ac.signal, placer: mover });
      // Placed while the first task runs: the engine is held on one core.
      const held = Date.now() + 3000;
      while (allowed(osThreadId()!) === engineBefore && Date.now() < held) await new Promise((r) => setTimeout(r, 10));
      assert.notEqual(allowed(osThreadId()!), engineBefore, 'the engine was held on a core while it ran');
      ac.abort();
      await assert.rejects(run);
      assert.equal(allowed(osThreadId()!), engineBefore);
    } finally {
      await s.close();
    }
  });

  it('the helper says no for a thread that is not there, and ends once closed', async () => {
    const own = CoreMover.start()!;
    assert.equal(await own.set(osThreadId()!, allowed(osThreadId()!)), true, 'a thread that is there');
    assert.equal(await own.set(2 ** 22 + 12345, '0'), false, 'no such thread');
    const pid = own.pid!;
    own.close();
    assert.equal(await own.set(osThreadId()!, '0'), false, 'closed: nothing moves');
    const gone = Date.now() + 3000;
    while (isAlive(pid) && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
    assert.equal(isAlive(pid), false, 'the helper ended');
  });

  it('two lanes on two cores cannot each have a core beside the engine: nothing moves', async function () {
    if (parseCpuList(allowed(osThreadId()!)).length > 2) skipBecause(this, 'more than two cores here: the lanes can each have a core beside the engine');
    const engineBefore = allowed(osThreadId()!);
    const s = await start('workers', 'whereRun', { lanes: 2 });
    try {
      const file = join(dir, 'two.txt');
      writeFileSync(file, '');
      const r = await runMeasuredRepetition(s, { taskArgs: args(4, () => [file]), argBytes: [0, 0, 0, 0], sampleIntervalMs: 50, signal: never(), placer: mover });
      assert.equal(r.condensed?.placement, undefined);
      assert.equal(allowed(osThreadId()!), engineBefore);
    } finally {
      await s.close();
    }
  });
});
