// The report's interleaved rounds: per round, per mode, what ran, what other programs took, and why
// the rounds stopped. Part of the report schema (report.ts re-exports it).
// No node, no vscode, no DOM: the webview compiles this file too.
import type { ModeName, Interval } from './report';

/**
 * Interleaved rounds: round r runs one repetition of every mode, in an order that rotates from round
 * to round, so a change in background load lands on every mode alike.
 */
export interface RoundsInfo {
  /** False when the modes ran one after another (each its repetitions in a row), for contrast. */
  interleaved: boolean;
  rounds: RoundRecord[];
  stop: StopInfo;
  /** Which speedups the verdict's headline quotes: as measured, or the load-aware estimate (a busy machine). */
  headline: 'measured' | 'load-aware';
}

export interface RoundRecord {
  /** The modes in the order they ran in this round. */
  order: ModeName[];
  modes: RoundModeRecord[];
  /** Set when the other programs' load in this round differed sharply from the other rounds'. */
  flagged?: boolean;
}

export interface RoundModeRecord {
  mode: ModeName;
  /** The repetition's wall time, ms. */
  wallMs: number;
  /** Cores kept busy by other programs (every core's busy time minus the profiled process tree's) during it, on average. */
  externalLoad?: number;
  /** Per core, percent busy with other programs' work during it (0..100). */
  externalPerCore?: number[];
  /**
   * Cores the VM's host took during it (steal time, /proc/stat's 8th column), on average: a part of
   * externalLoad, and the only sign of a busy host on shared CI runners. Linux only; absent in older reports.
   */
  stealLoad?: number;
  /** Run-queue wait of the tasks (ready to run, no free core), summed over the tasks, ms. */
  waitMs?: number;
  /** On-CPU time of the tasks, summed, ms. */
  taskCpuMs?: number;
  /** Wall time of the tasks (start to end), summed, ms. */
  taskMs?: number;
}

export interface StopInfo {
  /**
   * 'stable': every speedup's interval within ±precision; 'time': the time budget ran out; 'max-rounds':
   * the round limit; 'fixed': a fixed number of rounds was asked for. Rules that know more rounds
   * cannot help: 'decided': the intervals already leave no tie (the best mode's clear of 1 and of
   * every other's); 'clustered': run times or speedups fall into two clusters, which an interval
   * spans however many rounds run; 'too-short': tasks so short that the speedups are dispatch noise.
   */
  reason: 'stable' | 'time' | 'max-rounds' | 'fixed' | 'decided' | 'clustered' | 'too-short';
  /** In plain words, with the numbers. */
  message: string;
  /** Relative half-width asked of every interval, e.g. 0.05 for ±5%; 0 for a fixed number of rounds. */
  precision: number;
  /** The time budget for the rounds, ms. */
  maxTimeMs?: number;
  /** Wall time the rounds took (warm-ups included), ms. */
  elapsedMs: number;
}

/** What a mode would have taken with the cores free, from its tasks' on-CPU time and run-queue wait. */
export interface LoadAwareEstimate {
  /** Estimated speedup over sequential on free cores. */
  speedup: number;
  speedupCi?: Interval;
  /** Median estimated wall time on free cores, ms. */
  wallMs: number;
  /** Share of the tasks' time spent waiting for a core (median over the rounds), 0..1. */
  waitShare: number;
}

/** How many warm-ups a mode took before its measured rounds, and why that many. */
export interface WarmupInfo {
  count: number;
  /** Each warm-up's wall time, ms, in run order. */
  wallMs: number[];
  /** 'fixed': as many as asked; 'steady': the last stopped getting faster (auto); 'cap': the most allowed, still getting faster. */
  reason: 'fixed' | 'steady' | 'cap';
  /**
   * How many of them ran as round 1 and were counted as warm-ups, because the next round was more
   * than 5% faster (interleaved rounds warm each mode once and let round 2 judge round 1); absent: none.
   */
  fromRounds?: number;
  /**
   * Why those rounds were counted, the same in every mode ("sequential (3.40 s in that round, 3.10 s
   * in the next) was still getting faster"); present with fromRounds. The message says it too.
   */
  because?: string;
  /** This mode's own part of the message (its warm-ups' times, its round 1 against round 2), for a line that leaves out what every mode shares. */
  own?: string;
  /** What every mode checked the same way says ("then round 1 held against round 2 in every mode, so it counts"); with `own`. */
  shared?: string;
  message: string;
}
