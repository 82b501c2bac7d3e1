import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flatDensityWeight, medianWithInterval, orderStatisticCoverage } from '../../src/engine/analyse/medianInterval';
import { pairedSpeedup } from '../../src/engine/analyse/rounds';
import type { RoundRecord } from '../../src/shared/report/report';

// Computed apart by test/fixtures/intervals/median_reference.py (exact fractions and a series where
// the TypeScript integrates numerically); regenerate with `python3 median_reference.py > median-reference.json`.
const REFERENCE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/intervals/median-reference.json'), 'utf8')) as {
  coverage: Array<{ n: number; d: number; value: number }>;
  intervals: Array<{ values: number[]; low: number; high: number; level: number | 'range' }>;
};

const close = (actual: number, expected: number, what: string, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);

describe('medianWithInterval: order statistics', () => {
  it('coverage of [x₍d₎, x₍n−d+1₎] worked by hand: 1 − 2·P(B < d), B ~ Binomial(n, ½)', () => {
    assert.equal(orderStatisticCoverage(5, 1), 1 - 2 / 32);
    assert.equal(orderStatisticCoverage(10, 2), 1 - (2 * (1 + 10)) / 1024);
    assert.equal(orderStatisticCoverage(10, 3), 1 - (2 * (1 + 10 + 45)) / 1024);
    assert.equal(orderStatisticCoverage(4, 3), 0, 'no interval has its lower end above its upper');
    for (const c of REFERENCE.coverage) close(orderStatisticCoverage(c.n, c.d), c.value, `n ${c.n}, d ${c.d}`, 1e-12);
  });

  it('does not underflow over long runs of rounds', () => {
    // 2⁻²⁰⁰⁰ is below the smallest double; the logarithms keep the sum finite and the answer near 1.
    const c = orderStatisticCoverage(2000, 900);
    assert.ok(c > 0.99999 && c < 1, String(c));
  });

  it('below 5 values: the range, labelled range', () => {
    assert.deepEqual(medianWithInterval([3, 1, 2]), { estimate: 2, ci: { low: 1, high: 3, level: 'range' } });
    assert.deepEqual(medianWithInterval([7]), { estimate: 7, ci: { low: 7, high: 7, level: 'range' } });
  });

  it('5 values: the range again, labelled with the 93.75% it holds rather than 95%', () => {
    assert.deepEqual(medianWithInterval([5, 1, 4, 2, 3]), { estimate: 3, ci: { low: 1, high: 5, level: 0.9375 } });
  });

  it('6 values, worked by hand: λ such that P(U < λ/(1−λ)·V) = 0.1, U ~ Beta(1,1), V ~ Beta(1,5)', () => {
    // Outer pair [x₁, x₆] holds 31/32; the next, [x₂, x₅], 25/32; give up (31/32 − 0.95)/(6/32) = 0.1 of the gap.
    // With U uniform, P(U < rV) = E[min(1, rV)] = r/6 for r ≤ 1, so r = 0.6 and λ = 0.6/1.6 = 0.375.
    close(flatDensityWeight(0.1, 1, 6), 0.375, 'λ', 1e-9);
    const { estimate, ci } = medianWithInterval([1, 2, 3, 4, 5, 6]);
    assert.equal(estimate, 3.5);
    close(ci.low, 1.375, 'low');
    close(ci.high, 5.625, 'high');
    assert.equal(ci.level, 0.95);
  });

  it('equals the independent Python reference on every fixture sample', () => {
    for (const r of REFERENCE.intervals) {
      const { ci } = medianWithInterval(r.values);
      assert.equal(ci.level, r.level, `level of ${r.values.join(', ')}`);
      close(ci.low, r.low, `low of ${r.values.length} values`, 1e-9);
      close(ci.high, r.high, `high of ${r.values.length} values`, 1e-9);
    }
  });

  it('is the same whatever the order of the values, and moves with them (shift and scale)', () => {
    const values = [1.91, 2.04, 1.87, 1.99, 2.1, 1.95, 2.02, 1.89, 2.31, 1.97];
    const a = medianWithInterval(values).ci;
    assert.deepEqual(medianWithInterval([...values].reverse()).ci, a);
    const b = medianWithInterval(values.map((v) => 10 * v + 3)).ci;
    close(b.low, 10 * a.low + 3, 'shifted low');
    close(b.high, 10 * a.high + 3, 'shifted high');
  });

  it('a lower level gives a narrower interval, a higher one a wider', () => {
    const values = Array.from({ length: 30 }, (_, i) => Math.sqrt(i + 1));
    const w = (level: number) => { const { ci } = medianWithInterval(values, level); return ci.high - ci.low; };
    assert.ok(w(0.8) < w(0.95) && w(0.95) < w(0.99), `${w(0.8)} < ${w(0.95)} < ${w(0.99)}`);
    assert.throws(() => medianWithInterval(values, 1), /level/);
    assert.throws(() => medianWithInterval([]), /needs values/);
  });

  it('pairedSpeedup over 10 rounds takes the order-statistic path, not the range', () => {
    const ratios = REFERENCE.intervals.find((r) => r.values.length === 10 && r.values[0] === 1.91)!;
    // Each round: the sequential run `ratio` times the mode's, at a different load every round.
    const rounds: RoundRecord[] = ratios.values.map((ratio, i) => ({
      order: ['sequential', 'workers'],
      modes: [{ mode: 'sequential', wallMs: 100 * (1 + i / 10) * ratio }, { mode: 'workers', wallMs: 100 * (1 + i / 10) }],
    }));
    const p = pairedSpeedup(rounds, 'workers')!;
    assert.equal(p.speedupCi.level, 0.95);
    close(p.speedupCi.low, ratios.low, 'low', 1e-9);
    close(p.speedupCi.high, ratios.high, 'high', 1e-9);
    assert.ok(p.speedupCi.high < Math.max(...ratios.values), 'narrower than the range of the ratios');
  });
});
