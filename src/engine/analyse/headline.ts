// The headline: at most two sentences. The first says who wins (or that modes tie), by how much
// and against what ideal, from the winner chosen in winner.ts; the second says the biggest reason
// for the gap (the rank-1 reason), or what separates modes that tie, or why the number is doubtful.
import { formatMs, formatSpeedup, formatSpeedupWithInterval, modeLabel } from '../../shared/wording/format';
import type { Finding, ModeName, VerdictWinner } from '../../shared/report/report';
import { GC_HELPER_CORES } from './boundFindings';
import { type Context, headlineSpeedup, speedupOf } from './context';
import { SUPERLINEAR_MARGIN, runsBehind, superlinearCause } from './evidenceFindings';

/** Efficiency at or above this is "close to the ideal": no reason for a gap is named. */
export const CLOSE_TO_IDEAL = 0.9;
/** A start-up difference under this is not what separates two tied modes. */
const STARTUP_DIFFERENCE_MS = 5;
/** A reason whose effect is under this share of the gap is not "the biggest reason". */
const REASON_SHARE = 0.1;

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function names(modes: ModeName[]): string {
  const labels = modes.map(modeLabel);
  return labels.length <= 2 ? labels.join(' and ') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** A mode's speedup as the table shows it, with its interval. */
function shown(ctx: Context, mode: ModeName): string {
  const m = ctx.completed[mode];
  if (!m || mode === 'sequential') return '1×';
  const s = headlineSpeedup(ctx, m);
  return s ? formatSpeedupWithInterval(s.speedup, s.ci) : '?';
}

/** What separates tied parallel modes: the start-up they do not share. */
function tieBreaker(ctx: Context, modes: ModeName[]): string | undefined {
  const w = ctx.completed.workers?.startupMs;
  const p = ctx.completed.processes?.startupMs;
  if (!modes.includes('workers') || !modes.includes('processes') || w === undefined || p === undefined) return undefined;
  const d = p - w;
  if (Math.abs(d) < STARTUP_DIFFERENCE_MS) return undefined;
  return d > 0
    ? `child processes take ${formatMs(d)} longer to start (${formatMs(p)} against ${formatMs(w)}), so worker threads are the cheaper choice`
    : `worker threads take ${formatMs(-d)} longer to start (${formatMs(w)} against ${formatMs(p)})`;
}

function reasonSentence(findings: Finding[]): string | undefined {
  const top = findings.find((f) => f.rank === 1);
  if (!top?.line || !top.effect || top.effect.shareOfGap < REASON_SHARE) return undefined;
  return `The biggest reason for the gap: ${top.line.charAt(0).toLowerCase()}${top.line.slice(1)}.`;
}

export interface HeadlineInput {
  ctx: Context;
  winner: VerdictWinner | undefined;
  findings: Finding[];
  /** Task time (the mean over the sequential rounds, else the median task) and the cost of handing one over, when the tasks are below the dispatch cost. */
  dispatch?: { taskMs: number; dispatchMs: number; mean?: boolean };
}

export function headline({ ctx, winner, findings, dispatch }: HeadlineInput): string {
  if (!winner) return 'No mode completed, so there is nothing to compare.';
  if (!ctx.seq) return `The sequential mode did not complete, so no speedup can be measured; the fastest mode was ${modeLabel(winner.mode)}.`;
  if (Object.keys(ctx.completed).length === 1) return 'Only the sequential mode ran, so there is no speedup to compare.';
  const reason = reasonSentence(findings);

  // Tasks shorter than their hand-over: unless a parallel mode clearly won, that is the answer.
  const parallelWon = (winner.mode === 'workers' || winner.mode === 'processes') && !winner.tiedWith.includes('sequential');
  if (dispatch && dispatch.taskMs < dispatch.dispatchMs && !parallelWon) {
    const par = (['workers', 'processes'] as const).filter((x) => ctx.completed[x]);
    const lose = par.every((x) => (headlineSpeedup(ctx, ctx.completed[x]!)?.ci?.high ?? headlineSpeedup(ctx, ctx.completed[x]!)?.speedup ?? 0) < 1);
    const list = par.map((x) => `${modeLabel(x)} ${shown(ctx, x)}`).join(', ');
    return `${dispatch.mean ? 'Each task takes' : 'The median task takes'} ${formatMs(dispatch.taskMs)}${dispatch.mean ? ' on average' : ''}, less than handing it to a lane costs (${formatMs(dispatch.dispatchMs)}): dispatch dominates, and ${lose ? 'no parallel mode beats' : 'no parallel mode clearly beats'} running the tasks one after another (${list}${winner.basis === 'load-aware' ? ', estimated for free cores' : ''}). Batch many calls into one task (10 ms or more each) before parallelising.`;
  }
  if (winner.mode === 'sequential' || winner.tiedWith.includes('sequential')) {
    const best = winner.mode === 'sequential' ? winner.tiedWith[0] : winner.mode;
    const estimated = winner.basis === 'load-aware' ? ' on free cores (estimated: other programs held the cores)' : '';
    if (!best) return `No mode beat sequential${estimated}.${reason ? ` ${reason}` : ''}`;
    const lead = winner.mode === 'sequential'
      ? `No mode beat sequential${estimated}: the best, ${modeLabel(best)}, reached ${shown(ctx, best)}.`
      : `No mode clearly beat sequential${estimated}: ${modeLabel(best)} reached ${shown(ctx, best)}, an interval that reaches down to 1×.`;
    return `${lead}${reason ? ` ${reason}` : ''}`;
  }

  const m = ctx.completed[winner.mode]!;
  const ideal = winner.ideal;
  const onFree = winner.basis === 'load-aware'
    ? ` on free cores (estimated: other programs held the cores; measured ${formatSpeedupWithInterval(speedupOf(ctx, m), m.speedupCi)})`
    : '';
  const oneRun = runsBehind(ctx, m) < 2 ? ', from one run of each, so it may be noise' : '';
  const gc = gcCeiling(ctx, winner.mode, ideal);
  // A tied mode whose interval also reaches 1× is not "as fast as" the winner: the run cannot tell it
  // from the winner nor from sequential (js-yaml's async at 1.01× [0.95–1.55] beside worker threads' 1.67×).
  const reachesOne = (x: ModeName) => { const s = headlineSpeedup(ctx, ctx.completed[x]!); return (s?.ci?.low ?? s?.speedup ?? 0) <= 1; };
  const parallelTies = winner.tiedWith.filter((x) => x !== 'sequential');
  if (parallelTies.length > 0) {
    const all = [winner.mode, ...parallelTies];
    const est = winner.basis === 'load-aware' ? ' on free cores' : '';
    const asyncMeasured = all.includes('async') && ctx.input.rounds?.headline === 'load-aware' ? '; async\'s is measured, its calls sharing one thread' : '';
    const estNote = winner.basis === 'load-aware' || asyncMeasured ? `, estimated from their tasks' run-queue wait because other programs held the cores${asyncMeasured}` : '';
    const uncertain = winner.tiedWith.includes('sequential') ? [] : parallelTies.filter(reachesOne);
    const numbers = `${all.map((x) => shown(ctx, x)).join(' and ')}${estNote}${uncertain.length === 0 ? '' : `; ${uncertain.length === 1 ? `${modeLabel(uncertain[0])}'s interval reaches` : `the intervals of ${names(uncertain)} reach`} 1× too`}`;
    const tie = uncertain.length === 0 ? `${cap(names(all))} are as fast as each other` : `The run cannot tell ${names(all)} apart`;
    const lead = `${tie}${est} (${numbers}), against an ideal ${formatSpeedup(ideal)}${gc}${oneRun}.`;
    const tb = tieBreaker(ctx, all);
    return `${lead}${tb ? ` ${cap(tb)}.` : reason ? ` ${reason}` : ''}`;
  }
  const s = winner.speedup;
  const lead = `${cap(modeLabel(winner.mode))} ${winner.mode === 'processes' ? 'are' : winner.mode === 'workers' ? 'are' : 'is'} fastest at ${formatSpeedupWithInterval(s, winner.ci)} over sequential${onFree}`;
  if (winner.mode !== 'async' && s > ideal * SUPERLINEAR_MARGIN) {
    return `${lead}, above the ideal ${formatSpeedup(ideal)}: a disturbed measurement, not a real gain. The likely cause: ${superlinearCause(ctx, m)}.`;
  }
  // Async past the ceiling its cores set for CPU-bound work (libuv's pool): the work also waits, and
  // async overlaps the waits as well. Never "close to the ideal" from above (2.17× against 2.00×).
  if (winner.mode === 'async' && ideal < ctx.input.tasks && s > ideal * SUPERLINEAR_MARGIN) {
    return `${lead}, above the ${formatSpeedup(ideal)} that ${ideal} cores give CPU-bound work: the work also waits (for the disk, the network or a timer), and async overlaps those waits as well as running in libuv's threads.`;
  }
  // The estimate leads, but a measured speedup above the ideal is a disturbed baseline: that is the second sentence.
  const measured = speedupOf(ctx, m);
  const disturbed = winner.basis === 'load-aware' && measured !== undefined && winner.mode !== 'async' && measured > ideal * SUPERLINEAR_MARGIN
    ? `The measured ${formatSpeedup(measured)} is above the ideal: a disturbed measurement (the likely cause: ${superlinearCause(ctx, m)}).`
    : undefined;
  const second = disturbed ?? reason;
  if (s / ideal >= CLOSE_TO_IDEAL) return `${lead}, close to the ideal ${formatSpeedup(ideal)}${oneRun}.${disturbed ? ` ${disturbed}` : ''}`;
  return `${lead}, against an ideal ${formatSpeedup(ideal)}${gc}${oneRun}.${second ? ` ${second}` : ''}`;
}

/** The GC helper threads' share lowers what the parallel modes can honestly reach; say so next to the ideal. */
function gcCeiling(ctx: Context, best: ModeName, ideal: number): string {
  const busy = ctx.coresBusyAlone;
  if (best === 'async' || best === 'sequential' || ctx.bound !== 'cpu' || busy === undefined || busy <= GC_HELPER_CORES || ideal < 2) return '';
  return ` (about ${formatSpeedup(ideal / busy)} once V8's garbage-collector threads take their share)`;
}
