import * as assert from 'node:assert/strict';
import {
  median, medianAbsoluteDeviation, modifiedZScores, mulberry32, outlierIndices, speedupInterval, summarise,
} from '../../src/engine/analyse/stats';
import { noiseWarnings } from '../../src/engine/analyse/noiseWarnings';

describe('stats', () => {
  describe('median and MAD', () => {
    const cases: Array<[number[], number, number]> = [
      [[5], 5, 0],
      [[3, 1, 2], 2, 1],
      [[4, 1, 3, 2], 2.5, 1],
      [[10, 10, 10, 50], 10, 0],
      [[1, 2, 3, 4, 100], 3, 1],
    ];
    for (const [values, med, mad] of cases) {
      it(`median(${values}) = ${med}, MAD = ${mad}`, () => {
        assert.equal(median(values), med);
        assert.equal(medianAbsoluteDeviation(values), mad);
      });
    }
    it('refuses no values', () => {
      assert.throws(() => median([]), RangeError);
      assert.throws(() => summarise([]), RangeError);
    });
    it('does not reorder its input', () => {
      const runs = [3, 1, 2];
      median(runs);
      assert.deepEqual(runs, [3, 1, 2]);
    });
  });

  describe('summarise', () => {
    it('gives median, min, max, runs in run order, mean, MAD and relative spread', () => {
      const s = summarise([110, 100, 90, 105]);
      assert.equal(s.median, 102.5);
      assert.equal(s.min, 90);
      assert.equal(s.max, 110);
      assert.deepEqual(s.runs, [110, 100, 90, 105]);
      assert.equal(s.mean, 101.25);
      assert.equal(s.mad, 5); // |deviations| 7.5, 2.5, 12.5, 2.5 → median 5
      assert.ok(Math.abs(s.relativeSpread! - 20 / 102.5) < 1e-12);
      assert.deepEqual(s.outliers, []);
    });

    it('flags an outlier by the modified z-score (> 10 scaled MADs), as hyperfine', () => {
      // median 100, MAD 1 → scale 1.4826; 130 is 20 scaled MADs away, 101 is 0.67.
      const s = summarise([100, 99, 101, 130, 100]);
      assert.deepEqual(s.outliers, [3]);
      assert.ok(Math.abs(modifiedZScores([100, 99, 101, 130, 100])[3] - 30 / 1.4826) < 1e-9);
    });

    it('does not flag a run 20 scaled MADs away that is within 5% of the median (ordinary jitter)', () => {
      // MAD 0.1 → 103 scores 20 but is 3% from the median.
      assert.ok(modifiedZScores([100, 100.1, 99.9, 103, 100])[3] > 10);
      assert.deepEqual(outlierIndices([100, 100.1, 99.9, 103, 100]), []);
    });

    it('handles MAD = 0: equal runs have no outliers; one wild run among equal ones is judged by the mean deviation', () => {
      assert.deepEqual(summarise([50, 50, 50, 50]).outliers, []);
      assert.deepEqual(modifiedZScores([50, 50, 50]), [0, 0, 0]);
      // MAD 0, mean absolute deviation 100/10 = 10 → scale 12.53; 200 scores 7.98: not > 10.
      assert.deepEqual(outlierIndices([100, 100, 100, 100, 100, 100, 100, 100, 100, 200]), []);
      // With 30 equal runs the mean deviation shrinks (100/31 ≈ 3.2) and the wild run scores 24.7.
      assert.deepEqual(outlierIndices([...Array(30).fill(100), 200]), [30]);
    });

    it('needs three runs to call anything an outlier', () => {
      assert.deepEqual(outlierIndices([1, 1000]), []);
    });
  });

  describe('speedupInterval', () => {
    it('below 5 runs a side gives the range interval [min(seq)/max(mode), max(seq)/min(mode)]', () => {
      const ci = speedupInterval([200, 210, 190], [100, 105, 95]);
      assert.equal(ci.level, 'range');
      assert.equal(ci.low, 190 / 105);
      assert.equal(ci.high, 210 / 95);
    });

    it('with 5+ runs a side gives a seeded bootstrap interval around the ratio of medians', () => {
      const seq = [200, 204, 198, 202, 199, 201, 203];
      const mode = [100, 103, 99, 101, 98, 102, 100];
      const ci = speedupInterval(seq, mode);
      assert.equal(ci.level, 0.95);
      const point = median(seq) / median(mode);
      assert.ok(ci.low <= point && point <= ci.high, `${ci.low} ≤ ${point} ≤ ${ci.high}`);
      // Never wider than the range interval, and narrower than it for these tight runs.
      assert.ok(ci.low >= Math.min(...seq) / Math.max(...mode));
      assert.ok(ci.high <= Math.max(...seq) / Math.min(...mode));
      assert.ok(ci.high - ci.low < (Math.max(...seq) / Math.min(...mode) - Math.min(...seq) / Math.max(...mode)));
    });

    it('is deterministic: the same runs give the interval pinned here, in any process', () => {
      // Pinned from a run of this seeded bootstrap; an unseeded one (Math.random) would miss them.
      const rnd = mulberry32(7);
      const seq = Array.from({ length: 9 }, () => 200 + rnd() * 20);
      const mode = Array.from({ length: 9 }, () => 100 + rnd() * 10);
      const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
      const a = speedupInterval(seq, mode);
      near(a.low, 1.9409719216982877);
      near(a.high, 2.063607657747206);
      const b = speedupInterval(seq, mode, 0.9);
      near(b.low, 1.9470494956652054);
      near(b.high, 2.0576165639100106);
    });

    it('a lower level gives a narrower interval', () => {
      const rnd = mulberry32(11);
      const seq = Array.from({ length: 8 }, () => 200 + rnd() * 40);
      const mode = Array.from({ length: 8 }, () => 100 + rnd() * 20);
      const wide = speedupInterval(seq, mode, 0.99);
      const narrow = speedupInterval(seq, mode, 0.5);
      assert.ok(narrow.high - narrow.low < wide.high - wide.low);
    });

    it('refuses empty sides and levels outside (0, 1)', () => {
      assert.throws(() => speedupInterval([], [1]), RangeError);
      assert.throws(() => speedupInterval([1], []), RangeError);
      assert.throws(() => speedupInterval([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], 1.5), RangeError);
    });
  });

  describe('noiseWarnings', () => {
    it('says nothing about tight runs', () => {
      assert.deepEqual(noiseWarnings('workers', summarise([100, 102, 101])), []);
    });

    it('warns that the machine was noisy when runs spread over 10%, with the number', () => {
      const w = noiseWarnings('workers', summarise([100, 112, 100]));
      assert.deepEqual(w.map((x) => x.kind), ['noisy']);
      assert.equal(w[0].mode, 'workers');
      assert.match(w[0].message, /12%/);
    });

    it('reports a slow first run apart from other outliers', () => {
      const w = noiseWarnings('sequential', summarise([160, 100, 101, 99]));
      assert.ok(w.some((x) => x.kind === 'slow-first-run'), JSON.stringify(w));
      assert.ok(!w.some((x) => x.kind === 'outliers'), 'the slow first run is not also counted as an outlier');
      assert.match(w.find((x) => x.kind === 'slow-first-run')!.message, /160 ms/);
    });

    it('reports an outlier in the middle of the runs', () => {
      const w = noiseWarnings('async', summarise([100, 99, 101, 130, 100]));
      const o = w.find((x) => x.kind === 'outliers');
      assert.ok(o, JSON.stringify(w));
      assert.match(o.message, /run 4 took 130 ms/);
      assert.ok(!w.some((x) => x.kind === 'slow-first-run'));
    });

    it('calls a first run 7% slower than tight others an outlier (as hyperfine would), not a slow first run', () => {
      const w = noiseWarnings('sequential', summarise([871, 813, 815]));
      assert.deepEqual(w.map((x) => x.kind), ['outliers']);
    });
    it('does not tell a no-op to raise --warmup for a first run slower by less than the warm-up rule\'s 0.5 ms floor', () => {
      // 1.02 ms against 0.70 ms: the warm-up check let round 1 count on the same floor.
      const w = noiseWarnings('sequential', summarise([1.02, 0.7, 0.71, 0.69, 0.7]));
      assert.ok(!w.some((x) => x.kind === 'slow-first-run'), JSON.stringify(w));
      const slow = noiseWarnings('sequential', summarise([1.6, 0.7, 0.71, 0.69, 0.7]));
      assert.ok(slow.some((x) => x.kind === 'slow-first-run'), JSON.stringify(slow));
    });
    it('advises more rounds only where the stop line does not say they cannot help', () => {
      const rounds = (reason: 'time' | 'too-short' | 'clustered') => ({ interleaved: true, headline: 'measured' as const, stop: { reason, message: '', precision: 0.05, elapsedMs: 1 }, rounds: [] });
      const runs = summarise([100, 130, 101, 99]);
      assert.match(noiseWarnings('workers', runs, rounds('time'))[0].message, /more rounds \(--repeat\) narrow the interval/);
      for (const reason of ['too-short', 'clustered'] as const) {
        const w = noiseWarnings('workers', runs, rounds(reason));
        assert.ok(w.length > 0);
        for (const x of w) assert.doesNotMatch(x.message, /more rounds/, reason);
      }
    });
    it('does not call a first run slow when it is not the slowest', () => {
      const w = noiseWarnings('workers', summarise([130, 100, 140]));
      assert.ok(!w.some((x) => x.kind === 'slow-first-run'));
    });
  });
});
