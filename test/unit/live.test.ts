// The live view's pure parts: the state stays bounded for 100,000 tasks and long runs and keeps the
// CPU series' average, the estimate of time left, the throttle on what goes to the panel, the
// snapshot check the panel applies, and the CLI's line per mode.
import * as assert from 'node:assert/strict';
import { CliLiveLine } from '../../src/cli/liveLine';
import { LiveFeed, type Timers } from '../../src/extension/liveFeed';
import { LIVE_TASK_FIELDS, RUNNING_FIELDS, type LiveEvent } from '../../src/shared/live/events';
import { LiveState, MAX_LIVE_SAMPLES, MAX_LIVE_TASKS, type LiveSnapshot } from '../../src/shared/live/state';
import { isLiveSnapshot } from '../../src/shared/validation/live';
import { liveLine } from '../../src/shared/wording/liveText';
import { parseFromWebview, parseToWebview } from '../../src/shared/panel/messageParse';

const T0 = 1_000_000;
const plan = (over: Partial<Extract<LiveEvent, { kind: 'plan' }>> = {}): LiveEvent => ({
  kind: 'plan', functionName: 'f', modes: ['sequential', 'workers'], tasks: 100_000, workers: 2, warmup: 1, repeat: 3, cores: 2, sampleIntervalMs: 100, sweepWorkers: [], at: T0, ...over,
});

function started(over: Partial<Extract<LiveEvent, { kind: 'plan' }>> = {}): LiveState {
  const s = new LiveState();
  s.apply(plan(over));
  s.apply({ kind: 'mode-start', mode: 'sequential', lanes: 1, at: T0 });
  s.apply({ kind: 'repetition-start', mode: 'sequential', warmup: false, index: 1, of: 3, at: T0 });
  return s;
}

describe('live state', () => {
  it('stays bounded for 100,000 tasks, keeps every failed one up to a cap, and counts them all', () => {
    const s = started();
    for (let b = 0; b < 100; b++) {
      const tasks: number[] = [];
      for (let k = 0; k < 1000; k++) { const i = b * 1000 + k; tasks.push(i, 0, i, i + 1, i === 55_555 ? 1 : 0); }
      s.apply({ kind: 'tasks', mode: 'sequential', tasks });
    }
    const rep = s.snapshot(T0 + 100_000)!.current!.repetition!;
    assert.equal(rep.done, 100_000);
    assert.equal(rep.failed, 1);
    assert.ok(rep.tasks.length / LIVE_TASK_FIELDS <= MAX_LIVE_TASKS, `${rep.tasks.length / LIVE_TASK_FIELDS} tasks kept`);
    assert.ok(rep.tasks.length / LIVE_TASK_FIELDS >= MAX_LIVE_TASKS / 2, 'at least half the bound is used');
    const indices = rep.tasks.filter((_, k) => k % LIVE_TASK_FIELDS === 0);
    assert.ok(indices.includes(55_555), 'the failed task is kept');
    assert.ok(indices[indices.length - 1] > 99_000 - 2 * rep.taskStride, 'thinning keeps tasks from the whole repetition, up to the latest');
  });

  it('thins a long CPU series by averaging, so the mean is unchanged', () => {
    const s = started();
    let sum = 0;
    const n = 5000;
    for (let k = 0; k < n; k++) {
      const v = (k * 37) % 101;
      sum += v;
      s.apply({ kind: 'cpu', mode: 'sequential', t: (k + 1) * 100, cores: [v, 100 - v], process: v });
    }
    const cpu = s.snapshot(T0 + 5_000)!.current!.repetition!.cpu;
    assert.ok(cpu.t.length <= MAX_LIVE_SAMPLES && cpu.t.length >= MAX_LIVE_SAMPLES / 4, `${cpu.t.length} points`);
    assert.equal(cpu.t[cpu.t.length - 1], n * 100, 'the last point is the latest sample');
    // Points are means of equal runs of samples (the last may hold fewer), so the mean of points ≈ the mean of samples.
    const mean = cpu.cores[0].reduce((a, b) => a + b, 0) / cpu.cores[0].length;
    assert.ok(Math.abs(mean - sum / n) < 1, `mean of points ${mean} vs of samples ${sum / n}`);
  });

  it('estimates time left from the repetitions that ran, and nothing before anything has', () => {
    const s = new LiveState();
    s.apply(plan({ tasks: 10 }));
    s.apply({ kind: 'mode-start', mode: 'sequential', lanes: 1, at: T0 });
    s.apply({ kind: 'repetition-start', mode: 'sequential', warmup: true, index: 1, of: 1, at: T0 });
    assert.equal(s.snapshot(T0 + 500)!.etaMs, undefined, 'no task done: no estimate');
    s.apply({ kind: 'tasks', mode: 'sequential', tasks: [0, 0, 0, 100, 0, 1, 0, 100, 200, 0] });
    // 2 of 10 tasks in 200 ms: this repetition needs 800 ms more, each of the 7 after it about 1 s.
    assert.equal(s.snapshot(T0 + 200)!.etaMs, 800 + 7 * 1000);
    s.apply({ kind: 'repetition-end', mode: 'sequential', warmup: true, index: 1, wallMs: 1000 });
    s.apply({ kind: 'repetition-start', mode: 'sequential', warmup: false, index: 1, of: 3, at: T0 + 1000 });
    assert.equal(s.snapshot(T0 + 1400)!.etaMs, 600 + 6 * 1000);
    s.end('cancelled');
    assert.equal(s.snapshot(T0 + 1500)!.etaMs, undefined, 'an ended run has nothing left');
    assert.equal(s.snapshot(T0 + 1500)!.outcome, 'cancelled');
  });

  it('interleaved rounds: at least what the minimum rounds still need at their pace, then at most what the budget leaves', () => {
    const s = new LiveState();
    s.apply(plan({ repeat: 0, tasks: 4 }));
    s.apply({ kind: 'mode-start', mode: 'sequential', lanes: 1, at: T0 });
    s.apply({ kind: 'mode-start', mode: 'workers', lanes: 2, at: T0 + 100 });
    s.apply({ kind: 'repetition-start', mode: 'sequential', warmup: false, index: 1, of: 0, at: T0 + 1000 });
    assert.equal(s.snapshot(T0 + 1500)!.etaMs, undefined, 'no round has ended: no pace to go by');
    s.apply({ kind: 'round-end', round: 1, minRounds: 3, elapsedMs: 3000, at: T0 + 3000 });
    // A round took 2 s; two more are the least: 4 s, less the 0.5 s since.
    const a = s.snapshot(T0 + 3500)!;
    assert.deepEqual([a.etaMs, a.etaKind], [3500, 'at-least']);
    assert.match(liveLine(a), /at least 3\.50 s left$/);
    // Round 1 counted as a warm-up: one kept after two run, so the pace is 2 s a round, not 4.
    s.apply({ kind: 'round-end', round: 1, run: 2, minRounds: 3, elapsedMs: 5000, at: T0 + 5000 });
    assert.deepEqual([s.snapshot(T0 + 5000)!.etaMs, s.snapshot(T0 + 5000)!.etaKind], [4000, 'at-least']);
    s.apply({ kind: 'round-end', round: 3, minRounds: 3, elapsedMs: 7000, maxTimeMs: 21_000, at: T0 + 7000 });
    const b = s.snapshot(T0 + 8000)!;
    assert.deepEqual([b.etaMs, b.etaKind], [13_000, 'at-most'], 'past the minimum: the budget (21 s) less the 7 s spent and the 1 s since');
    assert.ok(isLiveSnapshot(JSON.parse(JSON.stringify(b))));
    assert.equal(isLiveSnapshot({ ...b, etaKind: 'soon' }), false);
    assert.match(liveLine(b), /at most 13\.0 s left$/);
  });

  it('snapshots are copies, and pass the panel\'s check; a tampered one does not', () => {
    const s = started();
    s.apply({ kind: 'cpu', mode: 'sequential', t: 100, cores: [50, 60], process: 110 });
    const snap = s.snapshot(T0 + 5_000)!;
    s.apply({ kind: 'cpu', mode: 'sequential', t: 200, cores: [50, 60], process: 110 });
    assert.equal(snap.current!.repetition!.cpu.t.length, 1, 'a snapshot does not change after it was taken');
    assert.ok(isLiveSnapshot(JSON.parse(JSON.stringify(snap))));
    const bad = JSON.parse(JSON.stringify(snap)) as LiveSnapshot;
    (bad.current!.repetition!.cpu.cores[0] as unknown[])[0] = '<img>';
    assert.equal(isLiveSnapshot(bad), false);
    assert.equal(isLiveSnapshot({ ...snap, modes: ['threads'] }), false);
    assert.equal(isLiveSnapshot({ ...snap, finished: new Array(100).fill({ mode: 'sequential', lanes: 1, status: 'completed' }) }), false);
    // The protocol's one parse per direction carries the live view's two kinds.
    assert.equal(parseToWebview({ type: 'live', live: JSON.parse(JSON.stringify(snap)) }).ok, true);
    assert.match(JSON.stringify(parseToWebview({ type: 'live', live: bad })), /live snapshot/);
    assert.deepEqual(parseFromWebview({ type: 'cancel', extra: 1 }), { ok: true, message: { type: 'cancel' } });
  });

  it('holds the tasks running now: each list replaces the last, an ended task leaves it, a repetition\'s end clears it', () => {
    const s = started();
    s.apply({ kind: 'mode-start', mode: 'workers', lanes: 2, at: T0 });
    s.apply({ kind: 'repetition-start', mode: 'workers', warmup: false, index: 1, of: 3, at: T0 });
    const running = () => s.snapshot(T0 + 5_000)!.current!.repetition!.running;
    s.apply({ kind: 'running', mode: 'workers', tasks: [0, 0, 1.5, 1, 1, 2] });
    assert.deepEqual(running(), [0, 0, 1.5, 1, 1, 2]);
    s.apply({ kind: 'tasks', mode: 'workers', tasks: [0, 0, 1.5, 700, 0] });
    assert.deepEqual(running(), [1, 1, 2], 'task 0 ended: no longer running');
    s.apply({ kind: 'running', mode: 'sequential', tasks: [5, 0, 3] });
    assert.deepEqual(running(), [1, 1, 2], "another mode's list is not this repetition's");
    s.apply({ kind: 'running', mode: 'workers', tasks: Array.from({ length: 100 * RUNNING_FIELDS + 2 }, (_, i) => i) });
    assert.equal(running().length, 64 * RUNNING_FIELDS, 'at most one per drawn lane, whole entries only');
    assert.ok(isLiveSnapshot(JSON.parse(JSON.stringify(s.snapshot(T0 + 5_000)))));
    const bad = JSON.parse(JSON.stringify(s.snapshot(T0 + 5_000))) as LiveSnapshot;
    bad.current!.repetition!.running = [1, 2];
    assert.equal(isLiveSnapshot(bad), false, 'a partial entry is refused');
    s.apply({ kind: 'repetition-end', mode: 'workers', warmup: false, index: 1, wallMs: 1400 });
    assert.deepEqual(running(), []);
    s.apply({ kind: 'running', mode: 'workers', tasks: [9, 0, 1] });
    assert.deepEqual(running(), [], 'nothing runs in a repetition that ended');
  });
});

/** Timers under the test's control. */
function fakeTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => now,
    setTimeout: (fn, ms) => { const id = ++ids; queue.push({ at: now + ms, fn, id }); return id; },
    clearTimeout: (id) => { queue = queue.filter((q) => q.id !== id); },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = queue.filter((q) => q.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        queue = queue.filter((q) => q !== next);
        now = next.at;
        next.fn();
      }
      now = until;
    },
  };
}

describe('live feed (the throttle to the panel)', () => {
  it('sends at most one snapshot per 200 ms however many events arrive, the latest state each time', () => {
    const timers = fakeTimers();
    const sent: LiveSnapshot[] = [];
    const feed = new LiveFeed((s) => sent.push(s), timers);
    feed.onEvent(plan({ tasks: 10 }));
    feed.onEvent({ kind: 'mode-start', mode: 'sequential', lanes: 1, at: 0 });
    feed.onEvent({ kind: 'repetition-start', mode: 'sequential', warmup: false, index: 1, of: 1, at: 0 });
    for (let ms = 0; ms < 2000; ms += 5) {
      feed.onEvent({ kind: 'cpu', mode: 'sequential', t: ms, cores: [1], process: 1 });
      timers.advance(5);
    }
    assert.ok(sent.length >= 9 && sent.length <= 11, `${sent.length} snapshots in 2 s`);
    assert.equal(sent[sent.length - 1].current!.repetition!.cpu.t.length, 400, 'the last one holds every sample');
    const before = sent.length;
    timers.advance(1000);
    assert.equal(sent.length, before, 'nothing new: nothing sent');
    feed.end('done');
    assert.equal(sent.length, before + 1, 'the end goes out at once');
    assert.equal(sent[sent.length - 1].outcome, 'done');
    feed.dispose();
  });
});

describe('CLI live line', () => {
  it('redraws one line per mode in place and leaves the median behind when the mode ends', () => {
    let out = '';
    let now = T0;
    const line = new CliLiveLine({ write: (t: string) => { out += t; } }, () => 200, () => (now += 150));
    line.onEvent(plan({ tasks: 4 }));
    assert.equal(line.active, true);
    line.onEvent({ kind: 'mode-start', mode: 'workers', lanes: 2, at: T0 });
    line.onEvent({ kind: 'repetition-start', mode: 'workers', warmup: false, index: 2, of: 3, at: T0 });
    assert.match(out, /\r\x1b\[2Kworker threads ×2 · repetition 2 of 3 · 0 of 4 tasks · [\d.]+ s elapsed$/);
    line.onEvent({ kind: 'mode-end', mode: 'workers', lanes: 2, status: 'completed', medianMs: 1020, minMs: 980, maxMs: 1100, speedup: 1.93 });
    assert.match(out, /\r\x1b\[2Kworker threads ×2: median 1\.02 s \[0\.98–1\.10\], 1\.93× sequential\n$/);
    line.clear();
    assert.ok(!/\n.+\n/.test(out.replace(/\r\x1b\[2K[^\r\n]*(?=\r)/g, '')), 'one line left per finished mode');
  });
});
