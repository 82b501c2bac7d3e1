// Warm-ups by evidence: at least two (a trend needs two points), more while each is clearly faster
// than the one before, never past the cap; a fixed count is kept exactly; the report's words say which.
import * as assert from 'node:assert/strict';
import { MAX_AUTO_WARMUPS, needsAnotherWarmup, warmupInfo } from '../../src/engine/analyse/warmup';

/** Runs the rule over a sequence of warm-up times: how many it takes. */
function taken(times: number[], warmup: number, auto: boolean): number {
  const walls: number[] = [];
  while (needsAnotherWarmup(walls, { warmup, auto })) walls.push(times[walls.length]);
  return walls.length;
}

describe('warm-ups by evidence', () => {
  it('a cold start (each warm-up 10% faster, then flat) is warmed until flat', () => {
    assert.equal(taken([1000, 900, 810, 805, 806, 804], 1, true), 4);
  });
  it('already steady: two warm-ups, the least that can show it', () => {
    assert.equal(taken([1000, 990, 1000], 1, true), 2);
    assert.equal(taken([1000, 1040, 1000], 1, true), 2, 'slower is not a trend to wait out');
  });
  it('never past the cap, and the report says it was still getting faster', () => {
    const times = [1000, 800, 640, 512, 410, 328, 262];
    assert.equal(taken(times, 1, true), MAX_AUTO_WARMUPS);
    const info = warmupInfo(times.slice(0, MAX_AUTO_WARMUPS), { warmup: 1, auto: true });
    assert.equal(info.reason, 'cap');
    assert.match(info.message, /the most allowed, and still getting faster/);
  });
  it('a no-op\'s sub-millisecond jitter is not a trend', () => {
    assert.equal(taken([0.7, 0.3, 0.25, 0.2], 1, true), 2);
  });
  it('a fixed count (auto off) is kept exactly, and 0 means none even with auto', () => {
    assert.equal(taken([1000, 500, 250, 125], 3, false), 3);
    assert.equal(taken([1000, 500], 0, true), 0);
    assert.equal(taken([1000, 500, 250, 240, 239, 238, 237], 6, true), 6, 'a larger asked count is the least, and the cap rises to it');
  });
  it('the report names how many and why', () => {
    const steady = warmupInfo([1520.4, 1500.2], { warmup: 1, auto: true });
    assert.deepEqual([steady.count, steady.reason, steady.wallMs], [2, 'steady', [1520.4, 1500.2]]);
    assert.match(steady.message, /2 warm-ups: steady once the last was within 5% of the one before \(1\.52 s, 1\.50 s\)/);
    assert.equal(warmupInfo([10], { warmup: 1, auto: false }).reason, 'fixed');
  });
});
