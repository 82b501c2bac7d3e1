// The validator's part for the CPU-profile fields (cpuProfileReport.ts): bounded lists, finite numbers,
// known categories, so a crafted report cannot hang the panel. No node, no vscode, no DOM.
import type { CodeCategory } from '../report/cpuProfile';
import { REPORT_LIMITS, type Checker, type NumberRule, type Obj } from './checker';

export const CPU_PROFILE_LIMITS = {
  hotFunctions: 200,
  slowdowns: 100,
  categories: 100,
  files: 1024,
  taskTops: 10_000,
  taskTopFunctions: 50,
} as const;

const CATEGORIES: Record<CodeCategory, true> = {
  user: true, library: true, node: true, native: true, gc: true, idle: true, program: true, profiler: true,
};
// validate.ts imports this file, so its constants are read at call time, never while loading.
const MS = (): NumberRule => ({ max: REPORT_LIMITS.ms });
const SHARE: NumberRule = { max: 1 };
const LINE = (): NumberRule => ({ max: REPORT_LIMITS.count, integer: true });

function checkFunction(c: Checker, f: Obj, path: string): void {
  c.string(f, 'name', path);
  c.oneOf(f, 'category', path, CATEGORIES);
  c.string(f, 'library', path, true);
  c.string(f, 'file', path, true);
  c.number(f, 'line', path, LINE(), true);
  c.number(f, 'column', path, LINE(), true);
}

/** A mode's (or a comparison's base mode's) optional `hotFunctions`. */
export function checkHotFunctions(c: Checker, m: Obj, path: string): void {
  c.array(m, 'hotFunctions', path, CPU_PROFILE_LIMITS.hotFunctions, (v, p) => {
    const f = c.object(v, p);
    if (!f) return;
    checkFunction(c, f, p);
    c.number(f, 'selfMs', p, MS());
    c.number(f, 'totalMs', p, MS());
    c.number(f, 'perTaskMs', p, MS());
    c.child(f, 'calledFrom', p, (g, q) => checkFunction(c, g, q), true);
  }, true);
}

/** One entry of a profile's `categories`. */
export function checkCategoryShare(c: Checker, v: unknown, q: string): void {
  const f = c.object(v, q);
  if (!f) return;
  c.oneOf(f, 'category', q, CATEGORIES);
  c.string(f, 'library', q, true);
  c.number(f, 'selfMs', q, MS());
  c.number(f, 'share', q, SHARE);
}

export function checkModeCpuProfile(c: Checker, m: Obj, path: string): void {
  checkHotFunctions(c, m, path);
  c.array(m, 'slowdowns', path, CPU_PROFILE_LIMITS.slowdowns, (v, p) => {
    const f = c.object(v, p);
    if (!f) return;
    checkFunction(c, f, p);
    c.number(f, 'ratio', p, { max: REPORT_LIMITS.ratio });
    c.number(f, 'shareOfExtra', p, SHARE);
    c.number(f, 'perTaskMs', p, MS());
    c.number(f, 'aloneMsPerTask', p, MS());
    c.child(f, 'calledFrom', p, (g, q) => checkFunction(c, g, q), true);
  }, true);
  const hot = Array.isArray(m.hotFunctions) ? m.hotFunctions.length : 0;
  c.child(m, 'cpuProfile', path, (cp, p) => {
    c.number(cp, 'intervalMs', p, MS());
    for (const k of ['wallMs', 'startMs', 'stopMs', 'taskMs', 'betweenTasksMs', 'unseenMs']) c.number(cp, k, p, MS());
    c.number(cp, 'samples', p, { max: REPORT_LIMITS.count, integer: true });
    c.number(cp, 'gcShare', p, SHARE);
    c.number(cp, 'extraMsPerTask', p, { min: -REPORT_LIMITS.ms, max: REPORT_LIMITS.ms }, true);
    c.array(cp, 'files', p, CPU_PROFILE_LIMITS.files, (v, q) => {
      const f = c.object(v, q);
      if (!f) return;
      c.number(f, 'lane', q, { max: REPORT_LIMITS.tasksPerMode, integer: true });
      c.string(f, 'path', q);
    });
    c.array(cp, 'categories', p, CPU_PROFILE_LIMITS.categories, (v, q) => checkCategoryShare(c, v, q));
    c.array(cp, 'taskTop', p, CPU_PROFILE_LIMITS.taskTops, (v, q) => {
      const t = c.object(v, q);
      if (!t) return;
      c.number(t, 'index', q, { max: REPORT_LIMITS.tasksPerMode, integer: true });
      c.number(t, 'lane', q, { max: REPORT_LIMITS.tasksPerMode, integer: true });
      c.array(t, 'top', q, CPU_PROFILE_LIMITS.taskTopFunctions, (w, r) => {
        const e = c.object(w, r);
        if (!e) return;
        // An index into the mode's hotFunctions: the panel looks it up.
        c.number(e, 'fn', r, { max: Math.max(0, hot - 1), integer: true });
        c.number(e, 'selfMs', r, MS());
      });
    }, true);
  }, true);
}

export function checkCpuProfileSettings(c: Checker, s: Obj, path: string): void {
  c.child(s, 'cpuProfile', path, (cp, p) => {
    c.number(cp, 'intervalMs', p, MS());
    c.string(cp, 'dir', p);
  }, true);
}
