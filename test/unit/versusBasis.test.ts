// --versus on a busy machine (issue 25, bench row 15b): a parallel mode's repetitions are compared on
// their tasks' own time less their run-queue wait, per lane, not on the slowest lane's wall time.
import * as assert from 'node:assert/strict';
import { mulberry32 } from '../../src/engine/analyse/stats';
import { compareVersus } from '../../src/engine/compare/versus';
import type { ModeName, ModeResult, RoundModeRecord } from '../../src/shared/report/report';

/** --versus of one mode on 2 cores: version a's repetitions against version b's, round by round. */
function versusOf(name: ModeName, lanes: number, a: RoundModeRecord[], b: RoundModeRecord[], tasks: number) {
  const mode = (records: RoundModeRecord[]): ModeResult => ({ mode: name, status: 'completed', lanes, wallMs: { median: 0, min: 0, max: 0, runs: records.map((r) => r.wallMs) } });
  return compareVersus({
    rounds: b.map((r) => ({ order: [name], modes: [r] })), modes: [mode(b)], other: [mode(a)], otherRounds: [a],
    tasks, cores: 2, versusLabel: 'a', thisLabel: 'b',
  });
}

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
    const c = versusOf('workers', 2, a, b, 4);
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

  it('the sequential mode: every repetition on the same footing, whatever load its own round measured (2x the work read 1.73x under CI)', () => {
    const random = mulberry32(7);
    // 100 ms (B: 200 ms) on a core plus a run-queue wait of 0.5–1.5× that; other programs measured at
    // 1.5 cores in some rounds and 0.05 in others (the load-aware gate of the speedup is per round).
    const rep = (work: number, i: number): RoundModeRecord => {
      const wait = work * (0.5 + random());
      return { mode: 'sequential', wallMs: work + wait, taskMs: work + wait, waitMs: wait, externalLoad: i % 2 === 0 ? 1.5 : 0.05 };
    };
    const a = Array.from({ length: 12 }, (_, i) => rep(100, i));
    const b = Array.from({ length: 12 }, (_, i) => rep(200, i + 1));
    const c = versusOf('sequential', 1, a, b, 1);
    const s = c.modes[0];
    assert.equal(s.basis, 'load-aware');
    assert.ok(Math.abs(s.wall!.ratio - 2) < 0.05, `ratio ${s.wall!.ratio} [${s.wall!.low}–${s.wall!.high}]`);
  });
});
