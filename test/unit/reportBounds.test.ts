import { strict as assert } from 'node:assert';
import { MAX_TASKS_IN_REPORT, boundTaskIndices } from '../../src/engine/measure/reportBounds';

describe('boundTaskIndices: which tasks a report keeps', () => {
  it('keeps every task up to the bound', () => {
    const indices = Array.from({ length: MAX_TASKS_IN_REPORT }, (_, i) => i);
    assert.deepEqual(boundTaskIndices(indices, () => false), { keep: indices, total: MAX_TASKS_IN_REPORT, cut: false });
  });

  it('past the bound: every failed task (up to half), then an even sample; ascending, no duplicates', () => {
    const indices = Array.from({ length: 10_000 }, (_, i) => i);
    const failed = new Set([3, 4, 5, 4999, 9999]);
    const { keep, total, cut } = boundTaskIndices(indices, (i) => failed.has(i));
    assert.equal(total, 10_000);
    assert.equal(cut, true);
    // A failed task that is also on the sample's grid counts once.
    assert.ok(keep.length <= MAX_TASKS_IN_REPORT && keep.length >= MAX_TASKS_IN_REPORT - failed.size, `${keep.length} kept`);
    for (const f of failed) assert.ok(keep.includes(f), `failed task ${f} kept`);
    assert.deepEqual(keep, [...new Set(keep)].sort((a, b) => a - b));
    assert.ok(keep.includes(0) && keep.some((i) => i > 9000), 'the sample spans the run');
  });

  it('many failures take at most half the room', () => {
    const indices = Array.from({ length: 10_000 }, (_, i) => i);
    const { keep } = boundTaskIndices(indices, () => true);
    assert.ok(keep.length <= MAX_TASKS_IN_REPORT, `${keep.length} kept`);
    assert.deepEqual(keep.slice(0, MAX_TASKS_IN_REPORT / 2), Array.from({ length: MAX_TASKS_IN_REPORT / 2 }, (_, i) => i), 'the first failures fill half the room');
    assert.ok(keep.some((i) => i >= MAX_TASKS_IN_REPORT / 2 + 100), 'the even sample still reaches past the first failures');
  });
});
