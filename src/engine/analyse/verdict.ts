// The verdict: the findings (each in analyse/*Findings.ts, with its evidence), the winner chosen once
// (winner.ts), the reasons ranked by effect (ranking.ts) and a headline of two sentences at most
// (headline.ts). A saved report gets the same verdict again through reanalyse.ts.
import type { ModeName, ModeResult, Verdict } from '../../shared/report/report';
import { BOUND_RESOLUTION_MS, aloneMode, asyncFindings, boundFinding, classifyBound, coresBusy, gcHelperFinding } from './boundFindings';
import { type AnalysisInput, type Context, type Scored, completedModes } from './context';
import { headline } from './headline';
import { rankFindings } from './ranking';
import { chooseWinner } from './winner';
import { startupFindings, tinyTasksFinding, transferFinding } from './costFindings';
import { failureFindings, fewRunsFinding, noisyFinding } from './runFindings';
import { profileFindings } from './profileFindings';
import { queueFindings } from './queueFindings';
import { NATIVE_POOL_CORES, nativeFindings } from './nativeFindings';
import { busyMachineFindings, disturbedRoundsFinding, superlinearFindings } from './evidenceFindings';
import {
  contentionFindings, loadImbalanceFinding, oversubscribedFinding, serialFractionFinding, tooFewTasksFinding,
} from './scalingFindings';

export type { AnalysisInput } from './context';
export { classifyBound } from './boundFindings';


export function analyse(input: AnalysisInput): Verdict {
  const completed = completedModes(input.modes);
  const alone = aloneMode({ completed });
  const ctx: Context = {
    input,
    completed,
    seq: completed.sequential,
    bound: alone ? classifyBound(alone) : 'mixed',
    // Cores busy from a few milliseconds of wall time is the clocks talking: no finding builds on it.
    coresBusyAlone: alone && (alone.wallMs?.median ?? 0) >= BOUND_RESOLUTION_MS ? coresBusy(alone) : undefined,
    parallelLanes: Math.max(1, Math.min(input.workers, input.cores)),
  };

  const tiny = tinyTasksFinding(ctx);
  const scored: Scored[] = [
    { ...boundFinding(ctx), group: 'context' },
    ...failureFindings(ctx),
    ...asyncFindings(ctx),
    // Native code with threads of its own explains cores busy past one better than V8's GC does.
    ...((input.nativePackages?.length ?? 0) > 0 && (ctx.coresBusyAlone ?? 0) > NATIVE_POOL_CORES ? [] : maybe(gcHelperFinding(ctx))),
    ...nativeFindings(ctx),
    ...maybe(tooFewTasksFinding(ctx)),
    ...maybe(oversubscribedFinding(ctx)),
    ...maybe(tiny),
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
  const winner = chooseWinner(ctx);
  const findings = rankFindings(scored, ctx, winner);
  const dispatch = tiny?.finding.data && typeof tiny.finding.data.taskMs === 'number' && typeof tiny.finding.data.dispatchMs === 'number'
    ? { taskMs: tiny.finding.data.taskMs, dispatchMs: tiny.finding.data.dispatchMs, mean: tiny.finding.data.taskMeasure === 'mean' }
    : undefined;
  return {
    bound: ctx.bound,
    best: winner?.mode ?? null,
    summary: headline({ ctx, winner, findings, dispatch }),
    findings,
    ...(winner ? { winner } : {}),
  };
}

/** The completed mode with the lowest median wall time (older callers; the verdict's winner is `chooseWinner`). */
export function bestMode(modes: readonly ModeResult[]): ModeName | null {
  let best: ModeResult | undefined;
  for (const m of modes) {
    if (m.status !== 'completed' || !m.wallMs) continue;
    if (!best || m.wallMs.median < best.wallMs!.median) best = m;
  }
  return best ? best.mode : null;
}

function maybe<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}
