// A confidence interval on a median from the order statistics alone: how many values fall below the
// true median is Binomial(n, ½) whatever the distribution, so the coverage of [x₍d₎, x₍n−d+1₎] is a
// count, not an assumption. Pure functions, deterministic, no resampling.
//
// Why not the percentile bootstrap it replaces: simulated at 5, 10 and 30 rounds over normal,
// log-normal, outlier and bimodal runs (test/unit/intervalCoverage.test.ts), the bootstrap held the
// true median in 93.0–95.4% of 1,000 runs, short of 95% at 10 rounds in every shape, and cost about
// 4 ms an interval; the order-statistic interval below holds it near 95% for every shape, at a
// microsecond's cost, and says exactly what it promises where it cannot reach 95% (5 values: 93.75%).
import type { Interval } from '../../shared/report/report';
import { median } from './stats';

/** Below this many values the interval is the range, labelled 'range': [min, max] of 4 values holds the median only 87.5% of the time. */
export const MIN_VALUES_FOR_LEVEL = 5;

/** P(d ≤ B ≤ n − d) for B ~ Binomial(n, ½): the coverage of [x₍d₎, x₍n−d+1₎] for any continuous distribution. */
export function orderStatisticCoverage(n: number, d: number): number {
  if (d < 1 || 2 * d > n) return 0;
  // Summed in logarithms so that 2⁻ⁿ does not underflow for long runs of rounds.
  let logChoose = 0;
  let below = 0;
  for (let i = 0; i < d; i++) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    below += Math.exp(logChoose - n * Math.LN2);
  }
  return Math.max(0, 1 - 2 * below);
}

/**
 * The median and a `level` interval on it, from the sorted values.
 *
 * - Fewer than 5 values: the range, labelled 'range' (no probability claimed; the median is inside).
 * - Where no pair of order statistics reaches `level` (5 values at 95%): the range, labelled with its
 *   exact coverage, 1 − 2·2⁻ⁿ (0.9375 for 5), rather than a level it does not have.
 * - Else a point between the widest pair that reaches `level` and the next pair in, placed so that the
 *   coverage is exactly `level` where the density is flat across the values nearest the median (see
 *   flatDensityWeight). Nested between two exact intervals, its coverage lies between theirs for every
 *   distribution (89.1–97.9% at 10 values). Where the median sits in a dip between two states it is
 *   below `level`: 93.5% at 10 values for an even mix of two states 5 SD apart, 92.4% at 7.
 *
 * No clamp is needed: every bound is a weighted mean of order statistics at or outside the middle
 * one(s), so the interval always holds the median it is reported with.
 */
export function medianWithInterval(values: readonly number[], level = 0.95): { estimate: number; ci: Interval } {
  if (values.length === 0) throw new RangeError('medianWithInterval needs values');
  if (!(level > 0 && level < 1)) throw new RangeError('level must be between 0 and 1');
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  const estimate = median(x);
  const range = { low: x[0], high: x[n - 1] };
  if (n < MIN_VALUES_FOR_LEVEL) return { estimate, ci: { ...range, level: 'range' } };
  let d = 1;
  while (orderStatisticCoverage(n, d + 1) >= level) d++;
  const outer = orderStatisticCoverage(n, d);
  if (outer < level) return { estimate, ci: { ...range, level: outer } };
  const inner = orderStatisticCoverage(n, d + 1);
  const share = (outer - level) / (outer - inner);
  const lambda = flatDensityWeight(share, d, n);
  // x is 0-based: x₍d₎ is x[d − 1].
  const low = (1 - lambda) * x[d - 1] + lambda * x[d];
  const high = (1 - lambda) * x[n - d] + lambda * x[n - d - 1];
  return { estimate, ci: { low, high, level } };
}

/**
 * The weight λ on the inner order statistic that brings the coverage to `level`, given `share`, the
 * part of the gap between the two exact coverages that must be given up.
 *
 * The interval misses on the low side when exactly d values lie below the median and the point
 * (1 − λ)·x₍d₎ + λ·x₍d₊₁₎ passes it, i.e. when U < r·V with r = λ/(1 − λ), U the distance from x₍d₎ up
 * to the median and V from the median up to x₍d₊₁₎. Where the density is flat there, U and V are
 * Beta(1, d) and Beta(1, n − d) in probability units, and λ is solved so that P(U < r·V) = share.
 * Hettmansperger and Sheather's closed form (1986) solves the same with exponential gaps, exact for a
 * density peaked at the median (Laplace); in the simulations it held 94.4–95.3% for the one-state
 * shapes against 94.8–95.5% for this one, and 91.1% against 92.4% at 7 values of two states.
 */
export function flatDensityWeight(share: number, d: number, n: number): number {
  if (share <= 0) return 0;
  if (share >= 1) return 1;
  const key = `${share} ${d} ${n}`;
  const known = weights.get(key);
  if (known !== undefined) return known;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (passShare(mid / (1 - mid), d, n - d) < share) lo = mid;
    else hi = mid;
  }
  const lambda = (lo + hi) / 2;
  if (weights.size > 4096) weights.clear();
  weights.set(key, lambda);
  return lambda;
}

const weights = new Map<string, number>();

/** P(U < r·V) for independent U ~ Beta(1, a) and V ~ Beta(1, b). */
function passShare(r: number, a: number, b: number): number {
  // Past v = 1/r every U passes: that part is P(V > 1/r) = (1 − 1/r)^b, in closed form.
  const top = Math.min(1, 1 / r);
  const tail = r > 1 ? (1 - 1 / r) ** b : 0;
  // Simpson's rule on the smooth part, a polynomial in v of degree a + b − 1.
  const steps = 1024;
  const h = top / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const v = i * h;
    const f = b * (1 - v) ** (b - 1) * (1 - (1 - r * v) ** a);
    sum += (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * f;
  }
  return (sum * h) / 3 + tail;
}
