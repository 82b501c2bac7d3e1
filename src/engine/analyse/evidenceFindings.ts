// Findings about what the measurement can carry: a speedup above the ideal (a disturbed baseline, not
// a gain), other programs' load and the load-aware estimate beside the measured speedup, rounds whose
// outside load stood apart. Each states its evidence.
import { formatNumber, formatPercent, formatSpeedup, formatSpeedupWithInterval, modeLabel } from '../../shared/wording/format';
import type { ModeName, ModeResult, RoundModeRecord } from '../../shared/report/report';
import { type Context, type Scored, finding, idealSpeedup, speedupOf } from './context';
import { waitCause } from './waitCause';
import { LOAD_AWARE_DIFFERS, roundLoad, waitShare } from './rounds';
import { median } from './stats';

/** A speedup this far above the ideal cannot be the code: the baseline was disturbed. */
export const SUPERLINEAR_MARGIN = 1.05;
/** Past this share of the tasks' time spent waiting for a core, the load-aware estimate is a large correction: say so. */
export const HEAVY_WAIT_SHARE = 0.5;

/** The modes' records over the rounds. */
function recordsOf(ctx: Context, mode: ModeName): RoundModeRecord[] {
  return (ctx.input.rounds?.rounds ?? []).flatMap((r) => r.modes.filter((m) => m.mode === mode));
}

function medianWaitShare(ctx: Context, mode: ModeName): number | undefined {
  const shares = recordsOf(ctx, mode).map(waitShare).filter((x): x is number => x !== undefined);
  if (shares.length > 0) return median(shares);
  // A report without rounds: the median repetition's tasks.
  const m = ctx.completed[mode];
  const tasks = (m?.tasks ?? []).filter((t) => !t.failed && t.waitMs !== undefined && t.endMs > t.startMs);
  if (tasks.length === 0) return undefined;
  const wait = tasks.reduce((s, t) => s + (t.waitMs as number), 0);
  const dur = tasks.reduce((s, t) => s + (t.endMs - t.startMs), 0);
  return dur > 0 ? Math.min(1, wait / dur) : undefined;
}

/** Runs behind a speedup: the rounds it was paired over, else the fewer of the two modes' runs. */
export function runsBehind(ctx: Context, m: ModeResult): number {
  const seqRuns = ctx.seq?.wallMs?.runs.length ?? 0;
  return Math.min(seqRuns, m.wallMs?.runs.length ?? 0);
}

/** Why a speedup came out above the ideal, from what the report holds. */
export function superlinearCause(ctx: Context, m: ModeResult): string {
  const seqWait = medianWaitShare(ctx, 'sequential');
  const modeWait = medianWaitShare(ctx, m.mode);
  if (seqWait !== undefined && seqWait >= 0.05 && (modeWait === undefined || seqWait > modeWait + 0.05)) {
    return `the sequential run waited for a core ${formatPercent(seqWait)} of its tasks' time (${waitCause(ctx, 'sequential').words})${modeWait !== undefined ? `, ${modeLabel(m.mode)} only ${formatPercent(modeWait)}` : ''}, so the baseline was slowed`;
  }
  if (runsBehind(ctx, m) < 2) return 'it rests on one run of each, so one disturbed run decides it';
  if (!ctx.input.rounds?.interleaved) return 'the modes ran one after another, so a change in background load landed on one of them';
  return 'the baseline was slowed by something the report cannot see (other programs, power or frequency changes)';
}

/** A speedup above the ideal is a disturbed measurement, never closeness to the ideal. */
export function superlinearFindings(ctx: Context): Scored[] {
  const out: Scored[] = [];
  for (const m of [ctx.completed.workers, ctx.completed.processes]) {
    if (!m) continue;
    const s = speedupOf(ctx, m);
    const ideal = idealSpeedup(ctx, m.mode);
    if (s === undefined || ideal < 1 || s <= ideal * SUPERLINEAR_MARGIN) continue;
    const cause = superlinearCause(ctx, m);
    out.push({
      finding: finding('superlinear', 'warning',
        `${modeLabel(m.mode)} measured ${formatSpeedupWithInterval(s, m.speedupCi)} over sequential, above the ideal ${formatSpeedup(ideal)} for ${ideal} lanes on ${ctx.input.cores} cores: that is a disturbed measurement, not a real gain. The likely cause: ${cause}. Profile again on a quieter machine, with more rounds (--repeat 5), to get a number you can trust.`,
        { mode: m.mode, speedup: s, ideal, runs: runsBehind(ctx, m) }),
    });
  }
  return out;
}

/**
 * Other programs' load during the rounds and the load-aware estimate beside the measured speedup, for
 * each parallel mode whose two numbers differ. Worded as an estimate, with how much it corrects.
 */
export function busyMachineFindings(ctx: Context): Scored[] {
  const out: Scored[] = [];
  const headline = ctx.input.rounds?.headline ?? 'measured';
  for (const m of [ctx.completed.workers, ctx.completed.processes]) {
    const la = m?.loadAware;
    const s = m ? speedupOf(ctx, m) : undefined;
    if (!m || !la || s === undefined || Math.abs(la.speedup / s - 1) < LOAD_AWARE_DIFFERS) continue;
    const cores = ctx.input.cores;
    // Say where the load was: in the mode's rounds, or only in the sequential ones (then the baseline
    // was slowed, and the estimate corrects the speedup down). Quoting the mode's 0.16 cores beside an
    // estimate that the sequential rounds' load made read as if those 0.16 cores had done it.
    const own = waitCause(ctx, m.mode);
    const seqCause = waitCause(ctx, 'sequential');
    const seqWait = medianWaitShare(ctx, 'sequential');
    const took = own.who === 'outside' && own.load !== undefined
      ? `other programs kept ${formatNumber(own.load)} of the ${cores} cores busy (${formatPercent(Math.min(1, own.load / cores))}) during ${modeLabel(m.mode)}, and its tasks waited for a core ${formatPercent(la.waitShare)} of their time`
      : seqCause.who === 'outside' && seqCause.load !== undefined
        ? `other programs kept ${formatNumber(seqCause.load)} of the ${cores} cores busy during the sequential rounds${seqWait !== undefined ? `, whose tasks waited for a core ${formatPercent(seqWait)} of their time` : ''}, so the baseline was slowed`
        : `the tasks of ${modeLabel(m.mode)} waited for a core ${formatPercent(la.waitShare)} of their time (${own.words})`;
    const load = own.load;
    const heavy = la.waitShare >= HEAVY_WAIT_SHARE
      ? ' That is a large correction, so treat the estimate as a rough guide; a quieter machine would confirm it.'
      : '';
    const which = headline === 'load-aware' ? 'The headline quotes the estimate.' : 'The headline quotes the measured speedup.';
    out.push({
      finding: finding('busy-machine', la.waitShare >= HEAVY_WAIT_SHARE ? 'warning' : 'info',
        `Measured ${formatSpeedupWithInterval(s, m.speedupCi)}, but ${took}; on free cores the estimate is ${formatSpeedupWithInterval(la.speedup, la.speedupCi)} (from each task's time on a core and its run-queue wait, schedstat). ${which}${heavy}`,
        { mode: m.mode, measured: s, loadAware: la.speedup, waitShare: la.waitShare, externalLoadCores: load, headline }),
    });
  }
  return out;
}

/** Rounds whose outside load stood apart from the others: named, since they pull the intervals wide. */
export function disturbedRoundsFinding(ctx: Context): Scored | undefined {
  const rounds = ctx.input.rounds?.rounds ?? [];
  const flagged = rounds.map((r, i) => ({ r, i })).filter((x) => x.r.flagged);
  if (flagged.length === 0) return undefined;
  const loads = rounds.map(roundLoad).filter((x): x is number => x !== undefined);
  const typical = loads.length > 0 ? median(loads) : undefined;
  const list = flagged.slice(0, 8).map((x) => `round ${x.i + 1} (${formatNumber(roundLoad(x.r))} cores)`).join(', ');
  const paired = ctx.input.rounds?.interleaved
    ? 'Every mode ran in each of those rounds, so each speedup pairs modes that saw the same load.'
    : 'The modes ran one after another, so that load fell on one mode only: interleaving (the default) pairs modes under the same load.';
  return {
    finding: finding('disturbed-rounds', 'info',
      `Other programs' load changed during the profile: ${list} against ${formatNumber(typical)} cores in a typical round. ${paired}`,
      { flaggedRounds: flagged.length, rounds: rounds.length, typicalLoadCores: typical }),
  };
}
