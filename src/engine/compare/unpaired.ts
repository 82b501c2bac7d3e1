// Statistics for two unpaired samples (each report's own rounds): an interval on the ratio of their
// medians and a rank test. Maths only; the words are in output/comparison.ts.
// Pure functions, deterministic: the bootstrap is seeded (analyse/stats.ts).
import type { ChangeKind, MeasureChange } from '../../shared/report/comparison';
import { median, speedupInterval } from '../analyse/stats';

/** Above this many pairs the exact null distribution is replaced by the normal approximation. */
const EXACT_MAX_PAIRS = 1600;

/**
 * Two-sided p-value of the Mann–Whitney U test that `a` and `b` come from the same distribution.
 * Exact (the count of rank arrangements) when there are no ties and the samples are small, which is
 * the case for rounds; else the normal approximation with the tie correction and a continuity
 * correction. Rank-based, so one disturbed round moves it no more than any other round.
 */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new RangeError('mannWhitneyP needs values on both sides');
  // U of b: pairs where b's value is the larger, ties counting one half.
  let u = 0;
  let ties = false;
  for (const x of a) {
    for (const y of b) {
      if (y > x) u += 1;
      else if (y === x) {
        u += 0.5;
        ties = true;
      }
    }
  }
  const pooled = [...a, ...b];
  const tied = ties || new Set(pooled).size < pooled.length;
  if (!tied && m * n <= EXACT_MAX_PAIRS) return exactP(u, m, n);
  if (tied && choose(m + n, m) <= EXACT_MAX_ARRANGEMENTS) return exactTiedP(u, m, n, pooled);
  return normalP(u, m, n, pooled);
}

/** Above this many arrangements a tied sample uses the normal approximation instead of counting them all. */
const EXACT_MAX_ARRANGEMENTS = 200_000;

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * With ties (identical wall times, or a constant fixture) the counting recursion does not hold: count
 * every way of drawing B's n values from the pooled sample instead, with mid-ranks, and give the
 * share at least as far from m·n/2 as the observed U.
 */
function exactTiedP(u: number, m: number, n: number, pooled: number[]): number {
  const sorted = [...pooled].sort((x, y) => x - y);
  const rankOf = new Map<number, number>();
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    rankOf.set(sorted[i], (i + 1 + j) / 2);
    i = j;
  }
  const ranks = pooled.map((v) => rankOf.get(v)!);
  const centre = (m * n) / 2;
  const observed = Math.abs(u - centre) - 1e-9;
  const offset = (n * (n + 1)) / 2;
  let extreme = 0;
  let total = 0;
  const walk = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      total++;
      if (Math.abs(sum - offset - centre) >= observed) extreme++;
      return;
    }
    for (let i = start; i <= ranks.length - left; i++) walk(i + 1, left - 1, sum + ranks[i]);
  };
  walk(0, n, 0);
  return Math.min(1, extreme / total);
}

function exactP(u: number, m: number, n: number): number {
  const counts = uCounts(m, n);
  const total = counts.reduce((s, c) => s + c, 0);
  let below = 0;
  let above = 0;
  for (let k = 0; k < counts.length; k++) {
    if (k <= u) below += counts[k];
    if (k >= u) above += counts[k];
  }
  return Math.min(1, (2 * Math.min(below, above)) / total);
}

/** counts[k]: how many of the C(m+n, m) orderings of two samples give U = k (no ties). */
function uCounts(m: number, n: number): number[] {
  // The largest value is A's (it beats no value of B: c(i − 1, j, k)) or B's (it beats all i of A's:
  // c(i, j − 1, k − i)).
  let prev: number[][] = [];
  for (let i = 0; i <= m; i++) {
    const row: number[][] = [];
    for (let j = 0; j <= n; j++) {
      if (i === 0 || j === 0) {
        row.push([1]);
        continue;
      }
      const out = new Array<number>(i * j + 1).fill(0);
      const fromA = prev[j];
      for (let k = 0; k < fromA.length; k++) out[k] += fromA[k];
      const fromB = row[j - 1];
      for (let k = 0; k < fromB.length; k++) out[k + i] += fromB[k];
      row.push(out);
    }
    prev = row;
  }
  return prev[n];
}

function normalP(u: number, m: number, n: number, pooled: number[]): number {
  const N = m + n;
  const sorted = [...pooled].sort((x, y) => x - y);
  let tieTerm = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  const variance = (m * n / 12) * ((N + 1) - tieTerm / (N * (N - 1)));
  if (!(variance > 0)) return 1;
  const z = Math.max(0, Math.abs(u - (m * n) / 2) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * (1 - normalCdf(z)));
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf: error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * B against A on one measure: the ratio of medians with its interval (bootstrap, each side resampled
 * on its own; the observed range below five samples a side) and the rank test's p-value. Significant
 * only when both agree: p below `alpha` and the interval clear of 1, so neither alone can cry wolf.
 */
export function compareSamples(base: readonly number[], next: readonly number[], alpha: number): MeasureChange {
  const ratio = median(next) / median(base);
  const raw = speedupInterval(next, base, 1 - alpha);
  // A percentile bootstrap of a ratio of medians can sit beside its own estimate on skewed samples; the
  // interval is widened to hold it so the line never reads "1.20× [1.22–1.40]". Widening only lowers the
  // chance of a significant call, and significance also needs the rank test to agree.
  const ci = { ...raw, low: Math.min(raw.low, ratio), high: Math.max(raw.high, ratio) };
  const pValue = mannWhitneyP(base, next);
  const significant = pValue < alpha && (ci.low > 1 || ci.high < 1);
  return { base: median(base), new: median(next), ratio, low: ci.low, high: ci.high, level: ci.level, pValue, significant, samples: [base.length, next.length] };
}

/**
 * What a change in time means: 'slower'/'faster' when significant and past the threshold either way,
 * 'within-threshold' when significant but smaller, else 'no-difference'.
 */
export function classifyTime(c: MeasureChange, threshold: number): ChangeKind {
  if (!c.significant) return 'no-difference';
  if (c.ratio > 1 + threshold) return 'slower';
  if (c.ratio < 1 - threshold) return 'faster';
  return 'within-threshold';
}

/** The smallest two-sided p-value the exact test can give for these sizes: past `alpha`, nothing can be significant. */
export function smallestP(m: number, n: number): number {
  // Complete separation is the one most extreme arrangement of C(m+n, m), on each side.
  let c = 1;
  for (let k = 1; k <= m; k++) c = (c * (n + k)) / k;
  return Math.min(1, 2 / c);
}
