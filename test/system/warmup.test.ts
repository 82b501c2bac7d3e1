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
    // Numbered as kept: round 1 ends again after each round 1 counted as a warm-up. On a quiet machine
    // that is the slow round alone; other programs' load can make a later round 1 look warmer than its
    // round 2 too (the rule cannot tell load from a trend, and counts it the same way).
    const demoted = report.modes[0].warmups!.fromRounds ?? 0;
    const roundEnds = events.flatMap((e) => (e.kind === 'round-end' ? [e.round] : []));
    assert.deepEqual(roundEnds, [...Array.from({ length: demoted }, () => 1), ...Array.from({ length: kept }, (_, i) => i + 1)], 'a round 1 more per round counted as a warm-up');
    const firstAgain = events.filter((e) => e.kind === 'round-end')[1];
    assert.ok(firstAgain.kind === 'round-end' && firstAgain.speedups?.every((x) => x.rounds === 1 && x.low === undefined), 'the speedups so far rest on the one kept round, with no interval yet');
    for (const m of report.modes) {
      const w = m.warmups!;
      assert.ok(demoted >= 1, `${m.mode}: ${w.message}`);
      assert.deepEqual([w.count, w.fromRounds], [1 + demoted, demoted], `${m.mode}: every mode counts the same rounds as warm-ups`);
      assert.ok(['steady', 'cap'].includes(w.reason), w.message);
      assert.match(w.message, /warm-ups \(.+\): the last (\d )?ran as round 1 and (was counted as a warm-up|were counted as warm-ups), because .*(sequential|worker threads) \(.+ in that round, .+ in the next\) (was|were) still getting faster/);
      assert.ok(w.because && w.message.includes(`, because ${w.because}`) && w.because === report.modes[0].warmups!.because, `${m.mode}: the reason, the same in every mode: ${w.because}`);
      // Its slow calls spin 45 ms each by the clock, so the round that ran calls 5–8 took at least 180 ms
      // whatever the load; the steady calls spin 15 ms, and the kept runs' median stays well under it.
      const runs = m.wallMs!.runs;
      assert.equal(runs.length, kept);
      assert.ok(w.wallMs[1] >= 4 * 45, `${m.mode}: the first round counted as a warm-up ran the slow calls (${w.wallMs.join(', ')} ms)`);
      const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
      assert.ok(median < 0.75 * 4 * 45, `${m.mode}: the measured runs are the steady ones (${runs.map((x) => x.toFixed(1)).join(', ')} ms)`);
    }
  });

  it('a fixed count (--precision 0) is kept exactly', async () => {
    const report = await profile({ file: WORK, functionName: 'noop', tasks: 4, workers: 2, warmup: 3, repeat: 2, precision: 0, modes: ['sequential', 'workers'], timeoutMs: 60_000 });
    assertValid(report);
    for (const m of report.modes) assert.deepEqual([m.warmups?.count, m.warmups?.reason], [3, 'fixed'], m.mode);
  });
});
