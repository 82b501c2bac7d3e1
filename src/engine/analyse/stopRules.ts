// When more rounds cannot help, beside "every interval is narrow enough" (measure/rounds.ts): run
// times that fall into clusters (an interval spanning two of them never narrows), tasks so short that
// every speedup is dispatch noise around a no-op, and intervals already clear enough to decide (no
// tie left to break). Pure functions over the rounds' numbers; the sentences are the stopping rule's.
import type { Interval, ModeName, RoundRecord } from '../../shared/report/report';
import { median } from './stats';

/** A task alone shorter than this is about as long as dispatching it (40–86 µs a task, NOTES.md): its speedup measures the dispatch. */
export const DISPATCH_NOISE_TASK_MS = 0.25;
/** Clusters are looked for from this many values on: fewer cannot tell two groups from noise. */
export const MIN_VALUES_FOR_CLUSTERS = 6;
/** The gap between two clusters must be this many times the wider cluster's own range... */
export const CLUSTER_GAP_TO_SPREAD = 3;
/** ...and at least this share of the median: a gap of 1% is noise, whatever the ranges. */
export const CLUSTER_MIN_GAP_SHARE = 0.05;

export interface Clusters {
  /** The two clusters' medians, low first. */
  centres: [number, number];
  /** How many values in each. */
  sizes: [number, number];
}

/**
 * Two clusters when the largest gap between sorted values is CLUSTER_GAP_TO_SPREAD times the wider
 * side's range and CLUSTER_MIN_GAP_SHARE of the median, with at least two values (and a fifth of
 * them) on each side; else undefined.
 */
export function twoClusters(values: readonly number[]): Clusters | undefined {
  if (values.length < MIN_VALUES_FOR_CLUSTERS) return undefined;
  const xs = [...values].sort((a, b) => a - b);
  const least = Math.max(2, Math.ceil(xs.length / 5));
  let at = -1;
  let gap = 0;
  for (let i = least; i <= xs.length - least; i++) {
    const g = xs[i] - xs[i - 1];
    if (g > gap) { gap = g; at = i; }
  }
  if (at < 0) return undefined;
  const low = xs.slice(0, at);
  const high = xs.slice(at);
  const spread = Math.max(low[low.length - 1] - low[0], high[high.length - 1] - high[0]);
  if (gap < CLUSTER_GAP_TO_SPREAD * spread || gap < CLUSTER_MIN_GAP_SHARE * median(xs)) return undefined;
  return { centres: [median(low), median(high)], sizes: [low.length, high.length] };
}

export interface ClusteredMode {
  mode: ModeName;
  /** What fell into clusters: the mode's own run times, the sequential run's, or the per-round ratios. */
  what: 'run times' | 'sequential run times' | 'speedups';
  clusters: Clusters;
}

function wallsOf(rounds: readonly RoundRecord[], mode: ModeName): number[] {
  return rounds.flatMap((r) => r.modes.filter((m) => m.mode === mode).map((m) => m.wallMs));
}

/** The first of `modes` whose run times, whose sequential pair's, or whose per-round speedups fall into two clusters. */
export function clusteredMode(rounds: readonly RoundRecord[], modes: ReadonlyArray<{ mode: ModeName; ratios: readonly number[] }>): ClusteredMode | undefined {
  const seq = twoClusters(wallsOf(rounds, 'sequential'));
  for (const m of modes) {
    const own = twoClusters(wallsOf(rounds, m.mode));
    if (own) return { mode: m.mode, what: 'run times', clusters: own };
    const ratios = twoClusters(m.ratios);
    if (ratios) return { mode: m.mode, what: 'speedups', clusters: ratios };
  }
  if (seq && modes.length > 0) return { mode: 'sequential', what: 'sequential run times', clusters: seq };
  return undefined;
}

/**
 * The sequential run's time per task, ms: the tasks' own time (start to end inside the lane) where
 * recorded, median over the rounds, divided by the tasks. The repetition's wall time also holds the
 * engine's own per-task cost (about 0.2 ms a task here for a no-op), which is not the work. One
 * measure for the stopping rule and the verdict, so they quote the same number.
 */
export function sequentialTaskMsPerTask(rounds: readonly RoundRecord[], tasks: number): number | undefined {
  const seq = rounds.flatMap((r) => r.modes.filter((m) => m.mode === 'sequential'));
  if (seq.length === 0 || tasks < 1) return undefined;
  return median(seq.map((m) => m.taskMs ?? m.wallMs)) / tasks;
}

/** The sequential run's time per task, ms, when under DISPATCH_NOISE_TASK_MS; else undefined. */
export function dispatchNoiseTaskMs(rounds: readonly RoundRecord[], tasks: number): number | undefined {
  const perTask = sequentialTaskMsPerTask(rounds, tasks);
  return perTask !== undefined && perTask < DISPATCH_NOISE_TASK_MS ? perTask : undefined;
}

/**
 * Lane time a parallel mode spent outside its tasks, per task, ms, median over the rounds: its lanes
 * in use × its wall time, less the tasks' own time, over the tasks. What handing tasks over (and the
 * lanes' idle waits for the next) cost in this run; undefined without the tasks' times.
 */
export function outsideTasksPerTaskMs(rounds: readonly RoundRecord[], mode: ModeName, lanes: number, tasks: number): number | undefined {
  if (tasks < 1) return undefined;
  const used = Math.max(1, Math.min(lanes, tasks));
  const per = rounds.flatMap((r) => r.modes.filter((m) => m.mode === mode && m.taskMs !== undefined))
    .map((m) => Math.max(0, m.wallMs * used - m.taskMs!) / tasks);
  return per.length > 0 ? median(per) : undefined;
}

export interface Estimate {
  mode: ModeName;
  speedup: number;
  ci: Interval;
}

/**
 * Whether the intervals already decide: every parallel mode clearly slower than sequential (each
 * interval below 1), or the fastest mode's interval above 1 and above every other mode's. Then no
 * tie is left for more rounds to break. Returns the deciding mode ('sequential' when none helps).
 */
export function decidingMode(estimates: readonly Estimate[]): ModeName | undefined {
  if (estimates.length === 0) return undefined;
  if (estimates.every((e) => e.ci.high < 1)) return 'sequential';
  const best = estimates.reduce((a, b) => (b.speedup > a.speedup ? b : a));
  if (!(best.ci.low > 1)) return undefined;
  return estimates.every((e) => e === best || e.ci.high < best.ci.low) ? best.mode : undefined;
}
