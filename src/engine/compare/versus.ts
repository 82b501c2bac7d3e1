// --versus: this version (B) against the other (A) measured in the same rounds. Each round pairs B's
// repetition of a mode with A's, so the per-round ratio B ÷ A cancels what the machine did to both.
import type { Comparison, ModeComparison } from '../../shared/report/comparison';
import type { ModeName, ModeResult, RoundModeRecord, RoundRecord } from '../../shared/report/report';
import { BUSY_WAIT_SHARE, freeCoreWallMs, waitShare } from '../analyse/rounds';
import { median } from '../analyse/stats';
import { baseModeDetails } from './baseModes';
import { classifyTime } from './unpaired';
import { comparePaired, smallestPairedP } from './paired';
import { DEFAULT_ALPHA, DEFAULT_THRESHOLD } from './compareReports';

export interface VersusInput {
  /** This version's rounds (the report's). */
  rounds: readonly RoundRecord[];
  /** This version's modes, as in the report. */
  modes: readonly ModeResult[];
  /** The other version's mode results, measured as companions in the same rounds (one run a round, in order). */
  other: readonly ModeResult[];
  /** Their repetitions' round records (wall, run-queue wait, task time), one list per entry of `other`. */
  otherRounds?: readonly (readonly RoundModeRecord[])[];
  tasks?: number;
  cores?: number;
  versusLabel: string;
  thisLabel: string;
  threshold?: number;
  alpha?: number;
}

/** This version's repetitions of `mode`, one a round, in order. */
function thisRecords(rounds: readonly RoundRecord[], mode: ModeName): RoundModeRecord[] {
  return rounds.flatMap((r) => r.modes.filter((m) => m.mode === mode));
}

/**
 * The times to compare, per version: as measured, or, when the tasks waited for a core a large share
 * of their time (other programs held the cores; the same rule as the speedup's headline), each
 * repetition's time on free cores (sequential: wall time less the tasks' run-queue share,
 * analyse/rounds.ts; several lanes: the tasks' time less their run-queue wait, per lane).
 * Waiting for a core swamps a 10% change in noise on a busy machine: on a 2-core VM at a load average
 * of 10–19, paired ratios of identical code spread 0.72–1.25.
 */
function timesOf(a: readonly RoundModeRecord[], b: readonly RoundModeRecord[], mode: ModeName, lanes: number, v: VersusInput): { a: number[]; b: number[]; basis: 'measured' | 'load-aware' } {
  const measured = { a: a.map((r) => r.wallMs), b: b.map((r) => r.wallMs), basis: 'measured' as const };
  if (v.tasks === undefined || v.cores === undefined || a.length === 0) return measured;
  const shares = [...a, ...b].map(waitShare).filter((x): x is number => x !== undefined);
  if (shares.length === 0 || median(shares) < BUSY_WAIT_SHARE) return measured;
  const ctx = { mode, lanes, tasks: v.tasks, cores: v.cores };
  const free = (r: RoundModeRecord): number | undefined => {
    // Every repetition on the same footing: the round-by-round gate of the speedup's estimate (other
    // programs measured in that round) mixed corrected and uncorrected times here, and 2x the work
    // read 1.73x under CI's load.
    const wall = freeCoreWallMs(r, ctx, true);
    if (wall === undefined || lanes === 1 || r.taskMs === undefined || r.waitMs === undefined) return wall;
    // Several lanes: the wall time is the slowest lane's, and which lane other programs delayed most
    // changes from round to round; the share of waiting (an average over the lanes) cannot take that
    // out. The tasks' own time less their run-queue wait, per lane, can: on the 2-core VM at load
    // averages of 9–14, workers' paired ratios of a 10% slower version spread 0.90–1.38 by the wall
    // estimate and the gate found it in 1 of 9 profiles of 16 rounds.
    return Math.max(0, r.taskMs - r.waitMs) / Math.min(lanes, v.tasks!);
  };
  const fa = a.map(free);
  const fb = b.map(free);
  if (fa.some((x) => x === undefined) || fb.some((x) => x === undefined)) return measured;
  return { a: fa as number[], b: fb as number[], basis: 'load-aware' };
}

function ratiosOf(num: readonly number[], den: readonly number[]): number[] {
  const n = Math.min(num.length, den.length);
  return Array.from({ length: n }, (_, i) => num[i] / den[i]);
}

export function compareVersus(v: VersusInput): Comparison {
  const threshold = v.threshold ?? DEFAULT_THRESHOLD;
  const alpha = v.alpha ?? DEFAULT_ALPHA;
  const recordsOf = (mode: ModeName): RoundModeRecord[] => {
    const i = v.other.findIndex((m) => m.mode === mode);
    return i >= 0 ? [...(v.otherRounds?.[i] ?? [])] : [];
  };
  const aSeqRuns = v.other.find((m) => m.mode === 'sequential')?.wallMs?.runs ?? [];
  const bSeqRuns = thisRecords(v.rounds, 'sequential').map((r) => r.wallMs);
  const bases: string[] = [];
  const modes: ModeComparison[] = v.modes.map((b) => {
    const a = v.other.find((m) => m.mode === b.mode);
    if (!a || a.status !== 'completed' || !a.wallMs) return { mode: b.mode, skipped: `${a?.status ?? 'not run'} in ${v.versusLabel}` };
    if (b.status !== 'completed') return { mode: b.mode, skipped: `${b.status} in ${v.thisLabel}` };
    const aRecords = recordsOf(b.mode);
    const bRecords = thisRecords(v.rounds, b.mode);
    const times = aRecords.length > 0 ? timesOf(aRecords, bRecords, b.mode, b.lanes, v) : { a: a.wallMs.runs, b: bRecords.map((r) => r.wallMs), basis: 'measured' as const };
    if (times.basis === 'load-aware') bases.push(b.mode);
    const wall = comparePaired(times.a, times.b, alpha);
    if (!wall) return { mode: b.mode, skipped: 'no paired rounds' };
    const out: ModeComparison = { mode: b.mode, ratio: wall.ratio, low: wall.low, high: wall.high, significant: wall.significant, wall, change: classifyTime(wall, threshold), ...(times.basis === 'load-aware' ? { basis: 'load-aware' as const } : {}) };
    if (b.mode !== 'sequential') {
      // Each version's own speedup in each round (as measured), then paired across versions round by round.
      const speedup = comparePaired(ratiosOf(aSeqRuns, a.wallMs.runs), ratiosOf(bSeqRuns, bRecords.map((r) => r.wallMs)), alpha);
      if (speedup) out.speedup = speedup;
    }
    return out;
  });
  const notes: string[] = [];
  if (bases.length > 0) {
    notes.push(`The tasks waited for a core ${BUSY_WAIT_SHARE * 100}% of their time or more (other programs, or the process's own threads, held the cores), so ${bases.join(', ')} compare each repetition's time on free cores (sequential: wall time less the tasks' run-queue wait; several lanes: the tasks' time less their run-queue wait, per lane), paired round by round; the medians shown are those estimates.`);
  }
  const rounds = Math.min(...modes.filter((m) => m.wall).map((m) => m.wall!.samples[0]));
  if (Number.isFinite(rounds) && smallestPairedP(rounds) >= alpha) {
    notes.push(`With ${rounds} paired rounds no difference can reach significance at ${alpha * 100}% (the signed-rank test needs 6 or more): raise --repeat.`);
  }
  const slower = modes.some((m) => m.change === 'slower');
  const faster = modes.some((m) => m.change === 'faster');
  return {
    versus: v.versusLabel, paired: true, base: v.versusLabel, new: v.thisLabel, alpha, threshold, modes, machineDifferences: [], notes,
    baseModes: baseModeDetails(v.other),
    outcome: slower ? 'regressed' : faster ? 'improved' : 'no-significant-change',
  };
}
