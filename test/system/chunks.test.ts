// The `chunk` option with real threads and processes: C consecutive tasks per message, each task still
// recorded on its own (lane, times, sizes, CPU, faults); and profile() with `predict`, end to end.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { serialize } from 'node:v8';
import { renderPrediction } from '../../src/engine';
import { args, never, start } from './modes.harness';
import { assertValid, EXAMPLES, modeOf } from './e2e.harness';
import { profile } from '../../src/engine/profile';
import { resolve } from 'node:path';

describe('chunked dispatch (the chunk option)', function () {
  this.timeout(60_000);

  for (const mode of ['workers', 'processes'] as const) {
    it(`${mode}: chunks of 4 over 10 tasks record every task once, timed on its own, back to back within a chunk`, async () => {
      const s = await start(mode, 'echo', { chunk: 4 });
      try {
        const taskArgs = args(10, (i) => [i, 'x'.repeat(i * 50)]);
        const r = await s.runRepetition(taskArgs, never());
        assert.deepEqual(r.tasks.map((t) => t.index), [...Array(10).keys()]);
        for (const t of r.tasks) {
          assert.ok(t.lane >= 0 && t.lane < 2, `lane ${t.lane} of task ${t.index}`);
          assert.ok(t.dispatchedAt <= t.startedAt && t.startedAt <= t.endedAt, `task ${t.index}: ${t.dispatchedAt} ≤ ${t.startedAt} ≤ ${t.endedAt}`);
          assert.equal(t.resultBytes, serialize(taskArgs[t.index]).length, `resultBytes of task ${t.index}`);
          assert.equal(typeof t.cpuMs, 'number', `cpuMs of task ${t.index}`);
        }
        // Chunks [0–3], [4–7], [8–9]: one lane and one dispatch time each; a task starts after the one before it ends.
        for (const [a, b] of [[0, 3], [4, 7], [8, 9]]) {
          const chunk = r.tasks.slice(a, b + 1);
          assert.equal(new Set(chunk.map((t) => t.lane)).size, 1, `chunk ${a}–${b} on one lane`);
          assert.equal(new Set(chunk.map((t) => t.dispatchedAt)).size, 1, `chunk ${a}–${b} dispatched once`);
          for (let k = 1; k < chunk.length; k++) assert.ok(chunk[k].startedAt >= chunk[k - 1].endedAt, `task ${a + k} after task ${a + k - 1}`);
        }
      } finally {
        await s.close();
      }
    });

    it(`${mode}: faults inside a chunk are kept per task, async tasks are awaited in turn`, async () => {
      const s = await start(mode, 'throwSome', { chunk: 3 });
      try {
        const r = await s.runRepetition(args(7, (i) => [i]), never());
        assert.deepEqual(r.failures.map((f) => f.index), [1, 2, 4, 5]);
        assert.match(r.failures[0].message, /bad task 1/);
        assert.deepEqual(r.tasks.filter((t) => t.failed).map((t) => t.index), [1, 2, 4, 5]);
      } finally {
        await s.close();
      }
      const sl = await start(mode, 'sleep', { chunk: 2 });
      try {
        const r = await sl.runRepetition(args(4, () => [30]), never());
        for (const t of r.tasks) assert.ok(t.endedAt - t.startedAt >= 25, `task ${t.index} awaited its 30 ms sleep`);
        assert.ok(r.tasks[1].startedAt >= r.tasks[0].endedAt, 'the second task of a chunk starts after the first ends');
      } finally {
        await sl.close();
      }
    });

    it(`${mode}: the task sink (live view) hears every task of a chunked repetition once, failures marked`, async () => {
      const s = await start(mode, 'throwSome', { chunk: 3 });
      try {
        const heard: { index: number; lane: number; startedAt: number; endedAt: number; failed: boolean }[] = [];
        const r = await s.runRepetition(args(7, (i) => [i]), never(), (index, lane, startedAt, endedAt, failed) => heard.push({ index, lane, startedAt, endedAt, failed }));
        assert.deepEqual(heard.map((t) => t.index).sort((a, b) => a - b), [...Array(7).keys()]);
        assert.deepEqual(heard.filter((t) => t.failed).map((t) => t.index).sort((a, b) => a - b), [1, 2, 4, 5]);
        for (const t of heard) {
          assert.equal(t.lane, r.tasks[t.index].lane, `lane of task ${t.index}`);
          assert.ok(t.startedAt <= t.endedAt, `task ${t.index}: ${t.startedAt} ≤ ${t.endedAt}`);
        }
      } finally {
        await s.close();
      }
    });
  }
});

describe('profile() with predict', function () {
  this.timeout(180_000);

  it('measures the one-lane runs, predicts 1 … 64 cores with a band, checks K = 2 and says what it ignores', async function () {
    const report = await profile({
      file: resolve(EXAMPLES, 'cpu.ts'), functionName: 'countPrimes', tasks: 8, args: '[i * 20000, (i + 1) * 20000]',
      workers: 2, repeat: 1, warmup: 0, modes: ['sequential', 'workers'], predict: true,
    });
    assertValid(report);
    assert.equal(report.settings.predict, true);
    const p = report.prediction;
    assert.ok(p, `a prediction (warnings: ${report.warnings.map((w) => w.message).join('; ')})`);
    assert.deepEqual(p.points.map((x) => `${x.mode} ${x.workers}`), [1, 2, 4, 8, 16, 32, 64].map((k) => `workers ${k}`));
    // The optimistic edge holds the slowdown and overlaps dispatch, so it obeys what any schedule of
    // 8 tasks must: never past min(K, 8) (messages cost something), never lower with more lanes, and
    // flat from 8 lanes on (every task has its own lane already). (The band is clamped around its
    // centre, so "low ≤ central ≤ high" would hold by construction and is not checked here.)
    const highs = p.points.map((x) => x.high);
    for (const x of p.points) assert.ok(x.high <= Math.min(x.workers, 8), `high edge ${x.high}× at ${x.workers} lanes beats a perfect split of 8 tasks`);
    for (let i = 1; i < highs.length; i++) assert.ok(highs[i] >= highs[i - 1], `high edge fell with more lanes: ${highs.join(', ')}`);
    assert.deepEqual(p.points.filter((x) => x.workers >= 8).map((x) => x.high), new Array(4).fill(highs[3]), `high edge past 8 lanes: ${highs.join(', ')}`);
    assert.equal(p.inputs.modes[0].mode, 'workers');
    assert.ok(p.inputs.modes[0].perMessageMs > 0, `a message costs something: ${p.inputs.modes[0].perMessageMs} ms`);
    // The engine thread's busy time is measured in every repetition; the prediction reads it per message.
    for (const m of report.modes) assert.ok(m.engineBusyMs! >= 0 && m.engineBusyMs! <= m.wallMs!.median + 1, `${m.mode}: engine busy ${m.engineBusyMs} ms within ${m.wallMs!.median} ms`);
    assert.ok(p.inputs.modes[0].engineMs! > 0, `engine ms a message: ${p.inputs.modes[0].engineMs}`);
    assert.ok(p.inputs.modes[0].cpuPerMessageMs! >= 0, `CPU ms a message: ${p.inputs.modes[0].cpuPerMessageMs}`);
    // Linux with two cores and taskset: the one-lane run held the engine and the lane apart (placement.test.ts has the detail).
    if (process.platform === 'linux' && report.machine.cores >= 2 && spawnSync('taskset', ['-V']).status === 0) {
      const pl = p.inputs.modes[0].placement;
      assert.ok(pl && pl.laneCores.length === 1 && pl.laneCores[0] !== pl.engineCore, `placed apart: ${JSON.stringify(pl)}`);
    }
    if (report.machine.cores >= 2) {
      assert.equal(p.check.length, 1);
      assert.equal(p.check[0].measured, modeOf(report, 'workers').speedup);
    }
    assert.ok(p.chunk && p.chunk.measured.some((m) => m.chunk === 1), 'the measured chunk list includes chunk 1');
    assert.ok(p.ignores.length > 0);
    const text = renderPrediction(p);
    assert.match(text, /^What if: predicted speedup/);
    assert.match(text, /\n {3}64 {3}/);
    assert.match(text, /\nFed with: Worker threads, measured on one lane, (the engine's thread held on core \d+ and the lane's on core \d+|its threads where the OS put them): [\d.]+ (µs|ms) a message between tasks; [\d.]+ (µs|ms) of it on the engine's thread/);
  });
});
