// What slowed down in parallel: per function, its self time per task in a parallel mode against
// alone (sequential), and the share of the mode's extra time per task it accounts for. Self times
// add up to the sampled task time, so the shares of all functions add up to the whole extra time.
import type { Slowdown } from '../../shared/report/report';
import type { ModeProfileAnalysis } from './cpuProfile';
import { callerOf, round } from './profileSummary';

/** How many slowdowns a mode keeps in the report. */
export const MAX_SLOWDOWNS = 10;
/** A function whose extra time is under this share of the mode's whole extra time is not listed. */
const MIN_SHARE = 0.02;

export interface SlowdownResult {
  /** Sampled task time per task in the mode minus alone, ms (may be negative: faster). */
  extraMsPerTask: number;
  slowdowns: Slowdown[];
}

export function slowdownsAgainst(alone: ModeProfileAnalysis, mode: ModeProfileAnalysis): SlowdownResult {
  const nAlone = Math.max(1, alone.tasks);
  const nMode = Math.max(1, mode.tasks);
  const extraMsPerTask = mode.taskMs / nMode - alone.taskMs / nAlone;
  if (!(extraMsPerTask > 0)) return { extraMsPerTask: round(extraMsPerTask, 4), slowdowns: [] };
  const rows: Slowdown[] = [];
  for (const [key, s] of mode.functions) {
    const perTask = s.selfMs / nMode;
    const a = alone.functions.get(key);
    const aloneMs = a ? a.selfMs / nAlone : 0;
    const extra = perTask - aloneMs;
    const share = extra / extraMsPerTask;
    if (!(share >= MIN_SHARE)) continue;
    rows.push({
      ...s.fn,
      // A function never sampled alone has no finite ratio: the cap reads as "new in this mode".
      ratio: aloneMs > 0 ? round(perTask / aloneMs, 3) : RATIO_CAP,
      shareOfExtra: round(Math.min(1, share), 4),
      perTaskMs: round(perTask, 4),
      aloneMsPerTask: round(aloneMs, 4),
      ...callerOf(mode, s),
    });
  }
  rows.sort((x, y) => y.shareOfExtra - x.shareOfExtra);
  return { extraMsPerTask: round(extraMsPerTask, 4), slowdowns: rows.slice(0, MAX_SLOWDOWNS) };
}

/** The ratio written for a function that took no sampled time alone. */
export const RATIO_CAP = 1000;
