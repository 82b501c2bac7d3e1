// What every finding needs to know, computed once from the measured modes: the modes by name,
// the sequential baseline, task durations, the ideal speedup, and the shape of a finding.
import type {
  AmdahlFit, Bound, Finding, FindingGroup, FindingKind, Interval, ModeName, ModeResult, RoundsInfo, SweepPoint,
} from '../../shared/report/report';
import { idealSpeedup as idealOf, remoteLanesOf, speedupOver } from './speedups';
import { median } from './stats';

/** What the orchestrator hands the verdict: every mode it ran (completed or not) and the run's settings. */
export interface AnalysisInput {
  /** Every requested mode, completed or not, in the order they ran. */
  modes: readonly ModeResult[];
  /** Logical cores of the machine. */
  cores: number;
  /** N: tasks per repetition. */
  tasks: number;
  /** K: lanes of the workers and processes modes. */
  workers: number;
  /** Present with --sweep. */
  sweep?: readonly SweepPoint[];
  /** The orchestrator's fit; when `sweep` is given the verdict refits it without the oversubscribed points. */
  sweepFit?: AmdahlFit;
  /**
   * Measured cost of structured clone on this data, ms per MB. Without it the transfer finding gives
   * a range (clone speed depends on the data's shape far more than on the machine).
   */
  transferMsPerMb?: number;
  /** Imported packages that ship native addons (bundle/nativePackages.ts): the verdict says where their work runs. */
  nativePackages?: readonly string[];
  /** The measured rounds, the load they saw and which speedups the headline quotes. */
  rounds?: RoundsInfo;
}

/**
 * A finding plus how much of the ideal speedup the effect it describes leaves (0..1, lower is worse),
 * so the summary can name the biggest reason for the gap; and a short clause for that summary.
 */
export interface Scored {
  finding: Finding;
  limit?: number;
  short?: string;
  /** Where the finding says what group it is in; else ranking.ts decides from its kind. */
  group?: FindingGroup;
}

export interface Context {
  input: AnalysisInput;
  /** Completed modes only. */
  completed: Partial<Record<ModeName, ModeResult>>;
  seq?: ModeResult;
  bound: Bound;
  /** Cores busy when one task runs at a time (sequential, else async), when known. */
  coresBusyAlone?: number;
  /** Lanes that can really run at once in the parallel modes: min(K, cores). */
  parallelLanes: number;
}

export function completedModes(modes: readonly ModeResult[]): Partial<Record<ModeName, ModeResult>> {
  const out: Partial<Record<ModeName, ModeResult>> = {};
  for (const m of modes) if (m.status === 'completed' && m.wallMs) out[m.mode] = m;
  return out;
}

/** Speedup of a mode over sequential: the orchestrator's number, else recomputed from the medians. */
export function speedupOf(ctx: Context, m: ModeResult): number | undefined {
  if (m.speedup !== undefined && Number.isFinite(m.speedup)) return m.speedup;
  return speedupOver(ctx.seq?.wallMs, m.wallMs);
}

/** The speedup the headline quotes for a mode: the load-aware estimate when the rounds say the machine was busy, else as measured. */
export function headlineSpeedup(ctx: Context, m: ModeResult): { speedup: number; ci?: Interval; basis: 'measured' | 'load-aware' } | undefined {
  if (ctx.input.rounds?.headline === 'load-aware' && m.loadAware) {
    return { speedup: m.loadAware.speedup, ci: m.loadAware.speedupCi, basis: 'load-aware' };
  }
  const s = speedupOf(ctx, m);
  return s === undefined ? undefined : { speedup: s, ci: m.speedupCi, basis: 'measured' };
}

/** The speedup a mode could reach with nothing in the way. */
export function idealSpeedup(ctx: Context, mode: ModeName): number {
  return idealOf(mode, ctx.input.workers, ctx.input.tasks, ctx.input.cores, remoteLanesOf(ctx.input.modes.find((m) => m.mode === mode)));
}

/** Durations (end − start, ms) of the tasks that ran to completion in a mode's median repetition. */
export function taskDurations(m: ModeResult | undefined): number[] {
  return (m?.tasks ?? []).filter((t) => !t.failed && t.endMs >= t.startMs).map((t) => t.endMs - t.startMs);
}

export function medianTaskMs(m: ModeResult | undefined): number | undefined {
  const d = taskDurations(m);
  return d.length > 0 ? median(d) : undefined;
}

/** True when the report kept only a sample of the tasks, so per-lane totals would be wrong. */
export function tasksSampled(m: ModeResult): boolean {
  return m.tasksTotal !== undefined && m.tasksTotal > (m.tasks?.length ?? 0);
}

/**
 * A number as a finding's data keeps it: 4 decimals, or 4 significant digits below 1 (a no-op's task
 * of 0.00075 ms kept 4 decimals read "0.80 µs" where the stop line, from the same data, said 0.75 µs).
 * A sentence that quotes one quotes this.
 */
export function findingNumber(x: number): number {
  if (x === 0 || Math.abs(x) >= 1) return Math.round(x * 1e4) / 1e4;
  return Number(x.toPrecision(4));
}

export function finding(
  kind: FindingKind,
  severity: Finding['severity'],
  message: string,
  data: Record<string, number | string | boolean | undefined>,
): Finding {
  const clean: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    // Reports must stay valid JSON with finite numbers; round so tables and tests read cleanly.
    if (typeof value === 'number') {
      if (Number.isFinite(value)) clean[key] = findingNumber(value);
    } else {
      clean[key] = value;
    }
  }
  return { kind, severity, message, data: clean };
}

/** "1 worker", "3 workers". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The lanes of a parallel mode in words: "2 worker threads", "1 child process". */
export function lanesInWords(mode: ModeName, n: number): string {
  if (mode === 'queue') return plural(n, 'BullMQ lane');
  return mode === 'processes' ? plural(n, 'child process', 'child processes') : plural(n, 'worker thread');
}
