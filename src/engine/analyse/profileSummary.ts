// One mode's profile analysis condensed for the report: the hot functions by self time (and the
// callers that hold them), time by where the code comes from, the garbage collector's share, and each
// kept task's own top functions. Pure.
import type { CategoryShare, HotFunction, ModeCpuProfile, ProfiledFunction } from '../../shared/report/report';
import type { FunctionStats, ModeProfileAnalysis } from './cpuProfile';

/** How many hot functions a mode keeps in the report, and top functions per task. */
export const HOT_FUNCTIONS = 30;
export const TASK_TOP = 5;
export const MAX_TASK_TOPS = 500;
/** A function with no self time is listed when its total is at least this share of the task time. */
const CALLER_SHARE = 0.05;

export type ModeProfileSummary = Pick<ModeCpuProfile, 'taskMs' | 'betweenTasksMs' | 'samples' | 'unseenMs' | 'categories' | 'gcShare' | 'taskTop'> & { hotFunctions: HotFunction[] };

export function summariseModeProfile(a: ModeProfileAnalysis): ModeProfileSummary {
  const tasks = Math.max(1, a.tasks);
  // By self time; callers with no self time of their own but a large total follow (the panel shows who called the hot code).
  const ranked = [...a.functions.entries()]
    .filter(([, s]) => s.selfMs > 0 || (s.totalMs >= CALLER_SHARE * a.taskMs && (s.fn.category === 'user' || s.fn.category === 'library')))
    .sort((x, y) => y[1].selfMs - x[1].selfMs || y[1].totalMs - x[1].totalMs);
  const hot = ranked.slice(0, HOT_FUNCTIONS);
  const hotFunctions: HotFunction[] = hot.map(([, s]) => ({
    ...s.fn,
    selfMs: round(s.selfMs),
    totalMs: round(s.totalMs),
    perTaskMs: round(s.selfMs / tasks, 4),
    ...callerOf(a, s),
  }));
  const indexOf = new Map(hot.map(([k], i) => [k, i]));
  const cats = new Map<string, CategoryShare>();
  for (const s of a.functions.values()) {
    if (s.selfMs <= 0) continue;
    const id = `${s.fn.category}\u0000${s.fn.library ?? ''}`;
    const c = cats.get(id) ?? { category: s.fn.category, ...(s.fn.library ? { library: s.fn.library } : {}), selfMs: 0, share: 0 };
    c.selfMs += s.selfMs;
    cats.set(id, c);
  }
  const categories = [...cats.values()]
    .map((c) => ({ ...c, selfMs: round(c.selfMs), share: a.taskMs > 0 ? round(c.selfMs / a.taskMs, 4) : 0 }))
    .sort((x, y) => y.selfMs - x.selfMs);
  const gcMs = [...a.functions.values()].filter((s) => s.fn.category === 'gc').reduce((sum, s) => sum + s.selfMs, 0);
  const taskTop: NonNullable<ModeCpuProfile['taskTop']> = [];
  for (const [index, fns] of [...a.perTask.entries()].sort((x, y) => x[0] - y[0]).slice(0, MAX_TASK_TOPS)) {
    const top = [...fns.entries()]
      .filter(([k]) => indexOf.has(k))
      .sort((x, y) => y[1] - x[1])
      .slice(0, TASK_TOP)
      .map(([k, ms]) => ({ fn: indexOf.get(k)!, selfMs: round(ms, 3) }));
    taskTop.push({ index, lane: a.taskLane.get(index) ?? 0, top });
  }
  return {
    hotFunctions,
    taskMs: round(a.taskMs),
    betweenTasksMs: round(a.betweenTasksMs),
    samples: a.samples,
    unseenMs: round(a.unseenMs),
    categories,
    gcShare: a.taskMs > 0 ? round(gcMs / a.taskMs, 4) : 0,
    ...(taskTop.length > 0 ? { taskTop } : {}),
  };
}

export function callerOf(a: ModeProfileAnalysis, s: FunctionStats): { calledFrom?: ProfiledFunction } {
  if (s.fn.category === 'user' || s.callers.size === 0) return {};
  let best: [string, number] | undefined;
  for (const e of s.callers) if (!best || e[1] > best[1]) best = e;
  const fn = best ? a.functions.get(best[0])?.fn : undefined;
  return fn ? { calledFrom: fn } : {};
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
