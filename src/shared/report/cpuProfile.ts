// The report's CPU-profile fields (issue 15): where each mode's tasks spent their time, from a V8
// CPU profile of every lane during one extra repetition that is not counted in the timings.
// No node, no vscode, no DOM in this file: the webview compiles it too.

import type { Report } from './report';

/**
 * Where a function's code comes from: the user's own files, a package under node_modules, Node's own
 * JavaScript (`node:` URLs), V8 built-ins and native code with no script, the garbage collector, the
 * thread waiting (`(idle)`, and V8's `(program)`: the engine running no JavaScript), or the
 * profiler's own lane code that dispatches tasks.
 */
export type CodeCategory = 'user' | 'library' | 'node' | 'native' | 'gc' | 'idle' | 'program' | 'profiler';

/** A function as the profile names it, mapped through the bundle's source map to the user's file. */
export interface ProfiledFunction {
  name: string;
  category: CodeCategory;
  /** The package name, for category 'library'. */
  library?: string;
  /** Absolute path (or `node:` URL) of the source file, when the function has one. */
  file?: string;
  /** 1-based line and column in that file. */
  line?: number;
  column?: number;
}

export interface HotFunction extends ProfiledFunction {
  /** Time sampled in the function itself, summed over the profiled repetition's tasks, ms. */
  selfMs: number;
  /** Time with the function anywhere on the stack (recursion counted once), ms. */
  totalMs: number;
  /** selfMs ÷ the number of tasks. */
  perTaskMs: number;
  /** The nearest function of the user's own code that called it, when it is not user code itself. */
  calledFrom?: ProfiledFunction;
}

export interface Slowdown extends ProfiledFunction {
  /** Self time per task in this mode ÷ self time per task alone (sequential). */
  ratio: number;
  /** Share of the mode's extra time per task (against sequential) that this function accounts for, 0..1. */
  shareOfExtra: number;
  /** Self time per task in this mode and alone, ms. */
  perTaskMs: number;
  aloneMsPerTask: number;
  calledFrom?: ProfiledFunction;
}

export interface CategoryShare {
  category: CodeCategory;
  library?: string;
  /** Self time of every function in the category inside the tasks, ms. */
  selfMs: number;
  /** Share of the sampled task time, 0..1. */
  share: number;
}

/** The profiled repetition of one mode. */
export interface ModeCpuProfile {
  /** The V8 sampling interval asked for, ms. */
  intervalMs: number;
  /** Wall time of the profiled repetition, ms: compare with the measured median to see the profiler's cost. */
  wallMs: number;
  /** Slowest lane's Profiler.start and Profiler.stop (with writing the profile), ms: paid outside the repetition. */
  startMs: number;
  stopMs: number;
  /** Time sampled inside the tasks' windows, over every lane, ms; and on the lanes between tasks. */
  taskMs: number;
  betweenTasksMs: number;
  samples: number;
  /**
   * Time no sample saw, ms: gaps between samples longer than 4 intervals count 4 intervals, the rest
   * lands here (the lane, or V8's sampling thread, waited for a core: a busy machine).
   */
  unseenMs: number;
  /** One .cpuprofile per lane, frames mapped to the user's sources (open it in VS Code or Chrome DevTools). */
  files: { lane: number; path: string }[];
  /** Sampled task time by where the code comes from, largest first. */
  categories: CategoryShare[];
  /** Share of sampled task time spent in the garbage collector, 0..1. */
  gcShare: number;
  /** Extra time per task against sequential (ms) and how much of it the samples explain; parallel modes only. */
  extraMsPerTask?: number;
  /** Each task's top functions (indices into the mode's hotFunctions), for the panel's task click. */
  taskTop?: { index: number; lane: number; top: { fn: number; selfMs: number }[] }[];
}

/**
 * Whether `file` is one of the report's .cpuprofile files, the only ones the panel may ask the host
 * to open: the webview names nothing else, so any other path came from a tampered panel message.
 */
export function isListedCpuProfile(report: Pick<Report, 'modes'> | undefined, file: unknown): file is string {
  return typeof file === 'string' && (report?.modes ?? []).some((m) => (m.cpuProfile?.files ?? []).some((f) => f.path === file));
}
