import * as assert from 'node:assert/strict';
import {
  flagRounds, freeCoreWallMs, outsideLoadMeasured, headlineBasis, loadAwareEstimate, medianWithInterval, pairedSpeedup, roundInterval, withinPrecision,
} from '../../src/engine/analyse/rounds';
import { applyRoundSpeedups } from '../../src/engine/analyse/roundSpeedups';
import { mulberry32, speedupInterval, summarise } from '../../src/engine/analyse/stats';
import { rotate } from '../../src/engine/measure/rounds';
import type { Interval, ModeName, ModeResult, RoundRecord } from '../../src/shared/report/report';

const rec = (mode: ModeName, wallMs: number, extra: Partial<RoundRecord['modes'][number]> = {}) => ({ mode, wallMs, ...extra });
/** The free-core wall time with the wait judged other programs' where the record's own load says so. */
const free = (r: RoundRecord['modes'][number], c: Parameters<typeof freeCoreWallMs>[1]) => freeCoreWallMs(r, c, outsideLoadMeasured(r));

describe('interleaved rounds', () => {
  it('rotate: each mode takes each place in turn', () => {
    const modes = ['sequential', 'async', 'workers', 'processes'];
    assert.deepEqual(rotate(modes, 0), modes);
    assert.deepEqual(rotate(modes, 1), ['async', 'workers', 'processes', 'sequential']);
    assert.deepEqual(rotate(modes, 5), rotate(modes, 1));
    assert.deepEqual(rotate([], 3), []);
  });

  it('pairs each mode with the sequential run of the same round', () => {
    // Load drifts: round 2 is twice as slow for both; the paired ratios stay 2×.
    const rounds: RoundRecord[] = [
      { order: ['sequential', 'workers'], modes: [rec('sequential', 800), rec('workers', 400)] },
      { order: ['workers', 'sequential'], modes: [rec('workers', 800), rec('sequential', 1600)] },
      { order: ['sequential', 'workers'], modes: [rec('sequential', 820), rec('workers', 410)] },
    ];
    const p = pairedSpeedup(rounds, 'workers')!;
    assert.deepEqual(p.ratios, [2, 2, 2]);
    assert.equal(p.speedup, 2);
    assert.deepEqual(p.speedupCi, { low: 2, high: 2, level: 'range' });
    // The unpaired interval over the same runs spreads 1.0–4.0×.
    const unpaired = speedupInterval([800, 1600, 820], [400, 800, 410]);
    assert.ok(unpaired.high / unpaired.low > 3);
  });

  it('estimates the wall time on free cores from the tasks\' run-queue wait, where the lanes fit the cores', () => {
    const r = rec('workers', 1200, { waitMs: 800, taskMs: 2400, externalLoad: 1 });
    assert.ok(Math.abs(free(r, { mode: 'workers', lanes: 2, tasks: 8, cores: 2 })! - 800) < 1e-9);
    // Other programs not measured (0.05 cores, or no sample): the wait is the process's own threads'
    // (libuv's pool, the collector), a cost of the mode, and stays in.
    for (const externalLoad of [0.05, undefined]) {
      assert.equal(free({ ...r, externalLoad }, { mode: 'workers', lanes: 2, tasks: 8, cores: 2 }), 1200, String(externalLoad));
    }
    // More lanes than cores: they wait for each other, which is the mode's own cost.
    assert.equal(free(r, { mode: 'workers', lanes: 4, tasks: 8, cores: 2 }), undefined);
    // Async's calls overlap on one thread: their per-task waits would count twice.
    assert.equal(free(rec('async', 100, { waitMs: 10, taskMs: 100 }), { mode: 'async', lanes: 1, tasks: 8, cores: 2 }), undefined);
    assert.equal(free(rec('workers', 100), { mode: 'workers', lanes: 2, tasks: 8, cores: 2 }), undefined);
    // Dispatch fills the wall: 8 tasks of 1 µs in a 1 ms run, 4 µs of them waiting (50% of the tasks'
    // time) take 4 µs off the wall, not half of it: no more than the tasks waited.
    const noop = free(rec('sequential', 1, { waitMs: 0.004, taskMs: 0.008, externalLoad: 1 }), { mode: 'sequential', lanes: 1, tasks: 8, cores: 2 })!;
    assert.ok(Math.abs(noop - 0.996) < 1e-9, String(noop));
    // Lanes that finish unevenly (one shares its core with another program, the other takes more of
    // the tasks): 8 tasks of 230 ms, 1380 ms wall, 2530 ms of tasks of which 690 ms waiting. The share
    // rule gives 1004 ms (920 on free cores); the wait spread over the lanes gave 1035.
    const uneven = free(rec('workers', 1380, { waitMs: 690, taskMs: 2530, externalLoad: 1 }), { mode: 'workers', lanes: 2, tasks: 8, cores: 2 })!;
    assert.ok(Math.abs(uneven - 1380 * (1 - 690 / 2530)) < 1e-9, String(uneven));
  });

  it('a competitor on one of two cores: measured 1.33×, load-aware about 2×, and the headline quotes the estimate', () => {
    const rounds: RoundRecord[] = [0, 1, 2].map((i) => ({
      order: ['sequential', 'workers'],
      modes: [rec('sequential', 1600 + i, { waitMs: 30, taskMs: 1590, externalLoad: 1 }), rec('workers', 1200 + i, { waitMs: 800, taskMs: 2400, externalLoad: 1 })],
    }));
    const ctx = (mode: ModeName, lanes: number) => ({ mode, lanes, tasks: 8, cores: 2 });
    const la = loadAwareEstimate(rounds, ctx('sequential', 1), ctx('workers', 2))!;
    assert.ok(la.speedup > 1.9 && la.speedup < 2, String(la.speedup));
    assert.ok(Math.abs(la.waitShare - 1 / 3) < 0.01);
    const measured = pairedSpeedup(rounds, 'workers')!.speedup;
    assert.equal(headlineBasis(rounds, [{ measured, loadAware: la }]), 'load-aware');
  });

  it('a wait with no other programs measured (zlib through libuv\'s pool: 12% waiting, 0.00 cores outside) keeps the measured headline', () => {
    const rounds: RoundRecord[] = [0, 1, 2].map((i) => ({
      order: ['sequential', 'workers'],
      modes: [rec('sequential', 67 + i, { waitMs: 3.3, taskMs: 65, externalLoad: 0.04 }), rec('workers', 45 + i, { waitMs: 10, taskMs: 80, externalLoad: 0 })],
    }));
    const ctx = (mode: ModeName, lanes: number) => ({ mode, lanes, tasks: 8, cores: 2 });
    // No estimate at all: one equal to the measurement would only repeat it in an "on free cores" column.
    assert.equal(loadAwareEstimate(rounds, ctx('sequential', 1), ctx('workers', 2)), undefined);
    const measured = pairedSpeedup(rounds, 'workers')!.speedup;
    assert.equal(headlineBasis(rounds, [{ measured }]), 'measured');
    // One round at 0.3 cores among seven: judged over all of them, still the process's own.
    rounds.push(...[0, 1, 2].map((i) => ({ order: ['sequential', 'workers'] as ModeName[], modes: [rec('sequential', 67 + i, { waitMs: 3.3, taskMs: 65, externalLoad: 0.04 }), rec('workers', 45 + i, { waitMs: 10, taskMs: 80, externalLoad: 0 })] })));
    rounds.push(...[0].map(() => ({ order: ['sequential', 'workers'] as ModeName[], modes: [rec('sequential', 67, { waitMs: 3.3, taskMs: 65, externalLoad: 0.3 }), rec('workers', 40, { waitMs: 10, taskMs: 80, externalLoad: 0.3 })] })));
    assert.equal(loadAwareEstimate(rounds, ctx('sequential', 1), ctx('workers', 2)), undefined);
    // A competitor that came in for two rounds in seven (over a quarter): only those rounds' wait comes off.
    rounds.push(...[0].map(() => ({ order: ['sequential', 'workers'] as ModeName[], modes: [rec('sequential', 67, { waitMs: 3.3, taskMs: 65, externalLoad: 1.5 }), rec('workers', 70, { waitMs: 35, taskMs: 140, externalLoad: 1.5 })] })));
    const part = loadAwareEstimate(rounds, ctx('sequential', 1), ctx('workers', 2))!;
    assert.ok(part !== undefined);
    assert.ok(Math.abs(part.speedup - measured) / measured < 0.05, `${part.speedup}: the quiet rounds keep their measured walls (${measured})`);
  });

  it('a quiet machine keeps the measured headline', () => {
    const rounds: RoundRecord[] = [{ order: ['sequential', 'workers'], modes: [rec('sequential', 800, { waitMs: 4, taskMs: 800 }), rec('workers', 410, { waitMs: 8, taskMs: 820 })] }];
    assert.equal(headlineBasis(rounds, [{ measured: 1.95, loadAware: { speedup: 1.97, wallMs: 400, waitShare: 0.01 } }]), 'measured');
  });

  it('flags a round whose outside load stands half a core or more from the median round', () => {
    const rounds: RoundRecord[] = [0.1, 0.2, 1.4, 0.15].map((load) => ({ order: ['sequential'], modes: [rec('sequential', 100, { externalLoad: load })] }));
    flagRounds(rounds);
    assert.deepEqual(rounds.map((r) => r.flagged === true), [false, false, true, false]);
  });

  it('withinPrecision: the interval must lie within ±precision of its estimate', () => {
    assert.equal(withinPrecision({ low: 1.9, high: 2.09, level: 'range' }, 2, 0.05), true);
    assert.equal(withinPrecision({ low: 1.89, high: 2.0, level: 'range' }, 2, 0.05), false);
    assert.equal(withinPrecision(undefined, 2, 0.05), false);
  });

  it('roundInterval rounds outward and keeps the rounded estimate inside its interval', () => {
    assert.deepEqual(roundInterval({ low: 1.2344, high: 1.2361, level: 0.95 }, 1.235), { low: 1.234, high: 1.237, level: 0.95 });
    const ci = roundInterval({ low: 2.5254, high: 2.5254, level: 'range' }, 2.5254);
    assert.ok(ci.low <= 2.525 && ci.high >= 2.525);
  });

  describe('property: every reported interval contains its estimate', () => {
    const random = mulberry32(0xc0ffee);
    const draw = (lo: number, hi: number) => lo + (hi - lo) * random();
    const holds = (ci: Interval | undefined, x: number | undefined, what: string) => {
      assert.ok(ci && x !== undefined, `${what}: missing`);
      assert.ok(ci.low <= x && x <= ci.high, `${what}: ${x} outside [${ci.low}, ${ci.high}]`);
    };
    it('medianWithInterval over 200 random samples of 1 to 12 values (no clamp: the order statistics hold it)', () => {
      for (let k = 0; k < 200; k++) {
        const values = Array.from({ length: 1 + Math.floor(random() * 12) }, () => draw(0.2, 5));
        const { estimate, ci } = medianWithInterval(values);
        holds(ci, estimate, `values ${values.join(', ')}`);
      }
    });
    it('the speedups and load-aware estimates a report carries, over 60 random profiles', function () {
      this.timeout(30_000);
      for (let k = 0; k < 60; k++) {
        const n = 1 + Math.floor(random() * 8);
        const names: ModeName[] = ['sequential', 'async', 'workers', 'processes'];
        const rounds: RoundRecord[] = Array.from({ length: n }, (_, r) => ({
          order: rotate(names, r),
          modes: names.map((mode) => {
            const wall = draw(50, 3000);
            const taskMs = wall * (mode === 'workers' || mode === 'processes' ? 2 : 1) * draw(0.5, 1);
            return rec(mode, wall, { waitMs: taskMs * draw(0, 0.95), taskMs, externalLoad: draw(0, 2) });
          }),
        }));
        const modes: ModeResult[] = names.map((mode) => {
          const runs = rounds.map((r) => r.modes.find((m) => m.mode === mode)!.wallMs);
          return { mode, status: 'completed', lanes: mode === 'workers' || mode === 'processes' ? 2 : 1, wallMs: summarise(runs) };
        });
        // What the orchestrator does when interleaving is off: the unpaired interval, rounded the same way.
        for (const m of modes) {
          const seq = modes[0].wallMs!;
          m.speedup = Math.round((seq.median / m.wallMs!.median) * 1000) / 1000;
          m.speedupCi = roundInterval(speedupInterval(seq.runs, m.wallMs!.runs), m.speedup);
          holds(m.speedupCi, m.speedup, `unpaired ${m.mode}`);
        }
        applyRoundSpeedups(modes, rounds, { reason: 'fixed', message: '', precision: 0, elapsedMs: 0 }, { tasks: 8, cores: 2, interleaved: random() < 0.7 });
        for (const m of modes) {
          holds(m.speedupCi, m.speedup, `${m.mode} speedup`);
          if (m.loadAware) holds(m.loadAware.speedupCi, m.loadAware.speedup, `${m.mode} load-aware`);
        }
      }
    });
  });
});
