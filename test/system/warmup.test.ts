// Warm-ups by evidence with real lanes: adaptive rounds record each mode's warm-ups (at least two,
// their times, why that many) in a report the validator accepts; a fixed count is kept exactly.
import * as assert from 'node:assert/strict';
import { profile } from '../../src/engine/profile';
import type { LiveEvent } from '../../src/shared/live/events';
import { assertValid, WORK } from './e2e.harness';

describe('warm-ups by evidence, end to end', function () {
  this.timeout(120_000);

  it('adaptive rounds: every mode warmed until steady (two at least), open-ended in the live events, said in the report', async () => {
    const events: LiveEvent[] = [];
    const report = await profile(
      { file: WORK, functionName: 'burn', args: '[50_000]', tasks: 4, workers: 2, modes: ['sequential', 'workers'], timeoutMs: 60_000 },
      { onLive: (e) => events.push(e) },
    );
    assertValid(report);
    for (const m of report.modes) {
      const w = m.warmups!;
      assert.ok(w, `${m.mode}: warm-ups recorded`);
      assert.ok(w.count >= 2 && w.count <= 5, `${m.mode}: ${w.count} warm-ups`);
      assert.equal(w.wallMs.length, w.count);
      assert.ok(['steady', 'cap'].includes(w.reason), w.message);
      const starts = events.filter((e) => e.kind === 'repetition-start' && e.mode === m.mode && e.warmup);
      assert.equal(starts.length, w.count, `${m.mode}: one live warm-up per recorded one`);
      assert.ok(starts.every((e) => e.kind === 'repetition-start' && e.of === 0), 'how many is not known ahead: open-ended');
    }
  });

  it('a fixed count (--precision 0) is kept exactly', async () => {
    const report = await profile({ file: WORK, functionName: 'noop', tasks: 4, workers: 2, warmup: 3, repeat: 2, precision: 0, modes: ['sequential', 'workers'], timeoutMs: 60_000 });
    assertValid(report);
    for (const m of report.modes) assert.deepEqual([m.warmups?.count, m.warmups?.reason], [3, 'fixed'], m.mode);
  });
});
