// Statistics over a mode's repetitions: summary, outliers, a confidence interval on a speedup, and
// the noise signals. Maths only: the words for them are in noiseWarnings.ts and the findings.
// Pure functions, no I/O, deterministic (the bootstrap is seeded).
import type { Interval, Spread } from '../../shared/report/report';
import { WARMUP_TREND_FLOOR_MS } from './warmup';

/** hyperfine's outlier rule: modified z-score (median and MAD scaled to a standard deviation) above 10. */
const MAD_TO_SD = 1.4826;
const OUTLIER_Z = 10;
/** When MAD is 0 the modified z-score uses the mean absolute deviation scaled by √(π/2) (Iglewicz & Hoaglin). */
const MEAN_AD_TO_SD = 1.253314;
/**
 * A run within 5% of the median is never called an outlier: with 3 to 5 runs the MAD is the gap between
 * two close runs (it can be microseconds), and a z-score over that flags ordinary jitter as a disturbed run.
 */
const OUTLIER_MIN_RELATIVE_DEVIATION = 0.05;
/** Runs spread wider than this around the median mean the machine was noisy. */
export const NOISY_RELATIVE_SPREAD = 0.1;
/** A first run this much slower than the median of the others is reported apart (cold caches, JIT). */
const SLOW_FIRST_RUN_RATIO = 1.25;
/** Below this many runs per side the percentile bootstrap is degenerate; see speedupInterval. */
export const MIN_RUNS_FOR_BOOTSTRAP = 5;
const BOOTSTRAP_RESAMPLES = 2000;
const BOOTSTRAP_SEED = 0x5eed1234;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** Modified z-score of every value, in standard deviations; 0 for all when the values do not vary. */
export function modifiedZScores(values: readonly number[]): number[] {
  const m = median(values);
  const mad = medianAbsoluteDeviation(values);
  let scale = mad * MAD_TO_SD;
  if (scale === 0) {
    const meanAd = values.reduce((sum, v) => sum + Math.abs(v - m), 0) / values.length;
    scale = meanAd * MEAN_AD_TO_SD;
  }
  if (scale === 0) return values.map(() => 0);
  return values.map((v) => (v - m) / scale);
}

/** Indices of the runs hyperfine would call outliers (|modified z| > 10), ignoring runs within 5% of the median. */
export function outlierIndices(values: readonly number[]): number[] {
  if (values.length < 3) return [];
  const m = median(values);
  const z = modifiedZScores(values);
  const out: number[] = [];
  z.forEach((score, i) => {
    const relative = m === 0 ? Infinity : Math.abs(values[i] - m) / Math.abs(m);
    if (Math.abs(score) > OUTLIER_Z && relative > OUTLIER_MIN_RELATIVE_DEVIATION) out.push(i);
  });
  return out;
}

/** Median with min and max, mean, MAD, relative spread and outliers of the measured runs (in run order). */
export function summarise(runs: readonly number[]): Spread {
  if (runs.length === 0) throw new RangeError('summarise needs at least one run');
  const med = median(runs);
  const min = Math.min(...runs);
  const max = Math.max(...runs);
  return {
    median: med,
    min,
    max,
    runs: [...runs],
    mean: runs.reduce((a, b) => a + b, 0) / runs.length,
    mad: medianAbsoluteDeviation(runs),
    relativeSpread: med === 0 ? 0 : (max - min) / med,
    outliers: outlierIndices(runs),
  };
}

/**
 * A confidence interval on median(seq) / median(mode), the speedup of `mode` over sequential.
 *
 * With at least 5 runs on each side: a percentile bootstrap of the ratio of medians, resampling each
 * side independently 2000 times with a fixed seed, so the same runs always give the same interval.
 *
 * With fewer runs the bootstrap is degenerate: the median of 3 values resampled can only be one of
 * those 3 values, so its "95%" interval is a lumpy min/max in disguise that claims a confidence it
 * cannot have. Below 5 runs we return the honest 'range' interval instead: the most pessimistic and
 * most optimistic ratios the observed runs allow, [min(seq)/max(mode), max(seq)/min(mode)], with no
 * probability attached (level 'range').
 */
export function speedupInterval(seq: readonly number[], mode: readonly number[], level = 0.95): Interval {
  if (seq.length === 0 || mode.length === 0) throw new RangeError('speedupInterval needs runs on both sides');
  if (!(level > 0 && level < 1)) throw new RangeError('level must be between 0 and 1');
  if (seq.length < MIN_RUNS_FOR_BOOTSTRAP || mode.length < MIN_RUNS_FOR_BOOTSTRAP) {
    return { low: Math.min(...seq) / Math.max(...mode), high: Math.max(...seq) / Math.min(...mode), level: 'range' };
  }
  const random = mulberry32(BOOTSTRAP_SEED);
  const ratios = new Float64Array(BOOTSTRAP_RESAMPLES);
  const a = new Float64Array(seq.length);
  const b = new Float64Array(mode.length);
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    for (let i = 0; i < a.length; i++) a[i] = seq[Math.floor(random() * seq.length)];
    for (let i = 0; i < b.length; i++) b[i] = mode[Math.floor(random() * mode.length)];
    ratios[r] = sortedMedian(a.sort()) / sortedMedian(b.sort());
  }
  ratios.sort();
  const tail = (1 - level) / 2;
  return { low: quantileSorted(ratios, tail), high: quantileSorted(ratios, 1 - tail), level };
}

/** What a mode's runs say about noise, as numbers; noiseWarnings.ts words them. */
export interface NoiseSignals {
  /** (max − min) / median. */
  relativeSpread: number;
  noisy: boolean;
  /** Set when the first run was the slowest by a clear margin (cold caches, JIT): its ratio to the rest's median. */
  slowFirst?: { ratio: number; restMedian: number };
  /** Outlier runs other than a slow first run, by index. */
  outliers: number[];
}

export function noiseSignals(spread: Spread): NoiseSignals {
  const runs = spread.runs;
  const relativeSpread = spread.relativeSpread ?? (spread.median === 0 ? 0 : (spread.max - spread.min) / spread.median);
  const outliers = spread.outliers ?? outlierIndices(runs);
  let slowFirst: NoiseSignals['slowFirst'];
  if (runs.length >= 3) {
    const rest = median(runs.slice(1));
    const ratio = rest > 0 ? runs[0] / rest : 1;
    // Below the warm-up rule's floor a slower first run is timer noise: the warm-up check that let round
    // 1 count says so, and this warning must not then say "raise --warmup" (a no-op's 1.02 ms against 0.70).
    if (runs[0] === spread.max && runs[0] - rest > WARMUP_TREND_FLOOR_MS && (ratio > SLOW_FIRST_RUN_RATIO || (outliers.includes(0) && ratio > 1.1))) slowFirst = { ratio, restMedian: rest };
  }
  return { relativeSpread, noisy: relativeSpread > NOISY_RELATIVE_SPREAD, ...(slowFirst ? { slowFirst } : {}), outliers: outliers.filter((i) => !(slowFirst && i === 0)) };
}

function sortedMedian(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Linear interpolation between closest ranks. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Small seeded PRNG, so bootstrap intervals are reproducible. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
