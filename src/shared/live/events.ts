// What a running profile tells its watchers as it goes: the engine emits these events through
// ProfileHooks.onLive; the CLI's live line, the extension's live state and the panel read them.
// No node, no vscode, no DOM here: every side compiles this file.
import type { ModeName, ModeStatus } from '../report/report';

export type LiveEvent =
  /** Once, when the modes are about to run: what the whole run will do. */
  | {
      kind: 'plan'; functionName: string; modes: ModeName[]; tasks: number; workers: number;
      warmup: number; repeat: number; cores: number; sampleIntervalMs: number; sweepWorkers: number[]; at: number;
    }
  /** A mode's lanes are about to start (a sweep point is the workers mode at `lanes` workers). */
  | { kind: 'mode-start'; mode: ModeName; lanes: number; sweep?: boolean; at: number }
  /** `index` is 1-based, of `of`; `at` is the ms (on the engine's machine clock) every time of the repetition counts from. */
  | { kind: 'repetition-start'; mode: ModeName; warmup: boolean; index: number; of: number; at: number }
  /** One CPU sample of a measured repetition: per-core busy % and the profiling tree's %, `t` ms after its start. */
  | { kind: 'cpu'; mode: ModeName; t: number; cores: number[]; process: number }
  /** Tasks that ended since the last batch, LIVE_TASK_FIELDS numbers each (see below). */
  | { kind: 'tasks'; mode: ModeName; tasks: number[] }
  /**
   * The tasks running now (started, not yet reported ended), RUNNING_FIELDS numbers each: it replaces
   * the last such list. Only the modes that can tell (workers and processes, one task a message).
   */
  | { kind: 'running'; mode: ModeName; tasks: number[] }
  | { kind: 'repetition-end'; mode: ModeName; warmup: boolean; index: number; wallMs: number }
  /**
   * Interleaved rounds: round `round` ended, `elapsedMs` after the modes began starting. At least
   * `minRounds` run; past them, rounds stop once the speedups are stable or `maxTimeMs` is spent.
   * `speedups`: each parallel mode's speedup so far, paired with the sequential run of each round done.
   */
  /** `round`: rounds kept so far; `run`: rounds run, those counted as warm-ups included (absent: the same). */
  | { kind: 'round-end'; round: number; run?: number; minRounds: number; elapsedMs: number; maxTimeMs?: number; at: number; speedups?: LiveSpeedup[] }
  /** A mode done: its median (and range) over the measured repetitions, and speedup against sequential when known. */
  | { kind: 'mode-end'; mode: ModeName; lanes: number; status: ModeStatus; sweep?: boolean; medianMs?: number; minMs?: number; maxMs?: number; speedup?: number };

/**
 * A mode's speedup so far, from the rounds done: the median of its per-round ratios against the
 * sequential run of the same round, and from two rounds on the interval the final report would give
 * (the range of the ratios below five, a bootstrap from five). Replaced by the report when it comes.
 */
export interface LiveSpeedup {
  mode: ModeName;
  lanes: number;
  speedup: number;
  /** From the second round on. */
  low?: number;
  high?: number;
  /** Paired rounds it comes from. */
  rounds: number;
}

export type LiveEventKind = LiveEvent['kind'];

/** A task in a `tasks` batch: index, lane, start and end (ms after its repetition's start), 1 if it failed. */
export const LIVE_TASK_FIELDS = 5;
export const L_INDEX = 0;
export const L_LANE = 1;
export const L_START = 2;
export const L_END = 3;
export const L_FAILED = 4;

/** A task in a `running` list: index, lane, start (ms after its repetition's start). */
export const RUNNING_FIELDS = 3;
export const R_INDEX = 0;
export const R_LANE = 1;
export const R_START = 2;

/** The worker counts a sweep measures: 1, 2, 4, … below K, then K and 2K. */
export function sweepWorkerCounts(workers: number): number[] {
  const counts: number[] = [];
  for (let k = 1; k < workers; k *= 2) counts.push(k);
  counts.push(workers, 2 * workers);
  return [...new Set(counts)];
}
