// --versus on a busy machine (issue 25, bench row 15b): a parallel mode's repetitions are compared on
// their tasks' own time less their run-queue wait, per lane, not on the slowest lane's wall time.
import * as assert from 'node:assert/strict';
import { mulberry32 } from '../../src/engine/analyse/stats';
import { compareVersus } from '../../src/engine/compare/versus';
import type { ModeResult, RoundModeRecord } from '../../src/shared/report/report';

describe('--versus on a busy machine: several lanes compared on their tasks\' time on free cores', () => {
  it('finds a 10% slower version in the workers mode when other programs delay one lane or the other at random (seeded)', () => {
    const random = mulberry32(25);
    const rounds = 16;
    // Per repetition: 4 tasks on 2 lanes, each task's time on a core 100 ms (B: 110) with 2% noise,
    // plus a run-queue wait of 1–5× that; the repetition ends with its slower lane.
    const rep = (work: number): RoundModeRecord => {
      const lanes = [0, 1].map(() => {
        const onCore = 2 * work * (1 + 0.02 * (random() - 0.5));
        const wait = onCore * (1 + 4 * random());
        return { onCore, wait };
      });
      const taskMs = lanes.reduce((s, l) => s + l.onCore + l.wait, 0);
      const waitMs = lanes.reduce((s, l) => s + l.wait, 0);
      return { mode: 'workers', wallMs: Math.max(...lanes.map((l) => l.onCore + l.wait)), taskMs, waitMs };
    };
    const a = Array.from({ length: rounds }, () => rep(100));
    const b = Array.from({ length: rounds }, () => rep(110));
    const mode = (records: RoundModeRecord[]): ModeResult => ({ mode: 'workers', status: 'completed', lanes: 2, wallMs: { median: 0, min: 0, max: 0, runs: records.map((r) => r.wallMs) } });
    const c = compareVersus({
      rounds: b.map((r) => ({ order: ['workers'], modes: [r] })), modes: [mode(b)], other: [mode(a)], otherRounds: [a],
      tasks: 4, cores: 2, versusLabel: 'a', thisLabel: 'b',
    });
    const w = c.modes[0];
    assert.equal(w.basis, 'load-aware');
    // The medians shown are the tasks' time less their wait, per lane: 200 ms and 220 ms.
    assert.ok(Math.abs(w.wall!.base - 200) < 3 && Math.abs(w.wall!.new - 220) < 3, `${w.wall!.base} and ${w.wall!.new}`);
    assert.equal(w.change, 'slower', JSON.stringify(w.wall));
    assert.ok(w.wall!.low > 1.05 && w.wall!.high < 1.15, `[${w.wall!.low}–${w.wall!.high}]`);
    // The same rounds by the wall time less the average share of waiting spread far wider.
    const byShare = (r: RoundModeRecord) => r.wallMs * (1 - r.waitMs! / r.taskMs!);
    const ratios = b.map((r, i) => byShare(r) / byShare(a[i])).sort((x, y) => x - y);
    assert.ok(ratios[ratios.length - 1] / ratios[0] > 1.5, `wall-based ratios ${ratios[0]}–${ratios[ratios.length - 1]}`);
  });
});
