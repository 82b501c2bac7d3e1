// The numbers derived from the medians, defined once: a mode's speedup over sequential, its interval,
// the ideal it is measured against, its efficiency. The orchestrator stores them on each mode and
// sweep point; the findings read them back, recomputing only for reports that lack them.
import type { Interval, ModeName, ModeResult, Spread } from '../../shared/report/report';
import { karpFlatt } from './amdahl';
import { roundInterval } from './rounds';
import { speedupInterval } from './stats';

/**
 * The speedup a mode could reach with nothing in the way: async overlaps up to N calls on one thread;
 * the parallel modes run at most min(K, N) lanes, and no more of them at once than there are cores.
 * The queue mode's remote workers add their lanes, as machines of their own (their cores are theirs).
 */
export function idealSpeedup(mode: ModeName, lanes: number, tasks: number, cores: number, remoteLanes = 0): number {
  switch (mode) {
    case 'sequential': return 1;
    case 'async': return tasks;
    default: return Math.max(1, Math.min(Math.min(lanes, cores) + remoteLanes, tasks));
  }
}

/** Lanes of the remote workers that joined a queue-mode run (0 for every other mode). */
export function remoteLanesOf(m: Pick<ModeResult, 'queue'> | undefined): number {
  return (m?.queue?.workers ?? []).reduce((sum, w) => sum + (w.remote ? w.lanes : 0), 0);
}

/** Sequential's median wall time over this mode's; undefined when either is missing or not positive. */
export function speedupOver(seq: Pick<Spread, 'median'> | undefined, mode: Pick<Spread, 'median'> | undefined): number | undefined {
  if (!seq || !mode || !(mode.median > 0) || !Number.isFinite(seq.median)) return undefined;
  return seq.median / mode.median;
}

export interface DerivedSpeedup {
  speedup: number;
  speedupCi: Interval;
  efficiency: number;
  /** Karp–Flatt's experimentally determined serial fraction, where more than one lane ran. */
  karpFlatt?: number;
}

/** Everything a mode's (or a sweep point's) medians imply against sequential, rounded for the report. */
export function deriveSpeedup(seq: Spread, mode: Spread, ideal: number): DerivedSpeedup | undefined {
  const speedup = speedupOver(seq, mode);
  if (speedup === undefined) return undefined;
  const rounded = round(speedup, 3);
  return {
    speedup: rounded,
    // Held to contain its own rounded estimate: an interval beside its number must never exclude it.
    speedupCi: roundInterval(speedupInterval(seq.runs, mode.runs), rounded),
    efficiency: round(speedup / ideal, 3),
    ...(ideal > 1 ? { karpFlatt: round(karpFlatt(speedup, ideal), 4) } : {}),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
