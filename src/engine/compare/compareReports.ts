// Two reports of the same function, A (the base) and B (the new one), compared mode by mode: the wall
// time from each report's rounds (unpaired samples), and for the parallel modes the speedup over
// sequential from each report's per-round ratios, so the parallel behaviour is compared too.
import type { Comparison, ModeComparison } from '../../shared/report/comparison';
import type { ModeName, ModeResult, Report } from '../../shared/report/report';
import { FLAG_LOAD_CORES, pairedRatios, roundLoad } from '../analyse/rounds';
import { median } from '../analyse/stats';
import { BadOptionError } from '../errors';
import { baseModeDetails } from './baseModes';
import { differences } from './comparability';
import { classifyTime, compareSamples, smallestP } from './unpaired';

export const DEFAULT_THRESHOLD = 0.02;
export const DEFAULT_ALPHA = 0.05;

export interface CompareOptions {
  /** What each side is called in the output. */
  baseLabel: string;
  newLabel: string;
  /** Changes smaller than this share are not called faster or slower (default 0.02). */
  threshold?: number;
  alpha?: number;
  /** Compare reports from different machines anyway (their differences are listed in the result). */
  allowDifferentMachine?: boolean;
}

/** Thrown when two reports cannot be compared; a bad input (exit code 2) whose message lists what differs. */
export class IncomparableError extends BadOptionError {
  constructor(message: string) {
    super(message);
    this.name = 'IncomparableError';
  }
}

export function compareReports(base: Report, next: Report, o: CompareOptions): Comparison {
  const threshold = o.threshold ?? DEFAULT_THRESHOLD;
  const alpha = o.alpha ?? DEFAULT_ALPHA;
  const diff = differences(base, next);
  if (diff.run.length > 0) {
    throw new IncomparableError(`${o.baseLabel} and ${o.newLabel} did not measure the same thing, so they cannot be compared:\n  ${diff.run.join('\n  ')}\nProfile both with the same function, --tasks, --args and --workers.`);
  }
  if (diff.machine.length > 0 && !o.allowDifferentMachine) {
    throw new IncomparableError(`${o.baseLabel} and ${o.newLabel} come from different machines, where the same code runs at a different speed:\n  ${diff.machine.join('\n  ')}\nProfile both on one machine, or pass --allow-different-machine to compare them anyway.`);
  }
  const modes = unionOfModes(base, next).map((mode) => compareMode(mode, base, next, alpha, threshold));
  if (!modes.some((m) => m.wall)) {
    throw new IncomparableError(`No mode completed in both ${o.baseLabel} and ${o.newLabel}: nothing to compare.`);
  }
  const notes: string[] = [];
  const fewest = Math.min(...modes.filter((m) => m.wall).map((m) => Math.min(...m.wall!.samples)));
  const counts = modes.find((m) => m.wall)!.wall!.samples;
  if (smallestP(counts[0], counts[1]) >= alpha) {
    notes.push(`With ${counts[0]} and ${counts[1]} rounds no difference can reach significance at ${alpha * 100}%: profile with --repeat 8 or more (and --precision 0 for a fixed count) to compare.`);
  } else if (fewest < 5) {
    notes.push(`Some modes have fewer than 5 rounds: their intervals are the observed range, not a 95% interval; --repeat 8 or more gives both.`);
  }
  const loads = [medianLoad(base), medianLoad(next)];
  if (loads[0] !== undefined && loads[1] !== undefined && Math.abs(loads[0] - loads[1]) >= FLAG_LOAD_CORES) {
    notes.push(`Other programs kept ${loads[0].toFixed(2)} cores busy during ${o.baseLabel}'s rounds and ${loads[1].toFixed(2)} during ${o.newLabel}'s (medians): part of any difference may be the machine's, not the code's. Runs paired in one profile (--versus) share the load.`);
  }
  const busy = [[o.baseLabel, base], [o.newLabel, next]].filter(([, r]) => (r as Report).rounds?.headline === 'load-aware').map(([label]) => label as string);
  if (busy.length > 0) {
    notes.push(`Other programs held the cores during ${busy.join(' and ')} (its tasks waited for a core a large share of their time): the wall times carry that load, which may differ from run to run. A comparison in one profile (--versus) pairs the two versions round by round under the same load.`);
  }
  const slower = modes.some((m) => m.change === 'slower');
  const faster = modes.some((m) => m.change === 'faster');
  return {
    versus: o.baseLabel,
    paired: false,
    base: o.baseLabel,
    new: o.newLabel,
    alpha,
    threshold,
    modes,
    machineDifferences: diff.machine,
    notes,
    baseModes: baseModeDetails(base.modes),
    outcome: slower ? 'regressed' : faster ? 'improved' : 'no-significant-change',
  };
}

/** The median over a report's rounds of the other programs' load, cores; undefined when not recorded. */
export function medianLoad(r: Report): number | undefined {
  const loads = (r.rounds?.rounds ?? []).map(roundLoad).filter((x): x is number => x !== undefined);
  return loads.length > 0 ? median(loads) : undefined;
}

function unionOfModes(a: Report, b: Report): ModeName[] {
  const out: ModeName[] = [];
  for (const m of [...a.modes, ...b.modes]) if (!out.includes(m.mode)) out.push(m.mode);
  return out;
}

/** The measured wall times of a completed mode: the rounds' when recorded (one a round), else its repetitions. */
function wallSamples(r: Report, m: ModeResult): number[] {
  const fromRounds = (r.rounds?.rounds ?? []).flatMap((round) => round.modes.filter((x) => x.mode === m.mode).map((x) => x.wallMs));
  return fromRounds.length > 0 ? fromRounds : m.wallMs?.runs ?? [];
}

function compareMode(mode: ModeName, base: Report, next: Report, alpha: number, threshold: number): ModeComparison {
  const a = base.modes.find((m) => m.mode === mode);
  const b = next.modes.find((m) => m.mode === mode);
  if (!a || !b) return { mode, skipped: `run only in ${a ? 'the base' : 'the new report'}` };
  if (a.status !== 'completed' || b.status !== 'completed') {
    const which = a.status !== 'completed' ? `${a.status} in the base` : `${b.status} in the new report`;
    return { mode, skipped: which };
  }
  const wa = wallSamples(base, a);
  const wb = wallSamples(next, b);
  if (wa.length === 0 || wb.length === 0) return { mode, skipped: 'no measured repetitions' };
  const wall = compareSamples(wa, wb, alpha);
  const out: ModeComparison = { mode, ratio: wall.ratio, low: wall.low, high: wall.high, significant: wall.significant, wall, change: classifyTime(wall, threshold) };
  if (mode !== 'sequential') {
    // Each report's own per-round speedups (sequential ÷ this mode in the same round): unpaired across reports.
    const sa = pairedRatios(base.rounds?.rounds ?? [], mode);
    const sb = pairedRatios(next.rounds?.rounds ?? [], mode);
    if (sa.length > 0 && sb.length > 0) out.speedup = compareSamples(sa, sb, alpha);
    if (a.efficiency !== undefined && b.efficiency !== undefined) out.efficiency = { base: a.efficiency, new: b.efficiency };
  }
  return out;
}

/** The modes that got significantly slower by more than `pct` (a share: 0.05 = 5%). */
export function regressionsPast(c: Comparison, pct: number): ModeComparison[] {
  return c.modes.filter((m) => m.change === 'slower' && m.wall !== undefined && m.wall.ratio - 1 > pct);
}
