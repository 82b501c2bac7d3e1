// The rules that stop rounds because more cannot help: two clusters of run times or speedups, tasks
// so short their speedup is dispatch noise, and intervals that already decide. Each checked on both
// sides of its line: it fires where it should, and not on plain noise or an undecided tie.
import * as assert from 'node:assert/strict';
import type { RoundRecord } from '../../src/shared/report/report';
import { clusteredMode, decidingMode, dispatchNoiseTaskMs, twoClusters, type Estimate } from '../../src/engine/analyse/stopRules';
import { mulberry32 } from '../../src/engine/analyse/stats';

const ci = (low: number, high: number) => ({ low, high, level: 0.95 as const });
const est = (mode: Estimate['mode'], speedup: number, low: number, high: number): Estimate => ({ mode, speedup, ci: ci(low, high) });

describe('stopping rules: clusters', () => {
  it('finds two clusters of worker run times (188 ms and about 300 ms, as measured for a hashing function)', () => {
    const c = twoClusters([188, 301, 190, 297, 186, 305, 189, 299, 303, 187, 298, 300]);
    assert.ok(c);
    assert.deepEqual(c.sizes, [5, 7]);
    assert.ok(Math.abs(c.centres[0] - 188) < 2 && Math.abs(c.centres[1] - 300) < 3, JSON.stringify(c));
  });

  it('no clusters in seeded noise of ±10% around one value, over many draws', () => {
    const random = mulberry32(24);
    let found = 0;
    for (let draw = 0; draw < 500; draw++) {
      const xs = Array.from({ length: 10 }, () => 1000 * (0.9 + 0.2 * random()));
      if (twoClusters(xs)) found++;
    }
    // Uniform noise can by chance leave one wide gap; the rule must stay rare on it.
    assert.ok(found <= 5, `${found} of 500 noise draws called clustered`);
  });

  it('no clusters from too few values, from a single straggler, or from a gap that is small against the median', () => {
    assert.equal(twoClusters([100, 100, 100, 200, 200]), undefined, 'five values');
    assert.equal(twoClusters([100, 101, 102, 100, 101, 103, 250]), undefined, 'one straggler is not a cluster');
    assert.equal(twoClusters([1000, 1001, 1000, 1020, 1021, 1020]), undefined, 'a 2% gap');
  });

  it('names the mode whose run times cluster, or the sequential run when only it does', () => {
    const rounds = (seq: number[], w: number[]): RoundRecord[] => seq.map((s, i) => ({
      order: ['sequential', 'workers'], modes: [{ mode: 'sequential', wallMs: s }, { mode: 'workers', wallMs: w[i] }],
    }));
    const flat = [500, 505, 498, 502, 500, 503, 499, 501];
    const split = [250, 400, 251, 399, 252, 401, 250, 400];
    const ratios = (seq: number[], w: number[]) => seq.map((s, i) => s / w[i]);
    assert.equal(clusteredMode(rounds(flat, split), [{ mode: 'workers', ratios: ratios(flat, split) }])?.what, 'run times');
    assert.equal(clusteredMode(rounds(split, flat), [{ mode: 'workers', ratios: ratios(split, flat) }])?.mode, 'workers', 'the ratios of a clustered sequential run cluster too');
    assert.equal(clusteredMode(rounds(flat, flat), [{ mode: 'workers', ratios: ratios(flat, flat) }]), undefined);
  });
});

describe('stopping rules: dispatch noise', () => {
  const rounds = (wallMs: number, taskMs?: number): RoundRecord[] => [1, 2, 3].map(() => ({ order: ['sequential'], modes: [{ mode: 'sequential', wallMs, ...(taskMs !== undefined ? { taskMs } : {}) }] }));
  it('a no-op (8 tasks, 0.03 ms of their own in a 1.6 ms repetition) is noise; 8 tasks of 1 ms each are work', () => {
    assert.ok(dispatchNoiseTaskMs(rounds(1.6, 0.03), 8)! < 0.01, 'the tasks\' own time, not the repetition\'s');
    assert.equal(dispatchNoiseTaskMs(rounds(9.5, 8), 8), undefined);
    assert.ok(dispatchNoiseTaskMs(rounds(0.08), 8)! < 0.25, 'no task times recorded: the wall time');
    assert.equal(dispatchNoiseTaskMs([], 8), undefined, 'no sequential run: nothing to say');
  });
});

describe('stopping rules: decided', () => {
  it('the best mode clear of 1 and of every other mode decides', () => {
    assert.equal(decidingMode([est('workers', 1.9, 1.85, 1.95), est('processes', 1.6, 1.5, 1.7), est('async', 1, 0.98, 1.02)]), 'workers');
  });
  it('every parallel mode below 1 decides for sequential', () => {
    assert.equal(decidingMode([est('workers', 0.3, 0.2, 0.4), est('processes', 0.1, 0.05, 0.2)]), 'sequential');
  });
  it('a tie between the two best, or a best interval that holds 1, does not decide', () => {
    assert.equal(decidingMode([est('workers', 1.9, 1.8, 1.95), est('processes', 1.85, 1.75, 1.9)]), undefined, 'overlap');
    assert.equal(decidingMode([est('workers', 1.1, 0.95, 1.3), est('processes', 0.5, 0.4, 0.6)]), undefined, 'holds 1');
    assert.equal(decidingMode([]), undefined);
  });
});
