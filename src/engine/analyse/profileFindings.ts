// The verdict's use of the CPU profiles: which function got slower per task in a parallel mode and
// how much of the extra time it explains, whether the whole lane slowed evenly instead (a busy
// machine, a shared cache), whether nothing slowed at all, and the garbage collector's share.
// Reads only the report's fields, so a saved report gets the same findings.
import { formatMs, formatPercent, formatSpeedup, modeLabel } from '../../shared/wording/format';
import { functionLabel, sameFunction } from '../../shared/wording/formatFunction';
import type { ModeName, ModeResult, ProfiledFunction } from '../../shared/report/report';
import { RATIO_CAP } from './slowdowns';
import { type Context, type Scored, finding, lanesInWords } from './context';

/** Extra time per task under this share of the time alone: nothing slowed down. */
const NOTHING_SLOWED = 0.05;
/** A function is singled out when its share of the extra beats its share of the time alone by this much. */
const SINGLED_OUT = 0.15;
const GC_INFO = 0.1;
const GC_WARN = 0.25;
const PARALLEL: ModeName[] = ['workers', 'processes', 'async'];
/** A function slowed this much more than its lane as a whole, with at least OUTLIER_SHARE of the extra, is singled out. */
const OUTLIER_RATIO = 1.15;
const OUTLIER_SHARE = 0.1;

export function profileFindings(ctx: Context): Scored[] {
  const seq = ctx.seq;
  if (!seq?.cpuProfile) return [];
  const tasks = Math.max(1, ctx.input.tasks);
  const alonePerTask = seq.cpuProfile.taskMs / tasks;
  const out: Scored[] = [];
  for (const mode of PARALLEL) {
    const m = ctx.completed[mode];
    if (!m?.cpuProfile || m.cpuProfile.extraMsPerTask === undefined || !(alonePerTask > 0)) continue;
    const s = slowdownFinding(ctx, m, seq, alonePerTask);
    if (s) out.push(s);
  }
  const gc = gcFinding(ctx);
  if (gc) out.push(gc);
  return out;
}

function slowdownFinding(ctx: Context, m: ModeResult, seq: ModeResult, alonePerTask: number): Scored | undefined {
  const extra = m.cpuProfile!.extraMsPerTask!;
  const where = m.mode === 'async' ? 'async-interleaved' : `${modeLabel(m.mode)} (${lanesInWords(m.mode, m.lanes)})`;
  const taskRatio = (alonePerTask + extra) / alonePerTask;
  if (extra / alonePerTask < NOTHING_SLOWED) {
    if (m.mode === 'async' || (m.efficiency ?? 1) >= 0.9) return undefined;
    return {
      finding: finding('slowdown', 'info',
        `Nothing slowed down per task in ${where}: the profiled tasks took ${formatMs(alonePerTask + extra)} each against ${formatMs(alonePerTask)} alone (CPU profile). The gap to the ideal speedup is outside the tasks: dispatch, start-up, imbalance or waiting between them.`,
        { mode: m.mode, extraMsPerTask: extra, aloneMsPerTask: alonePerTask, cause: 'none' }),
    };
  }
  const first = m.slowdowns?.[0];
  if (!first) return undefined;
  // A function that slowed well past the lane's own ratio is singled out, even when a bigger one
  // slowed with the lane: "no one function contends" must never stand beside it (issue 23).
  const outlier = m.slowdowns!.find((x) => x.shareOfExtra >= OUTLIER_SHARE && x.ratio < RATIO_CAP && x.ratio >= taskRatio * OUTLIER_RATIO);
  const top = first.shareOfExtra - first.aloneMsPerTask / alonePerTask >= SINGLED_OUT ? first : outlier ?? first;
  const aloneShare = top.aloneMsPerTask / alonePerTask;
  const label = functionLabel(top);
  const caller = top.calledFrom ? ` called from ${functionLabel(top.calledFrom)}` : '';
  if (top.shareOfExtra - aloneShare < SINGLED_OUT && top !== outlier) {
    return {
      finding: finding('slowdown', 'info',
        `Every part of the tasks ran slower in ${where}, about ${formatSpeedup(taskRatio)} per task (CPU profile): the biggest, ${label}, took ${formatPercent(top.shareOfExtra)} of the extra time against ${formatPercent(aloneShare)} of the time alone. No one function contends; the whole lane ran slower (waiting for a core, or a cache or memory bandwidth the lanes share).`,
        { mode: m.mode, extraMsPerTask: extra, taskRatio, function: top.name, ratio: top.ratio, shareOfExtra: top.shareOfExtra, cause: 'uniform' }),
    };
  }
  const others = otherModes(ctx, m.mode, top, seq);
  const note = m.mode === 'workers' && others.processes !== undefined && others.processes < Math.min(1.2, top.ratio)
    ? ' — threads of one process contend there, processes escape it'
    : '';
  const also = Object.entries(others).map(([mode, r]) => `, ${formatSpeedup(r)} in ${modeLabel(mode as ModeName)}`).join('');
  // Without this function's share of the extra time, each task would take that much less: the
  // effect is its share, never the whole lane's slowdown.
  const withoutRatio = taskRatio - (taskRatio - 1) * Math.min(1, Math.max(0, top.shareOfExtra));
  return {
    limit: withoutRatio / taskRatio,
    short: `in ${modeLabel(m.mode)}, ${top.name} ran ${formatSpeedup(top.ratio)} slower per task than alone (the whole task ${formatSpeedup(taskRatio)})`,
    finding: finding('slowdown', top.shareOfExtra >= 0.5 && top.ratio >= 1.3 ? 'warning' : 'info',
      `${formatPercent(top.shareOfExtra)} of the extra time per task in ${where} is in ${label}${caller}: ${formatSpeedup(top.ratio)} slower per task than alone (${formatMs(top.perTaskMs)} against ${formatMs(top.aloneMsPerTask)}), against ${formatSpeedup(taskRatio)} for the task as a whole${also}${note}.`,
      {
        mode: m.mode, function: top.name, file: top.file, line: top.line, ratio: top.ratio, shareOfExtra: top.shareOfExtra,
        extraMsPerTask: extra, calledFrom: top.calledFrom?.name, processesRatio: others.processes, cause: 'function',
      }),
  };
}

/** The same function's per-task ratio against alone in the other parallel modes, from their hot lists. */
function otherModes(ctx: Context, mode: ModeName, fn: ProfiledFunction, seq: ModeResult): Partial<Record<ModeName, number>> {
  const alone = seq.hotFunctions?.find((h) => sameFunction(h, fn));
  const out: Partial<Record<ModeName, number>> = {};
  if (!alone || !(alone.perTaskMs > 0)) return out;
  for (const other of ['workers', 'processes'] as const) {
    if (other === mode) continue;
    const m = ctx.completed[other];
    if (!m?.hotFunctions) continue;
    const slow = m.slowdowns?.find((s) => sameFunction(s, fn));
    const hot = m.hotFunctions.find((h) => sameFunction(h, fn));
    const ratio = slow?.ratio ?? (hot ? hot.perTaskMs / alone.perTaskMs : undefined);
    if (ratio !== undefined) out[other] = Math.round(ratio * 100) / 100;
  }
  return out;
}

function gcFinding(ctx: Context): Scored | undefined {
  const shares = (Object.values(ctx.completed) as ModeResult[])
    .filter((m) => m.cpuProfile)
    .map((m) => ({ mode: m.mode, share: m.cpuProfile!.gcShare }));
  if (shares.length === 0) return undefined;
  const most = shares.reduce((a, b) => (b.share > a.share ? b : a));
  if (most.share < GC_INFO) return undefined;
  const alone = shares.find((s) => s.mode === 'sequential');
  const list = shares.map((s) => `${formatPercent(s.share)} in ${modeLabel(s.mode)}`).join(', ');
  const grew = alone && most.mode !== 'sequential' && most.share > alone.share * 1.5 + 0.02;
  const head = grew
    ? `The garbage collector took ${formatPercent(most.share)} of each task's time in ${modeLabel(most.mode)} against ${formatPercent(alone!.share)} alone`
    : `The garbage collector took ${formatPercent(most.share)} of the tasks' time${alone ? ` (${formatPercent(alone.share)} alone)` : ''}`;
  const advice = grew
    ? ': lanes running side by side collect more (V8 sizes each heap apart, and the collector\'s helper threads compete for the same cores). Allocate less per task (reuse buffers, typed arrays), or raise the memory limit.'
    : ': the tasks allocate heavily. Allocating less per task (reuse buffers, typed arrays) speeds every mode.';
  const data: Record<string, number | string> = { mode: most.mode, gcShare: most.share };
  for (const s of shares) data[`gcShare_${s.mode}`] = s.share;
  return {
    finding: finding('gc-share', most.share >= GC_WARN ? 'warning' : 'info', `${head} (CPU profile: ${list})${advice}`, data),
  };
}
