// The speedups the live view shows before the report: paired per round like the report's, a point
// after round 1, an interval from round 2, the same numbers the report gives from the same rounds.
import * as assert from 'node:assert/strict';
import type { RoundRecord } from '../../src/shared/report/report';
import { speedupsSoFar } from '../../src/engine/analyse/soFar';
import { pairedSpeedup } from '../../src/engine/analyse/rounds';
import { LiveState } from '../../src/shared/live/state';
import { isLiveSnapshot } from '../../src/shared/validation/live';
import { liveLine, soFarText } from '../../src/shared/wording/liveText';

const round = (seq: number, workers: number, processes?: number): RoundRecord => ({
  order: ['sequential', 'workers'],
  modes: [
    { mode: 'sequential', wallMs: seq },
    { mode: 'workers', wallMs: workers },
    ...(processes !== undefined ? [{ mode: 'processes' as const, wallMs: processes }] : []),
  ],
});
const MODES = [{ mode: 'sequential' as const, lanes: 1 }, { mode: 'workers' as const, lanes: 2 }, { mode: 'processes' as const, lanes: 2 }];

describe('speedups so far', () => {
  it('after round 1: each parallel mode\'s ratio against the same round\'s sequential run, with no interval', () => {
    const got = speedupsSoFar([round(1000, 500, 800)], MODES);
    assert.deepEqual(got, [
      { mode: 'workers', lanes: 2, speedup: 2, rounds: 1 },
      { mode: 'processes', lanes: 2, speedup: 1.25, rounds: 1 },
    ]);
  });

  it('from round 2: the interval, the same median and bounds the report computes from those rounds', () => {
    const rounds = [round(1000, 500), round(1100, 600), round(900, 480)];
    const [w] = speedupsSoFar(rounds, MODES);
    const p = pairedSpeedup(rounds, 'workers')!;
    assert.equal(w.rounds, 3);
    assert.equal(w.speedup, Math.round(p.speedup * 1000) / 1000);
    assert.ok(w.low! <= p.speedupCi.low && w.high! >= p.speedupCi.high, 'rounded outward, never narrower than the report\'s');
    assert.ok(w.low! <= w.speedup && w.speedup <= w.high!);
    assert.ok(w.high! - w.low! > 0.1, 'three different ratios: a real width');
  });

  it('a mode with no paired round yet (it failed in round 1) is left out, never shown as 0', () => {
    assert.deepEqual(speedupsSoFar([{ order: ['sequential'], modes: [{ mode: 'sequential', wallMs: 10 }] }], MODES), []);
  });
});

describe('live state: speedups so far', () => {
  const T0 = 1_000_000;
  function state(): LiveState {
    const s = new LiveState();
    s.apply({ kind: 'plan', functionName: 'f', modes: ['sequential', 'workers'], tasks: 8, workers: 2, warmup: 1, repeat: 0, cores: 2, sampleIntervalMs: 100, sweepWorkers: [], at: T0 });
    s.apply({ kind: 'mode-start', mode: 'sequential', lanes: 1, at: T0 });
    s.apply({ kind: 'mode-start', mode: 'workers', lanes: 2, at: T0 });
    s.apply({ kind: 'repetition-start', mode: 'sequential', warmup: false, index: 1, of: 0, at: T0 + 100 });
    return s;
  }

  it('none before a round ends; after each, the latest, marked with its round, in the snapshot and the CLI line', () => {
    const s = state();
    assert.equal(s.snapshot(T0 + 200)!.soFar, undefined);
    assert.equal(soFarText(s.snapshot(T0 + 200)!), '');
    s.apply({ kind: 'round-end', round: 1, minRounds: 3, elapsedMs: 1000, at: T0 + 1000, speedups: [{ mode: 'workers', lanes: 2, speedup: 1.9, rounds: 1 }] });
    const a = s.snapshot(T0 + 1100)!;
    assert.deepEqual(a.soFar, { round: 1, speedups: [{ mode: 'workers', lanes: 2, speedup: 1.9, rounds: 1 }] });
    assert.match(liveLine(a), / · so far, round 1: worker threads ×2 1\.90×$/);
    s.apply({ kind: 'round-end', round: 2, minRounds: 3, elapsedMs: 2000, at: T0 + 2000, speedups: [{ mode: 'workers', lanes: 2, speedup: 1.93, low: 1.88, high: 1.99, rounds: 2 }] });
    const b = s.snapshot(T0 + 2100)!;
    assert.equal(b.soFar!.round, 2);
    assert.match(liveLine(b), / · so far, round 2: worker threads ×2 1\.93× \[1\.88–1\.99\]$/);
    assert.ok(isLiveSnapshot(JSON.parse(JSON.stringify(b))), 'the panel\'s check accepts it');
  });

  it('a round with no speedups (the sequential mode failed) keeps the last ones shown; the snapshot is a copy', () => {
    const s = state();
    s.apply({ kind: 'round-end', round: 1, minRounds: 3, elapsedMs: 1000, at: T0 + 1000, speedups: [{ mode: 'workers', lanes: 2, speedup: 1.9, rounds: 1 }] });
    const snap = s.snapshot(T0 + 5_000)!;
    snap.soFar!.speedups[0].speedup = 99;
    s.apply({ kind: 'round-end', round: 2, minRounds: 3, elapsedMs: 2000, at: T0 + 2000 });
    assert.deepEqual(s.snapshot(T0 + 5_000)!.soFar, { round: 1, speedups: [{ mode: 'workers', lanes: 2, speedup: 1.9, rounds: 1 }] });
  });

  it('the panel refuses a tampered one: a string number, an unknown mode, half an interval, too many', () => {
    const s = state();
    s.apply({ kind: 'round-end', round: 2, minRounds: 3, elapsedMs: 2000, at: T0 + 2000, speedups: [{ mode: 'workers', lanes: 2, speedup: 1.93, low: 1.88, high: 1.99, rounds: 2 }] });
    const good = JSON.parse(JSON.stringify(s.snapshot(T0 + 5_000))) as Record<string, any>;
    const tamper = (f: (x: any) => void) => { const c = JSON.parse(JSON.stringify(good)); f(c); return isLiveSnapshot(c); };
    assert.equal(tamper(() => undefined), true);
    assert.equal(tamper((c) => { c.soFar.speedups[0].speedup = '<b>2</b>'; }), false);
    assert.equal(tamper((c) => { c.soFar.speedups[0].mode = 'threads'; }), false);
    assert.equal(tamper((c) => { delete c.soFar.speedups[0].high; }), false);
    assert.equal(tamper((c) => { c.soFar.speedups = new Array(5).fill(c.soFar.speedups[0]); }), false);
    assert.equal(tamper((c) => { c.soFar.round = null; }), false);
  });
});
