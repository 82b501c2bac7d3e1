// --versus: this version (B) against the other (A) measured in the same rounds. Each round pairs B's
// repetition of a mode with A's, so the per-round ratio B ÷ A cancels what the machine did to both.
import type { Comparison, ModeComparison } from '../../shared/report/comparison';
import type { ModeName, ModeResult, RoundRecord } from '../../shared/report/report';
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
  versusLabel: string;
  thisLabel: string;
  threshold?: number;
  alpha?: number;
}

/** This version's wall time of `mode` in each round, in order. */
function thisRuns(rounds: readonly RoundRecord[], mode: ModeName): number[] {
  return rounds.flatMap((r) => r.modes.filter((m) => m.mode === mode).map((m) => m.wallMs));
}

function ratiosOf(num: readonly number[], den: readonly number[]): number[] {
  const n = Math.min(num.length, den.length);
  return Array.from({ length: n }, (_, i) => num[i] / den[i]);
}

export function compareVersus(v: VersusInput): Comparison {
  const threshold = v.threshold ?? DEFAULT_THRESHOLD;
  const alpha = v.alpha ?? DEFAULT_ALPHA;
  const aSeq = v.other.find((m) => m.mode === 'sequential')?.wallMs?.runs ?? [];
  const bSeq = thisRuns(v.rounds, 'sequential');
  const modes: ModeComparison[] = v.modes.map((b) => {
    const a = v.other.find((m) => m.mode === b.mode);
    if (!a || a.status !== 'completed' || !a.wallMs) return { mode: b.mode, skipped: `${a?.status ?? 'not run'} in ${v.versusLabel}` };
    if (b.status !== 'completed') return { mode: b.mode, skipped: `${b.status} in ${v.thisLabel}` };
    const aRuns = a.wallMs.runs;
    const bRuns = thisRuns(v.rounds, b.mode);
    const wall = comparePaired(aRuns, bRuns, alpha);
    if (!wall) return { mode: b.mode, skipped: 'no paired rounds' };
    const out: ModeComparison = { mode: b.mode, ratio: wall.ratio, low: wall.low, high: wall.high, significant: wall.significant, wall, change: classifyTime(wall, threshold) };
    if (b.mode !== 'sequential') {
      // Each version's own speedup in each round, then paired across versions round by round.
      const speedup = comparePaired(ratiosOf(aSeq, aRuns), ratiosOf(bSeq, bRuns), alpha);
      if (speedup) out.speedup = speedup;
    }
    return out;
  });
  const notes: string[] = [];
  const rounds = Math.min(...modes.filter((m) => m.wall).map((m) => m.wall!.samples[0]));
  if (Number.isFinite(rounds) && smallestPairedP(rounds) >= alpha) {
    notes.push(`With ${rounds} paired rounds no difference can reach significance at ${alpha * 100}% (the signed-rank test needs 6 or more): raise --repeat.`);
  }
  const slower = modes.some((m) => m.change === 'slower');
  const faster = modes.some((m) => m.change === 'faster');
  return {
    versus: v.versusLabel, paired: true, base: v.versusLabel, new: v.thisLabel, alpha, threshold, modes, machineDifferences: [], notes,
    outcome: slower ? 'regressed' : faster ? 'improved' : 'no-significant-change',
  };
}
