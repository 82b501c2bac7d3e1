// The engine's live events with real threads and processes: the plan, every mode's boundaries,
// CPU samples while the measured repetitions run, every task once per repetition in batches, each
// finished mode's median, and a watcher that throws cannot break the profile.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { profile } from '../../src/engine/profile';
import { machineNow } from '../../src/engine/runtime/clock';
import { LIVE_TASK_FIELDS, L_END, L_INDEX, L_LANE, L_START, RUNNING_FIELDS, R_INDEX, R_LANE, R_START, type LiveEvent } from '../../src/shared/live/events';
import { LiveState } from '../../src/shared/live/state';
import { CLI, WORK } from './e2e.harness';
import { skipBecause } from '../support/skip';

describe('live events from profile()', function () {
  this.timeout(120_000);

  it('tells the plan, modes, repetitions, samples, every task and each median, in order', async () => {
    const events: LiveEvent[] = [];
    const state = new LiveState();
    const report = await profile(
      { file: WORK, functionName: 'wait', args: '[60]', tasks: 4, workers: 2, repeat: 2, warmup: 1, sampleIntervalMs: 20, timeoutMs: 60_000, interleave: false },
      { onLive: (e) => { events.push(e); state.apply(e); } },
    );
    assert.equal(events[0].kind, 'plan');
    const modes = report.modes.map((m) => m.mode);
    assert.deepEqual(events.filter((e) => e.kind === 'mode-start').map((e) => e.kind === 'mode-start' && e.mode), modes);
    const ends = events.filter((e): e is Extract<LiveEvent, { kind: 'mode-end' }> => e.kind === 'mode-end');
    assert.deepEqual(ends.map((e) => e.mode), modes);
    for (const e of ends) {
      const m = report.modes.find((x) => x.mode === e.mode)!;
      assert.equal(e.medianMs, m.wallMs!.median, `${e.mode}: the live median is the report's`);
      // The live speedup is the ratio of medians; the report may quote the paired rounds' estimate instead.
      const seq = report.modes.find((x) => x.mode === 'sequential')!;
      if (e.mode !== 'sequential') assert.equal(e.speedup, Math.round((seq.wallMs!.median / m.wallMs!.median) * 1000) / 1000, `${e.mode}: the live speedup is sequential's median over this mode's`);
    }
    // Per mode: warm-up 1 of 1, then repetitions 1 and 2 of 2, each with every task exactly once.
    for (const mode of modes) {
      const mine = events.filter((e) => 'mode' in e && e.mode === mode);
      const reps = mine.filter((e): e is Extract<LiveEvent, { kind: 'repetition-start' }> => e.kind === 'repetition-start');
      assert.deepEqual(reps.map((r) => [r.warmup, r.index, r.of]), [[true, 1, 1], [false, 1, 2], [false, 2, 2]], `${mode}: repetitions`);
      let seen: number[] = [];
      let samples = 0;
      for (const e of mine) {
        if (e.kind === 'repetition-start') { seen = []; samples = 0; }
        if (e.kind === 'tasks') {
          for (let at = 0; at < e.tasks.length; at += LIVE_TASK_FIELDS) {
            seen.push(e.tasks[at + L_INDEX]);
            assert.ok(e.tasks[at + L_START] >= -1 && e.tasks[at + L_END] >= e.tasks[at + L_START], `${mode}: task times from the repetition's start`);
          }
        }
        if (e.kind === 'cpu') {
          samples++;
          assert.ok(e.cores.length > 0 && e.cores.every((v) => v >= 0 && v <= 100), `${mode}: core percentages`);
        }
        if (e.kind === 'repetition-end') {
          assert.deepEqual(seen.sort((a, b) => a - b), [0, 1, 2, 3], `${mode} repetition ${e.index}: every task once before its end`);
          assert.ok(samples > 0, `${mode} ${e.warmup ? 'warm-up' : 'repetition'} ${e.index}: CPU samples arrived while it ran (60 ms tasks, 20 ms interval; warm-ups for the live view)`);
        }
      }
    }
    const snap = state.snapshot(machineNow())!;
    assert.equal(snap.finished.length, modes.length);
    assert.equal(snap.current?.repetition?.done, 4);
  });

  it('shows a long sequential task as it ends, before the repetition does', async () => {
    const events: { e: LiveEvent; at: number }[] = [];
    await profile(
      { file: WORK, functionName: 'wait', args: '[150]', tasks: 3, workers: 1, repeat: 1, warmup: 0, modes: ['sequential'], timeoutMs: 60_000 },
      { onLive: (e) => events.push({ e, at: machineNow() }) },
    );
    const batches = events.filter((x) => x.e.kind === 'tasks');
    assert.ok(batches.length >= 2, `tasks of 150 ms each arrive in more than one batch (got ${batches.length})`);
  });

  for (const mode of ['workers', 'processes'] as const) {
    it(`${mode}: a long task shows on its lane from its start, long before it ends, with its index`, async () => {
      const events: { e: LiveEvent; at: number }[] = [];
      const report = await profile(
        { file: WORK, functionName: 'wait', args: '[700]', tasks: 4, workers: 2, repeat: 1, warmup: 0, modes: ['sequential', mode], timeoutMs: 60_000, precision: 0 },
        { onLive: (e) => events.push({ e, at: machineNow() }) },
      );
      const mine = events.filter((x) => 'mode' in x.e && x.e.mode === mode);
      const repStart = mine.find((x) => x.e.kind === 'repetition-start' && !x.e.warmup)!;
      const origin = (repStart.e as Extract<LiveEvent, { kind: 'repetition-start' }>).at;
      const ended = new Map<number, { lane: number; start: number; end: number; heardAt: number }>();
      for (const x of mine) {
        if (x.e.kind !== 'tasks') continue;
        for (let at = 0; at < x.e.tasks.length; at += LIVE_TASK_FIELDS) ended.set(x.e.tasks[at + L_INDEX], { lane: x.e.tasks[at + L_LANE], start: x.e.tasks[at + L_START], end: x.e.tasks[at + L_END], heardAt: x.at });
      }
      const firstRunning = new Map<number, { lane: number; start: number; heardAt: number }>();
      for (const x of mine) {
        if (x.e.kind !== 'running') continue;
        for (let at = 0; at < x.e.tasks.length; at += RUNNING_FIELDS) {
          const index = x.e.tasks[at + R_INDEX];
          if (!firstRunning.has(index)) firstRunning.set(index, { lane: x.e.tasks[at + R_LANE], start: x.e.tasks[at + R_START], heardAt: x.at });
        }
      }
      assert.deepEqual([...firstRunning.keys()].sort(), [0, 1, 2, 3], `every task was told running (${JSON.stringify([...firstRunning])})`);
      for (const [index, r] of firstRunning) {
        const e = ended.get(index)!;
        assert.equal(r.lane, e.lane, `task ${index}: the lane it was told running on is the lane it ran on`);
        // A thread writes its own start into the shared table. The processes mode starts a task when it
        // sends it to an idle child: after its dispatch in the report, before the child's own clock says
        // (by 64 ms in a CI run at load average 7, when the child waited for a core to read its message).
        const record = report.modes.find((m) => m.mode === mode)!.tasks!.find((t) => t.index === index)!;
        const earliest = mode === 'processes' ? record.dispatchMs! : e.start;
        assert.ok(r.start <= e.start + 1 && r.start >= earliest - 1, `task ${index}: told start ${r.start} ms, its dispatch ${record.dispatchMs} ms, its own start ${e.start} ms`);
        assert.ok(r.heardAt < origin + e.end - 300, `task ${index}: heard running ${r.heardAt - origin} ms in, it ended at ${e.end} ms`);
      }
    });
  }

  it('interleaved rounds: every mode starts first, then rounds (open-ended: of 0) of each mode, then every median', async () => {
    const events: LiveEvent[] = [];
    const report = await profile(
      { file: WORK, functionName: 'wait', args: '[20]', tasks: 2, workers: 2, repeat: 2, warmup: 0, modes: ['sequential', 'workers'], timeoutMs: 60_000 },
      { onLive: (e) => events.push(e) },
    );
    const kinds = events.map((e) => e.kind);
    assert.ok(kinds.lastIndexOf('mode-start') < kinds.indexOf('repetition-start'), 'both modes started before the first round');
    const reps = events.filter((e): e is Extract<LiveEvent, { kind: 'repetition-start' }> => e.kind === 'repetition-start');
    assert.ok(reps.every((r) => r.of === 0 && !r.warmup), 'rounds are open-ended');
    assert.deepEqual(new Set(reps.map((r) => r.mode)), new Set(['sequential', 'workers']));
    assert.deepEqual(events.filter((e) => e.kind === 'mode-end').map((e) => 'mode' in e && e.mode), report.modes.map((m) => m.mode));
    // Each round's end, for the time left: the minimum, and the budget from the minimum rounds on.
    const ends = events.filter((e): e is Extract<LiveEvent, { kind: 'round-end' }> => e.kind === 'round-end');
    assert.deepEqual(ends.map((e) => e.round), report.rounds!.rounds.map((_, i) => i + 1), 'one per round');
    assert.ok(ends.every((e) => e.minRounds === 2), 'the minimum is --repeat');
    assert.equal(ends[0].maxTimeMs, undefined, 'no budget before the minimum rounds have run');
    assert.ok(ends[1].maxTimeMs! >= ends[1].elapsedMs, `the budget once they have (${ends[1].maxTimeMs} ms, ${ends[1].elapsedMs} ms spent)`);
    const state = new LiveState();
    for (const e of events.slice(0, kinds.indexOf('round-end') + 1)) state.apply(e);
    assert.equal(state.snapshot(machineNow())!.etaKind, 'at-least', 'after round 1 of at least 2: at least one more');
  });

  it('a watcher that throws does not stop the profile', async () => {
    const report = await profile(
      { file: WORK, functionName: 'noop', tasks: 2, workers: 1, repeat: 1, warmup: 0, modes: ['sequential', 'workers'], timeoutMs: 60_000 },
      { onLive: () => { throw new Error('watcher bug'); } },
    );
    assert.ok(report.modes.every((m) => m.status === 'completed'));
  });
});

describe('the CLI live line', function () {
  this.timeout(120_000);
  const args = [CLI, WORK, '--function', 'wait', '--args', '[150]', '--tasks', '4', '--workers', '2', '--repeat', '2', '--warmup', '0', '--modes', 'sequential,workers', '--no-interleave'];
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

  /** Runs the CLI on a pseudo-terminal (util-linux `script`), as a user at a terminal does. */
  function onTerminal(extra: string[]): string | undefined {
    const command = `stty cols 200; ${[process.execPath, ...args, ...extra].map(quote).join(' ')}`;
    const r = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', timeout: 100_000 });
    if (r.error) return undefined;
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout;
  }

  it('on a terminal: one live line per mode, redrawn in place, each left with its median; --quiet silences it', function () {
    const out = onTerminal([]);
    if (out === undefined) skipBecause(this, 'no `script` command here to make a terminal');
    assert.match(out, /\r\x1b\[2Ksequential · repetition 1 of 2 · \d of 4 tasks · [\d.]+ m?s elapsed/);
    assert.match(out, /\r\x1b\[2Ksequential: median [\d.]+ m?s \[[\d.]+–[\d.]+\]\r?\n/);
    assert.match(out, /\r\x1b\[2Kworker threads ×2: median [\d.]+ m?s \[[\d.]+–[\d.]+\], [\d.]+× sequential\r?\n/);
    const quiet = onTerminal(['--quiet'])!;
    assert.doesNotMatch(quiet, /repetition \d of|median [\d.]+ m?s \[/, 'no live line with --quiet');
    assert.match(quiet, /worker threads/, 'the table is still printed');
  });

  it('not on a terminal: nothing of it, on stdout or stderr', () => {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 100_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /\x1b\[2K|repetition \d of/);
  });
});
