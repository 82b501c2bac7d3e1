// Warm-ups by evidence with real lanes: adaptive rounds warm each mode once and let round 2 judge
// round 1, recording the warm-ups (their times, why that many) in a report the validator accepts; a
// function still getting faster in round 1 has that round counted as a warm-up, not measured; a
// fixed count is kept exactly.
import * as assert from 'node:assert/strict';
import { profile } from '../../src/engine/profile';
import type { LiveEvent } from '../../src/shared/live/events';
import { assertValid, E2E, WORK } from './e2e.harness';
import * as path from 'node:path';

describe('warm-ups by evidence, end to end', function () {
  this.timeout(120_000);

  it('adaptive rounds: every mode warmed once, round 1 judged by round 2, open-ended in the live events, said in the report', async () => {
    const events: LiveEvent[] = [];
    const report = await profile(
      { file: WORK, functionName: 'burn', args: '[50_000]', tasks: 4, workers: 2, modes: ['sequential', 'workers'], timeoutMs: 60_000 },
      { onLive: (e) => events.push(e) },
    );
    assertValid(report);
    for (const m of report.modes) {
      const w = m.warmups!;
      assert.ok(w, `${m.mode}: warm-ups recorded`);
      assert.ok(w.count >= 1 && w.count <= 5, `${m.mode}: ${w.count} warm-ups`);
      assert.equal(w.wallMs.length, w.count);
      assert.ok(['steady', 'cap'].includes(w.reason), w.message);
      assert.match(w.message, /round 1/, 'it says what rounds 1 and 2 showed');
      const starts = events.filter((e) => e.kind === 'repetition-start' && e.mode === m.mode && e.warmup);
      assert.equal(starts.length, 1, `${m.mode}: one warm-up before the rounds`);
      assert.equal(starts.length + (w.fromRounds ?? 0), w.count, `${m.mode}: the rest are rounds counted as warm-ups`);
      assert.equal(m.wallMs!.runs.length, report.rounds!.rounds.length, `${m.mode}: a measured run per kept round`);
      assert.ok(starts.every((e) => e.kind === 'repetition-start' && e.of === 0), 'how many is not known ahead: open-ended');
    }
  });

  it('a function still getting faster in round 1: that round counts as a warm-up in every mode, and no slow run is measured', async () => {
    const events: LiveEvent[] = [];
    const report = await profile(
      { file: path.join(E2E, 'warmsSlowly.ts'), functionName: 'warmsSlowly', args: '[15]', tasks: 4, workers: 1, modes: ['sequential', 'workers'], timeoutMs: 60_000 },
      { onLive: (e) => events.push(e) },
    );
    assertValid(report);
    const kept = report.rounds!.rounds.length;
    // Numbered as kept: round 1 ends twice (the second time after the first was counted as a warm-up).
    const roundEnds = events.flatMap((e) => (e.kind === 'round-end' ? [e.round] : []));
    assert.deepEqual(roundEnds, [1, 1, ...Array.from({ length: kept - 1 }, (_, i) => i + 2)], 'one round more was run than kept');
    const firstAgain = events.filter((e) => e.kind === 'round-end')[1];
    assert.ok(firstAgain.kind === 'round-end' && firstAgain.speedups?.every((x) => x.rounds === 1 && x.low === undefined), 'the speedups so far rest on the one kept round, with no interval yet');
    for (const m of report.modes) {
      const w = m.warmups!;
      assert.deepEqual([w.count, w.fromRounds, w.reason], [2, 1, 'steady'], `${m.mode}: ${w.message}`);
      assert.match(w.message, /^2 warm-ups \(.+\): the last ran as round 1 and was counted as a warm-up, because .*(sequential|workers) \(.+ in that round, .+ in the next\) was still getting faster; then round 1 \(.+\) was within 5% of round 2/);
      // The slow calls run 45 ms a task, the steady ones 15: no kept run may be one of them.
      const runs = m.wallMs!.runs;
      assert.equal(runs.length, kept);
      assert.ok(Math.max(...runs) < 2 * Math.min(...runs) && Math.max(...runs) < 4 * 15 * 2, `${m.mode}: measured runs ${runs.map((x) => x.toFixed(1)).join(', ')} ms`);
      assert.ok(w.wallMs[1] > 1.5 * Math.min(...runs), `${m.mode}: the round counted as a warm-up was the slow one (${w.wallMs.join(', ')} ms)`);
    }
  });

  it('a fixed count (--precision 0) is kept exactly', async () => {
    const report = await profile({ file: WORK, functionName: 'noop', tasks: 4, workers: 2, warmup: 3, repeat: 2, precision: 0, modes: ['sequential', 'workers'], timeoutMs: 60_000 });
    assertValid(report);
    for (const m of report.modes) assert.deepEqual([m.warmups?.count, m.warmups?.reason], [3, 'fixed'], m.mode);
  });
});
