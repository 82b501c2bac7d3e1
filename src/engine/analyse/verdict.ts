// The verdict: what bounds the function, which mode won, and the findings that explain the gap to
// the ideal speedup, each in plain words with its numbers. Every finding lives in analyse/*.ts.
import { formatNumber, formatPercent, formatSpeedup, formatSpeedupWithInterval, modeLabel } from '../../shared/wording/format';
import type { Finding, ModeName, ModeResult, Verdict } from '../../shared/report/report';
import {
  GC_HELPER_CORES, aloneMode, asyncFindings, boundFinding, classifyBound, coresBusy, gcHelperFinding,
} from './boundFindings';
import { type AnalysisInput, type Context, type Scored, completedModes, headlineSpeedup, idealSpeedup, speedupOf } from './context';
import { startupFindings, tinyTasksFinding, transferFinding } from './costFindings';
import { failureFindings, fewRunsFinding, noisyFinding } from './runFindings';
import { profileFindings } from './profileFindings';
import { queueFindings } from './queueFindings';
import { NATIVE_POOL_CORES, nativeFindings } from './nativeFindings';
import { SUPERLINEAR_MARGIN, busyMachineFindings, disturbedRoundsFinding, runsBehind, superlinearCause, superlinearFindings } from './evidenceFindings';
import {
  contentionFindings, loadImbalanceFinding, oversubscribedFinding, serialFractionFinding, tooFewTasksFinding,
} from './scalingFindings';

export type { AnalysisInput } from './context';
export { classifyBound } from './boundFindings';

/** Efficiency at or above this is "close to the ideal": no reason for a gap is named. */
const CLOSE_TO_IDEAL = 0.9;
const SEVERITY_ORDER: Record<Finding['severity'], number> = { problem: 0, warning: 1, info: 2 };

export function analyse(input: AnalysisInput): Verdict {
  const completed = completedModes(input.modes);
  const alone = aloneMode({ completed });
  const ctx: Context = {
    input,
    completed,
    seq: completed.sequential,
    bound: alone ? classifyBound(alone) : 'mixed',
    coresBusyAlone: alone ? coresBusy(alone) : undefined,
    parallelLanes: Math.max(1, Math.min(input.workers, input.cores)),
  };

  const scored: Scored[] = [
    ...failureFindings(ctx),
    ...asyncFindings(ctx),
    // Native code with threads of its own explains cores busy past one better than V8's GC does.
    ...((input.nativePackages?.length ?? 0) > 0 && (ctx.coresBusyAlone ?? 0) > NATIVE_POOL_CORES ? [] : maybe(gcHelperFinding(ctx))),
    ...nativeFindings(ctx),
    ...maybe(tooFewTasksFinding(ctx)),
    ...maybe(oversubscribedFinding(ctx)),
    ...maybe(tinyTasksFinding(ctx)),
    ...contentionFindings(ctx),
    ...profileFindings(ctx),
    ...maybe(loadImbalanceFinding(ctx)),
    ...maybe(transferFinding(ctx)),
    ...startupFindings(ctx),
    ...maybe(serialFractionFinding(ctx)),
    ...superlinearFindings(ctx),
    ...busyMachineFindings(ctx),
    ...maybe(disturbedRoundsFinding(ctx)),
    ...maybe(noisyFinding(ctx)),
    ...maybe(fewRunsFinding(ctx)),
    ...queueFindings(ctx),
  ];
  // The bound comes first (it frames everything); the rest by severity, stable within a severity.
  const ordered = scored
    .map((s, i) => ({ s, i }))
    .sort((a, b) => SEVERITY_ORDER[a.s.finding.severity] - SEVERITY_ORDER[b.s.finding.severity] || a.i - b.i)
    .map((x) => x.s);
  const best = headlineBest(ctx, bestMode(input.modes));
  return {
    bound: ctx.bound,
    best,
    summary: summaryLine(ctx, best, scored) + (scored.some((x) => x.finding.kind === 'noisy') ? ' The machine was noisy, so treat these numbers with care.' : ''),
    findings: [boundFinding(ctx).finding, ...ordered.map((s) => s.finding)],
  };
}

/** The completed mode with the lowest median wall time. */
export function bestMode(modes: readonly ModeResult[]): ModeName | null {
  let best: ModeResult | undefined;
  for (const m of modes) {
    if (m.status !== 'completed' || !m.wallMs) continue;
    if (!best || m.wallMs.median < best.wallMs!.median) best = m;
  }
  return best ? best.mode : null;
}

function summaryLine(ctx: Context, best: ModeName | null, scored: Scored[]): string {
  const boundText = boundSentence(ctx);
  if (best === null) return `${boundText}No mode completed, so there is nothing to compare.`.trim();
  const ran = Object.keys(ctx.completed);
  if (!ctx.seq) return `${boundText}The sequential mode did not complete, so no speedup can be measured; the fastest mode was ${modeLabel(best)}.`.trim();
  if (ran.length === 1) return `${boundText}Only the sequential mode ran, so there is no speedup to compare.`.trim();

  const reason = biggestReason(scored);
  if (best === 'sequential') {
    const estimated = ctx.input.rounds?.headline === 'load-aware' ? ' on free cores (estimated from the tasks\' run-queue wait: other programs held the cores)' : '';
    return `${boundText}No mode beat sequential${estimated}${reason ? `; the biggest reason: ${reason}` : ''}.`.trim();
  }
  const m = ctx.completed[best]!;
  const ideal = best === 'async' && ctx.bound === 'cpu' ? 1 : idealSpeedup(ctx, best);
  const shown = headlineSpeedup(ctx, m) ?? { speedup: 1, basis: 'measured' as const };
  const s = shown.speedup;
  const measured = speedupOf(ctx, m);
  const speed = formatSpeedupWithInterval(s, shown.ci);
  const runs = runsBehind(ctx, m);
  const doubts: string[] = [];
  if (shown.ci !== undefined && shown.ci.low <= 1) doubts.push(`its ${shown.basis === 'load-aware' ? 'estimates' : 'runs'} overlap the sequential ones, so the gain may be noise`);
  if (runs < 2) doubts.push('from one run of each, so it may be noise');
  const doubt = doubts.length > 0 ? ` (${doubts.join('; ')})` : '';
  const basis = shown.basis === 'load-aware'
    ? ` on free cores, estimated: other programs took ${formatPercent(m.loadAware!.waitShare)} of its tasks' time, and it measured ${formatSpeedupWithInterval(measured, m.speedupCi)} as the machine was`
    : '';
  const measuredAbove = shown.basis === 'load-aware' && measured !== undefined && best !== 'async' && measured > ideal * SUPERLINEAR_MARGIN
    ? ` The measured ${formatSpeedup(measured)} is above the ideal: a disturbed measurement (the likely cause: ${superlinearCause(ctx, m)}).`
    : '';
  const head = `${boundText}The fastest mode was ${modeLabel(best)} at ${speed} over sequential${basis}${doubt}`;
  // Above the ideal is a disturbed baseline, never "close to the ideal".
  if (best !== 'async' && s > ideal * SUPERLINEAR_MARGIN) {
    return `${head}, above the ideal ${formatSpeedup(ideal)}: a disturbed measurement, not a real gain (the likely cause: ${superlinearCause(ctx, m)}).`;
  }
  const gc = gcCeiling(ctx, best, ideal);
  if (s / ideal >= CLOSE_TO_IDEAL) return `${head}, close to the ideal ${formatSpeedup(ideal)}.${measuredAbove}`;
  return `${head}, against an ideal ${formatSpeedup(ideal)}${gc}${reason ? `; the biggest reason for the gap: ${reason}` : ''}.${measuredAbove}`;
}

/** On a busy machine the fastest mode is judged by the load-aware estimates, where they beat sequential. */
function headlineBest(ctx: Context, measuredBest: ModeName | null): ModeName | null {
  if (ctx.input.rounds?.headline !== 'load-aware') return measuredBest;
  let best: ModeResult | undefined;
  for (const m of Object.values(ctx.completed)) {
    if (!m?.loadAware) continue;
    if (!best || m.loadAware.speedup > best.loadAware!.speedup) best = m;
  }
  if (best && best.loadAware!.speedup > 1) return best.mode;
  // Every estimate says no mode would beat sequential on free cores: the headline says that.
  return best && ctx.seq ? 'sequential' : measuredBest;
}

/** The GC helper threads' share lowers what the parallel modes can honestly reach; say so next to the ideal. */
function gcCeiling(ctx: Context, best: ModeName, ideal: number): string {
  const busy = ctx.coresBusyAlone;
  if (best === 'async' || best === 'sequential' || ctx.bound !== 'cpu' || busy === undefined || busy <= GC_HELPER_CORES || ideal < 2) return '';
  return ` (about ${formatSpeedup(ideal / busy)} once V8's garbage-collector threads take their share)`;
}

function boundSentence(ctx: Context): string {
  const busy = ctx.coresBusyAlone;
  if (busy === undefined) return '';
  const words = ctx.bound === 'cpu' ? 'CPU-bound' : ctx.bound === 'io' ? 'I/O-bound' : 'partly CPU-bound and partly waiting';
  return `The function is ${words} (one task at a time kept ${formatNumber(busy)} cores busy). `;
}

/** The finding whose effect alone leaves the least of the ideal; the lumped serial fraction only when nothing specific explains it. */
function biggestReason(scored: Scored[]): string | undefined {
  const candidates = scored.filter((s) => s.limit !== undefined && s.short && s.limit < 0.97);
  const specific = candidates.filter((s) => s.finding.kind !== 'serial-fraction');
  const pool = specific.length > 0 ? specific : candidates;
  if (pool.length === 0) return undefined;
  return pool.reduce((a, b) => (b.limit! < a.limit! ? b : a)).short;
}

function maybe<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}
