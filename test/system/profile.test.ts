// profile() end to end on the project's own examples, as the CLI and the extension call it:
// every mode completes, the report validates, the task records and CPU series are well formed,
// and the verdict tells I/O-bound from CPU-bound work.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { resolve } from 'node:path';
import { profile } from '../../src/engine/profile';
import type { Report } from '../../src/shared/report/report';
import { assertValid, EXAMPLES, modeOf, quick } from './e2e.harness';
import { skipBecause } from '../support/skip';

const MODES = ['sequential', 'async', 'workers', 'processes'] as const;

/** The structural promises of a completed report, whatever the machine's load. */
function checkShape(report: Report, tasks: number): void {
  assert.deepEqual(report.modes.map((m) => m.mode), [...MODES]);
  for (const m of report.modes) {
    assert.equal(m.status, 'completed', `${m.mode}: ${m.error?.message ?? ''}`);
    assert.ok(m.wallMs && m.wallMs.median > 0, `${m.mode} has a wall time`);
    const records = m.tasks ?? [];
    assert.deepEqual(records.map((t) => t.index).sort((a, b) => a - b), Array.from({ length: tasks }, (_, i) => i), `${m.mode}: every task once`);
    const laneCount = m.mode === 'async' ? tasks : m.lanes;
    for (const t of records) {
      assert.ok(Number.isInteger(t.lane) && t.lane >= 0 && t.lane < laneCount, `${m.mode} task ${t.index}: lane ${t.lane} of ${laneCount}`);
      assert.ok(t.dispatchMs !== undefined && t.dispatchMs <= t.startMs && t.startMs <= t.endMs, `${m.mode} task ${t.index}: dispatch ${t.dispatchMs} ≤ start ${t.startMs} ≤ end ${t.endMs}`);
    }
    const cpu = m.cpu!;
    assert.equal(cpu.cores.length, report.machine.cores, `${m.mode}: one CPU row per core`);
    for (const row of cpu.cores) {
      assert.equal(row.length, cpu.t.length, `${m.mode}: one value per sample`);
      for (const v of row) assert.ok(v >= 0 && v <= 100, `${m.mode}: core percent ${v} in 0–100`);
    }
    for (let k = 1; k < cpu.t.length; k++) assert.ok(cpu.t[k] > cpu.t[k - 1], `${m.mode}: sample times increase`);
  }
  assert.equal(report.machine.cores, os.availableParallelism());
}

describe('profile() end to end on the examples', function () {
  this.timeout(120_000);

  it('I/O-bound (examples/io.ts fetchReport, 8 tasks of 100 ms): async overlaps the waits, verdict io', async () => {
    const report = await profile({
      file: resolve(EXAMPLES, 'io.ts'), functionName: 'fetchReport', tasks: 8, args: '[i, 100]', workers: 2, repeat: 1, warmup: 0,
    });
    assertValid(report);
    checkShape(report, 8);
    const seq = modeOf(report, 'sequential');
    const asy = modeOf(report, 'async');
    // Sequential awaits 8 × 100 ms; async all at once: about 100 ms, 8× (7.9× on an idle VM). Calls
    // that did not overlap would give 1×; the bound is N/4 because a loaded machine delays the one
    // thread's wake-ups (a CI run measured 3.9×: async took twice the 100 ms wait).
    assert.ok(seq.wallMs!.median >= 790, `sequential took ${seq.wallMs!.median} ms for 8 × 100 ms`);
    assert.ok(asy.speedup! > 2, `async speedup ${asy.speedup} should exceed N/4 = 2`);
    assert.equal(report.verdict.bound, 'io', report.verdict.summary);
    assert.ok(report.verdict.findings.some((f) => f.kind === 'async-overlap'), 'an async-overlap finding');
    // In async mode the 8 calls overlap: each is in its own lane, all started before the first ended.
    const records = asy.tasks!;
    assert.equal(new Set(records.map((t) => t.lane)).size, 8, 'overlapping async calls never share a lane');
    const firstEnd = Math.min(...records.map((t) => t.endMs));
    assert.ok(records.every((t) => t.startMs < firstEnd), 'all async calls started before the first one ended');
  });

  it('a repetition shorter than one CPU sample: utilisation from CPU over wall time, not "idle"', async function () {
    const report = await quick({ functionName: 'burn', args: '[20_000]', tasks: 2, sampleIntervalMs: 1000 });
    assertValid(report);
    for (const m of report.modes) assert.equal(m.status, 'completed', m.mode);
    const short = report.modes.filter((m) => m.cpu!.t.length === 0);
    if (short.length === 0) skipBecause(this, 'every repetition outlasted a 1 s CPU sample on this machine: the case did not arise');
    for (const m of short) {
      const expected = Math.min(1, m.coresBusy! / report.machine.cores);
      assert.ok(Math.abs(m.utilisation!.share - expected) < 0.01, `${m.mode}: share ${m.utilisation!.share}, cores busy ${m.coresBusy}`);
    }
  });

  let cpuReport: Report | undefined;

  it('CPU-bound (examples/cpu.ts countPrimes): async gains nothing, the bound is judged from CPU time', async () => {
    const report = await profile({
      file: resolve(EXAMPLES, 'cpu.ts'), functionName: 'countPrimes', tasks: 4,
      args: '[2_000_000 + i, 2_150_000 + i]', workers: 2, repeat: 1, warmup: 0,
    });
    assertValid(report);
    checkShape(report, 4);
    const seq = modeOf(report, 'sequential');
    const asy = modeOf(report, 'async');
    // A function that never awaits runs its async calls one after another: no two overlap.
    const byStart = [...asy.tasks!].sort((a, b) => a.startMs - b.startMs);
    for (let k = 1; k < byStart.length; k++) {
      assert.ok(byStart[k].startMs >= byStart[k - 1].endMs - 0.01, `async task ${byStart[k].index} started before ${byStart[k - 1].index} ended`);
    }
    // The same work costs about the same CPU time whichever way it runs on one thread.
    const cpuRatio = asy.cpuMs! / seq.cpuMs!;
    assert.ok(cpuRatio > 0.5 && cpuRatio < 2, `async used ${asy.cpuMs} ms CPU against ${seq.cpuMs} ms sequentially`);
    // The engine calls a function CPU-bound when one task at a time keeps ≥ 0.8 cores busy. On a
    // loaded machine a CPU-bound task waits for a core and looks 'mixed'; it never looks I/O-bound
    // unless other programs starve it below a fifth of a core.
    assert.notEqual(report.verdict.bound, 'io', report.verdict.summary);
    cpuReport = report;
  });

  it('CPU-bound with a free core: the verdict says cpu, async stays under 1.3× and the finding says why', function () {
    // Needs the report above, made while sequential had (nearly) a core to itself; otherwise the
    // precondition is missing and the test says so as a skip, not as a pass.
    if (!cpuReport) skipBecause(this, 'the CPU-bound report above was not made');
    const report = cpuReport;
    const seq = modeOf(report, 'sequential');
    const asy = modeOf(report, 'async');
    const seqBusy = seq.coresBusy ?? 0;
    if (seqBusy < 0.85) {
      console.log(`      (machine busy: sequential kept ${seqBusy} cores busy, async ${asy.coresBusy}; bound '${report.verdict.bound}', async ${asy.speedup}×)`);
      skipBecause(this, `machine busy: sequential kept only ${seqBusy} cores busy, so the bound cannot be judged`);
    }
    assert.equal(report.verdict.bound, 'cpu', report.verdict.summary);
    // With a full core for sequential, async (the same work on one thread) cannot beat it by more
    // than 1 / 0.85 ≈ 1.18× even when async got a whole core: then 1.3× would be a real error.
    assert.ok(asy.speedup! < 1.3, `async speedup ${asy.speedup} on CPU-bound work`);
    assert.ok(report.verdict.findings.some((f) => f.kind === 'async-no-await' || f.kind === 'libuv-pool') || asy.speedup! > 1.2, 'async-no-await finding');
  });
});
