// Speedups from interleaved rounds: each mode against the sequential run of the same round (paired,
// like the benchmarks' ratios), the load-aware estimate from the tasks' run-queue wait, rounds whose
// outside load stands apart, and whether the answer is stable yet. Pure functions over numbers.
import type { Interval, LoadAwareEstimate, ModeName, RoundModeRecord, RoundRecord } from '../../shared/report/report';
import { medianWithInterval } from './medianInterval';
import { median } from './stats';

export { medianWithInterval };

/** A round whose outside load is this many cores away from the rounds' median is flagged. */
export const FLAG_LOAD_CORES = 0.5;
/** Waiting for a core at least this share of the tasks' time means other programs held the cores. */
export const BUSY_WAIT_SHARE = 0.05;
/** A load-aware speedup this far from the measured one is worth quoting beside it. */
export const LOAD_AWARE_DIFFERS = 0.05;
/**
 * Below this much outside load (cores, median over the mode's rounds' samples) a task's run-queue wait
 * is the process's own threads competing for the cores (V8's collector, libuv's pool, the engine's
 * thread): part of what the mode costs, not other programs'. zlib's gzip through libuv's pool waited
 * 12% with other programs at 0.00 cores, and the verdict called that "other programs held the cores".
 */
export const OUTSIDE_LOAD_FOR_WAIT_CORES = 0.2;
/** Never credit more than this share of a task's time to waiting: past it the estimate is a guess. */
const MAX_WAIT_SHARE = 0.9;

export interface PairedSpeedup {
  speedup: number;
  speedupCi: Interval;
  /** The per-round ratios it comes from. */
  ratios: number[];
}

function recordOf(round: RoundRecord, mode: ModeName): RoundModeRecord | undefined {
  return round.modes.find((m) => m.mode === mode);
}

/** Sequential ÷ mode in each round where both ran, by the wall time `wall` gives. */
export function pairedRatios(rounds: readonly RoundRecord[], mode: ModeName, wall: (r: RoundModeRecord) => number | undefined = (r) => r.wallMs): number[] {
  const out: number[] = [];
  for (const round of rounds) {
    const s = recordOf(round, 'sequential');
    const m = recordOf(round, mode);
    const a = s ? wall(s) : undefined;
    const b = m ? wall(m) : undefined;
    if (a !== undefined && b !== undefined && a > 0 && b > 0) out.push(a / b);
  }
  return out;
}

export function pairedSpeedup(rounds: readonly RoundRecord[], mode: ModeName, wall?: (r: RoundModeRecord) => number | undefined): PairedSpeedup | undefined {
  const ratios = pairedRatios(rounds, mode, wall);
  if (ratios.length === 0) return undefined;
  const { estimate, ci } = medianWithInterval(ratios);
  return { speedup: estimate, speedupCi: ci, ratios };
}

/** Share of the tasks' own time spent runnable with no free core, 0..1; undefined when not recorded. */
export function waitShare(r: RoundModeRecord): number | undefined {
  if (r.waitMs === undefined || r.taskMs === undefined || !(r.taskMs > 0)) return undefined;
  return Math.min(1, Math.max(0, r.waitMs / r.taskMs));
}

export interface EstimateContext {
  mode: ModeName;
  lanes: number;
  tasks: number;
  cores: number;
}

/**
 * What the repetition would have taken with the cores free: its wall time less the share of the
 * tasks' time spent waiting for a core, but never less than all its tasks waited: a repetition
 * cannot gain more than that. The bound matters where dispatch, not the tasks, fills the wall (a
 * no-op's 1 µs tasks in a 1 ms run): a few µs of wait were 50% of the tasks' time, took half the
 * sequential run's wall away, and made child processes "1.41× on free cores" against 0.33× measured
 * with none of their own time spent waiting. (The wait spread evenly over the lanes instead took too
 * little where lanes finish unevenly: bench row 9b read 1.77× on free cores against 1.99× quiet.)
 * Only where the mode's own lanes fit the cores (else they wait for each other, which is the mode's
 * real cost) and its tasks do not overlap on one thread (async: overlapping calls share one thread's
 * wait, which the per-task sums would count twice).
 */
export function freeCoreWallMs(r: RoundModeRecord, c: EstimateContext, outside: boolean): number | undefined {
  if (c.mode === 'async') return undefined;
  if (Math.min(c.lanes, c.tasks) > c.cores) return undefined;
  const share = waitShare(r);
  if (share === undefined) return undefined;
  // `outside`: the caller's judgement that other programs held the cores (no default: --versus, which
  // corrects every repetition, once took a per-round default and mixed corrected and uncorrected times).
  // Without them the wait is the process's own, and stays in.
  if (!outside) return r.wallMs;
  return r.wallMs - Math.min(r.wallMs * Math.min(MAX_WAIT_SHARE, share), r.waitMs!);
}

/** At least this share of a mode's rounds must hold other programs' load before its wait is theirs. */
export const LOADED_ROUNDS_SHARE = 0.25;

/** Other programs' load over a mode's rounds that measured it: how many, how many loaded (OUTSIDE_LOAD_FOR_WAIT_CORES or more) and their share, the median load of those, and of all. */
export interface OutsideLoad { rounds: number; loaded: number; loadedShare: number; loadedMedian?: number; median: number }

/** ...and at least this many of them. */
export const MIN_LOADED_ROUNDS = 2;

export function outsideLoadOfRounds(rounds: readonly RoundRecord[], mode: ModeName): OutsideLoad | undefined {
  const loads = rounds.map((r) => recordOf(r, mode)?.externalLoad).filter((x): x is number => x !== undefined);
  if (loads.length === 0) return undefined;
  const loaded = loads.filter((x) => x >= OUTSIDE_LOAD_FOR_WAIT_CORES);
  return { rounds: loads.length, loaded: loaded.length, loadedShare: loaded.length / loads.length, ...(loaded.length > 0 ? { loadedMedian: median(loaded) } : {}), median: median(loads) };
}

/**
 * True when other programs were measured in LOADED_ROUNDS_SHARE of a mode's rounds or more: a
 * competitor that came in part-way counts, a stray round of a quiet profile does not (a few rounds at
 * 0.3 cores among twenty at 0.05 made gzip "1.59× on free cores" beside "other programs kept 0.01").
 */
export function outsideLoadInRounds(rounds: readonly RoundRecord[], mode: ModeName): boolean {
  const o = outsideLoadOfRounds(rounds, mode);
  // Two loaded rounds at least: one in three rounds is one sample of 100 ms, not a busy machine.
  return o !== undefined && o.loadedShare >= LOADED_ROUNDS_SHARE && o.loaded >= MIN_LOADED_ROUNDS;
}

/** True when other programs' load in the repetition was measured at OUTSIDE_LOAD_FOR_WAIT_CORES or more. */
export function outsideLoadMeasured(r: RoundModeRecord): boolean {
  return r.externalLoad !== undefined && r.externalLoad >= OUTSIDE_LOAD_FOR_WAIT_CORES;
}

/** The load-aware speedup of a mode over its rounds, paired with the sequential's own estimate each round. */
export function loadAwareEstimate(rounds: readonly RoundRecord[], seq: EstimateContext, c: EstimateContext): LoadAwareEstimate | undefined {
  const ratios: number[] = [];
  const walls: number[] = [];
  const shares: number[] = [];
  // Judged per mode over all its rounds, as the words that quote its load are; then each round's wait
  // is taken off only where that round held the load.
  const seqOutside = outsideLoadInRounds(rounds, 'sequential');
  const modeOutside = outsideLoadInRounds(rounds, c.mode);
  // Nothing to correct for: an "estimate" equal to the measurement would only repeat it in a column.
  if (!seqOutside && !modeOutside) return undefined;
  for (const round of rounds) {
    const s = recordOf(round, 'sequential');
    const m = recordOf(round, c.mode);
    if (!s || !m) continue;
    const a = freeCoreWallMs(s, seq, seqOutside && outsideLoadMeasured(s));
    const b = freeCoreWallMs(m, c, modeOutside && outsideLoadMeasured(m));
    if (a === undefined || b === undefined || !(a > 0) || !(b > 0)) continue;
    ratios.push(a / b);
    walls.push(b);
    shares.push(waitShare(m) ?? 0);
  }
  if (ratios.length === 0) return undefined;
  const { estimate, ci } = medianWithInterval(ratios);
  return { speedup: round(estimate, 3), speedupCi: roundInterval(ci, estimate), wallMs: round(median(walls), 3), waitShare: round(median(shares), 4) };
}

/** Rounds the interval outward to 3 digits, so the rounded estimate stays inside it. */
export function roundInterval(ci: Interval, estimate: number): Interval {
  const f = 1000;
  const est = Math.round(estimate * f) / f;
  return { ...ci, low: Math.min(Math.floor(ci.low * f) / f, est), high: Math.max(Math.ceil(ci.high * f) / f, est) };
}

/** Other programs' load in a round: the mean over its modes' repetitions, cores. */
export function roundLoad(round: RoundRecord): number | undefined {
  const loads = round.modes.map((m) => m.externalLoad).filter((x): x is number => x !== undefined);
  return loads.length > 0 ? loads.reduce((a, b) => a + b, 0) / loads.length : undefined;
}

/** Marks rounds whose outside load sits FLAG_LOAD_CORES or more from the median round's (three rounds or more). */
export function flagRounds(rounds: RoundRecord[]): void {
  const loads = rounds.map(roundLoad);
  const known = loads.filter((x): x is number => x !== undefined);
  if (known.length < 3) return;
  const mid = median(known);
  rounds.forEach((r, i) => {
    const x = loads[i];
    if (x !== undefined && Math.abs(x - mid) >= FLAG_LOAD_CORES) r.flagged = true;
    else delete r.flagged;
  });
}

/** True when the interval lies within ±precision of its estimate. */
export function withinPrecision(ci: Interval | undefined, estimate: number, precision: number): boolean {
  if (!ci || !(estimate > 0)) return false;
  return ci.low >= estimate * (1 - precision) - 1e-9 && ci.high <= estimate * (1 + precision) + 1e-9;
}

/**
 * Whether the machine was busy enough for the load-aware numbers to lead: the tasks of some mode
 * waited for a core BUSY_WAIT_SHARE of their time (median over its rounds that held other programs'
 * load, in LOADED_ROUNDS_SHARE of its rounds or more), and for some mode the
 * estimate differs from the measured speedup by LOAD_AWARE_DIFFERS or more.
 */
export function headlineBasis(rounds: readonly RoundRecord[], pairs: ReadonlyArray<{ measured?: number; loadAware?: LoadAwareEstimate }>): 'measured' | 'load-aware' {
  const modes = new Set(rounds.flatMap((r) => r.modes.map((m) => m.mode)));
  let busy = false;
  for (const mode of modes) {
    // Only where other programs were measured, over their rounds: a wait without them is the process's own.
    if (!outsideLoadInRounds(rounds, mode)) continue;
    const shares = rounds.map((r) => recordOf(r, mode)).map((m) => (m && outsideLoadMeasured(m) ? waitShare(m) : undefined)).filter((x): x is number => x !== undefined);
    if (shares.length > 0 && median(shares) >= BUSY_WAIT_SHARE) busy = true;
  }
  if (!busy) return 'measured';
  const differs = pairs.some((p) => p.measured !== undefined && p.loadAware !== undefined && Math.abs(p.loadAware.speedup / p.measured - 1) >= LOAD_AWARE_DIFFERS);
  return differs ? 'load-aware' : 'measured';
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
