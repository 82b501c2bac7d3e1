// Interleaved rounds end to end: every mode started and warmed first, then one repetition of each
// mode per round in a rotating order, with the outside load and the tasks' wait recorded per round;
// stopping when stable or when the time budget runs out; interleaving off for contrast; cancel.
import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/engine/errors';
import { ModeLimits } from '../../src/engine/modes/limits';
import { profile } from '../../src/engine/profile';
import type { ModeName, Report } from '../../src/shared/report/report';
import { assertValid, expectNothingLeft, modeOf, settle, WORK } from './e2e.harness';

const MODES: ModeName[] = ['sequential', 'async', 'workers', 'processes'];

function run(over: Parameters<typeof profile>[0] extends infer O ? Partial<O> : never, hooks = {}): Promise<Report> {
  return profile({ file: WORK, functionName: 'burn', args: '[200_000]', tasks: 4, workers: 2, repeat: 3, warmup: 1, timeoutMs: 60_000, ...over }, hooks);
}

describe('interleaved rounds', function () {
  this.timeout(180_000);

  it('runs one repetition of every mode per round, in an order that rotates, and records each round', async () => {
    const threads = await settle();
    const progress: string[] = [];
    const report = await run({ precision: 0 }, { onProgress: (e: { message: string }) => progress.push(e.message) });
    assertValid(report);
    const rounds = report.rounds!;
    assert.equal(rounds.interleaved, true);
    assert.equal(rounds.rounds.length, 3);
    assert.equal(rounds.stop.reason, 'fixed');
    rounds.rounds.forEach((r, i) => {
      assert.deepEqual([...r.order].sort(), [...MODES].sort(), `round ${i + 1} runs every mode once`);
      assert.equal(r.order[0], MODES[i % MODES.length], `round ${i + 1} starts with mode ${i}`);
      assert.deepEqual(r.modes.map((m) => m.mode), r.order, 'records in run order');
      for (const m of r.modes) {
        assert.ok(m.wallMs > 0);
        // Linux gives per-task CPU and wait (schedstat); async calls share one thread and report wall time only.
        if (process.platform === 'linux' && m.mode !== 'async') assert.ok(m.taskCpuMs !== undefined && m.waitMs !== undefined, `${m.mode}: CPU and wait recorded`);
      }
    });
    // Each mode's runs are its rounds' wall times, in round order.
    for (const mode of MODES) {
      const runs = modeOf(report, mode).wallMs!.runs;
      const fromRounds = rounds.rounds.map((r) => r.modes.find((m) => m.mode === mode)!.wallMs);
      assert.deepEqual(runs.map((x) => Math.round(x * 1000) / 1000), fromRounds);
    }
    // Warm-ups came first, for every mode, before any round.
    const firstRound = progress.findIndex((p) => /^round 1:/.test(p));
    const lastWarm = progress.map((p, i) => (/warm-up/.test(p) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    assert.ok(firstRound > lastWarm && lastWarm >= 0, progress.join(' | '));
    // Paired speedups: sequential is exactly 1 against itself; every interval holds its estimate.
    assert.deepEqual(modeOf(report, 'sequential').speedupCi, { low: 1, high: 1, level: 'range' });
    for (const m of report.modes) {
      assert.ok(m.speedupCi!.low <= m.speedup! && m.speedup! <= m.speedupCi!.high, `${m.mode}: ${m.speedup} in ${JSON.stringify(m.speedupCi)}`);
      if (m.loadAware) assert.ok(m.loadAware.speedupCi!.low <= m.loadAware.speedup && m.loadAware.speedup <= m.loadAware.speedupCi!.high);
    }
    await expectNothingLeft(threads, 3000);
  });

  it("with predict, each parallel mode's one-lane run takes a turn in every round, off the round records and the live view", async () => {
    const threads = await settle();
    const progress: string[] = [];
    const live: { kind: string; mode?: string; lanes?: number }[] = [];
    const report = await run(
      { precision: 0, repeat: 5, modes: ['sequential', 'workers', 'processes'], predict: true },
      { onProgress: (e: { message: string }) => progress.push(e.message), onLive: (e: { kind: string; mode?: string; lanes?: number }) => live.push(e) },
    );
    assertValid(report);
    for (const mode of ['workers', 'processes']) {
      const turns = progress.filter((p) => p.startsWith('round ') && p.endsWith(`: prediction, ${mode} on one lane`));
      assert.deepEqual(turns.map((p) => p.split(':')[0]), ['round 1', 'round 2', 'round 3', 'round 4', 'round 5'], `${mode} on one lane in every round: ${progress.join(' | ')}`);
      assert.ok(!progress.some((p) => p.includes(`Prediction: ${mode} on one lane`)), 'not measured again after the rounds');
    }
    const modes = ['sequential', 'workers', 'processes'];
    report.rounds!.rounds.forEach((r, i) => {
      assert.deepEqual([...r.order].sort(), [...modes].sort(), 'the round records hold the modes only');
      // The companions' turns leave the modes' rotation as it is, and the records in the order they ran.
      assert.equal(r.order[0], modes[i % modes.length], `round ${i + 1} starts with mode ${i % modes.length}`);
      assert.deepEqual(r.modes.map((m) => m.mode), r.order, `round ${i + 1}: records in run order`);
    });
    assert.ok(!live.some((e) => e.kind === 'mode-start' && e.lanes === 1 && e.mode !== 'sequential'), 'the live view never sees the one-lane runs');
    assert.deepEqual(report.prediction!.inputs.modes.map((m) => m.mode), ['workers', 'processes']);
    for (const m of report.prediction!.inputs.modes) assert.ok(m.perMessageMs > 0 && m.engineMs! > 0, JSON.stringify(m));
    await expectNothingLeft(threads, 3000);
  });

  it('adds rounds until stable, or stops when the time budget runs out and says so', async () => {
    // A precision no machine reaches, and a budget spent at once: exactly the minimum rounds.
    const tight = await run({ repeat: 2, precision: 0.0001, maxTimeMs: 1 });
    assertValid(tight);
    assert.equal(tight.rounds!.stop.reason, 'time');
    assert.equal(tight.rounds!.rounds.length, 2);
    assert.match(tight.rounds!.stop.message, /the time budget \(0\.0 s\) ran out before every interval was within ±0\.01%/);
    // A loose precision: stable, each headline interval within it, or the default budget (3× the minimum) ran out.
    // --repeat 1 still takes two rounds before calling anything stable: one ratio is no interval.
    const loose = await run({ repeat: 1, precision: 1 });
    const stop = loose.rounds!.stop;
    assert.ok(stop.reason === 'stable' || stop.reason === 'time', stop.message);
    if (stop.reason === 'time') assert.ok(stop.elapsedMs >= stop.maxTimeMs!, stop.message);
    assert.ok(stop.maxTimeMs! > 0);
    assert.ok(loose.rounds!.rounds.length >= 2);
  });

  it('with interleaving off each mode runs its repetitions in a row, and the report says so', async () => {
    const report = await run({ interleave: false, repeat: 2 });
    assertValid(report);
    const rounds = report.rounds!;
    assert.equal(rounds.interleaved, false);
    assert.equal(rounds.stop.reason, 'fixed');
    assert.match(rounds.stop.message, /Interleaving off/);
    assert.equal(rounds.rounds.length, 2);
    for (const m of report.modes) assert.equal(m.wallMs!.runs.length, 2, m.mode);
    assert.equal(report.settings.interleave, false);
  });

  it('a cancel between rounds stops every mode\'s lanes', async () => {
    const threads = await settle();
    const controller = new AbortController();
    const onProgress = (e: { message: string }) => { if (/^round 2:/.test(e.message)) controller.abort(); };
    await assert.rejects(run({ precision: 0 }, { signal: controller.signal, onProgress }), (err: unknown) => err instanceof CancelledError);
    await expectNothingLeft(threads, 3000);
  });

  it('a mode\'s time limit counts its own working time, not the time it waits for the other modes', async () => {
    // Wide margins: at a load of 11 two 120 ms timers took over 300 ms between them (CI, 2026-12-05).
    const limits = new ModeLimits('workers', 900, new AbortController().signal);
    const work = (ms: number) => limits.enforce(new Promise((r) => setTimeout(r, ms)), async () => undefined);
    // 200 + 200 ms of work with a 1.2 s idle gap, then 600 ms more: 1 s of work > 900 ms, so the last one times out…
    await work(200);
    await new Promise((r) => setTimeout(r, 1200));
    await work(200);
    await assert.rejects(work(600), /timed out/i);
    // …but idle time alone never does: a fresh limit, long idle, short work.
    const idle = new ModeLimits('workers', 900, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 1200));
    await idle.enforce(new Promise((r) => setTimeout(r, 50)), async () => undefined);
  });
});
