// Where a mode's tasks spent their time, from one V8 CPU profile per lane: each sample is cut into
// the task whose window holds it (task times are machine-clock ms, profile times process.hrtime µs: each lane
// sent one reading of both clocks), its leaf function gets self time, every distinct function on its
// stack total time. Pure: profiles and a frame resolver (source maps, categories) come in.
import type { ProfiledFunction } from '../../shared/report/report';

/** The parts of Chrome DevTools' .cpuprofile format this reads. */
export interface CallFrame {
  functionName: string;
  scriptId: string | number;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  hitCount?: number;
  positionTicks?: unknown;
}

export interface CpuProfileData {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface TaskWindow {
  index: number;
  /** Machine-clock ms. */
  startedAt: number;
  endedAt: number;
}

export interface LaneProfile {
  lane: number;
  profile: CpuProfileData;
  /** One instant on both clocks (see ProfileClock in the wire protocol). */
  clock: { hrUs: number; epochMs: number };
  tasks: TaskWindow[];
}

export type FrameResolver = (frame: CallFrame) => ProfiledFunction;

export interface FunctionStats {
  fn: ProfiledFunction;
  selfMs: number;
  totalMs: number;
  /** Self time by the nearest user-code function up the stack (key → ms), for non-user code. */
  callers: Map<string, number>;
}

/** Everything later steps need from one mode's profiles; functions keyed by functionKey(). */
export interface ModeProfileAnalysis {
  functions: Map<string, FunctionStats>;
  /** Sampled time inside task windows, and on the lanes outside them (dispatch, messages, waiting). */
  taskMs: number;
  betweenTasksMs: number;
  samples: number;
  /** Task time whose samples ended in the lane's own code, charged to the task's function (see entryFunction). */
  reattributedMs: number;
  /** Sample gaps past LATE_SAMPLE_INTERVALS intervals, beyond that cap: time the lane or V8's sampler thread waited for a core. */
  unseenMs: number;
  /** Tasks whose windows were given (every task of the profiled repetition). */
  tasks: number;
  /** Self ms by function key, per task, for the tasks asked for. */
  perTask: Map<number, Map<string, number>>;
  taskLane: Map<number, number>;
}

/** Name, file and line: the column of a function's frame can differ between its code objects. */
export function functionKey(f: ProfiledFunction): string {
  return `${f.category}\u0000${f.library ?? ''}\u0000${f.name}\u0000${f.file ?? ''}\u0000${f.line ?? ''}`;
}

/** Names V8 gives its own pseudo-frames. */
export function specialCategory(name: string): ProfiledFunction['category'] | undefined {
  switch (name) {
    case '(garbage collector)': return 'gc';
    case '(idle)': return 'idle';
    case '(program)':
    case '(root)': return 'program';
    default: return undefined;
  }
}

/**
 * `perTaskOf`: the task indices whose own top functions are wanted (a bounded set: the panel's click).
 * Samples in overlapping windows (async mode) go to the latest-started task among them.
 */
/**
 * `taskFunction`: the profiled function itself, charged with in-task samples that lost every user
 * frame (see entryFunction) when no other sample shows which user function the lane called.
 */
export function analyseLaneProfiles(
  lanes: readonly LaneProfile[], resolve: FrameResolver, perTaskOf: ReadonlySet<number> = new Set(), intervalMs = 1, taskFunction?: ProfiledFunction,
): ModeProfileAnalysis {
  const capMs = Math.max(LATE_SAMPLE_INTERVALS * intervalMs, MIN_CAP_MS);
  const out: ModeProfileAnalysis = { functions: new Map(), taskMs: 0, betweenTasksMs: 0, samples: 0, reattributedMs: 0, unseenMs: 0, tasks: 0, perTask: new Map(), taskLane: new Map() };
  const keyCache = new Map<string, { key: string; fn: ProfiledFunction }>();
  const keyOf = (frame: CallFrame): { key: string; fn: ProfiledFunction } => {
    const id = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}`;
    let hit = keyCache.get(id);
    if (!hit) {
      const fn = resolve(frame);
      hit = { key: functionKey(fn), fn };
      keyCache.set(id, hit);
    }
    return hit;
  };
  for (const lane of lanes) {
    out.tasks += lane.tasks.length;
    for (const t of lane.tasks) out.taskLane.set(t.index, lane.lane);
    analyseLane(lane, keyOf, perTaskOf, capMs, out, taskFunction);
  }
  return out;
}

function analyseLane(
  lane: LaneProfile,
  keyOf: (frame: CallFrame) => { key: string; fn: ProfiledFunction },
  perTaskOf: ReadonlySet<number>,
  capMs: number,
  out: ModeProfileAnalysis,
  taskFunction: ProfiledFunction | undefined,
): void {
  const { profile, clock } = lane;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length === 0 || !Array.isArray(profile.nodes)) return;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) byId.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Per node, once: its function, the distinct functions on its stack, and its nearest user-code caller.
  const nodeInfo = new Map<number, { key: string; stack: string[]; caller?: string }>();
  const infoOf = (id: number): { key: string; stack: string[]; caller?: string } | undefined => {
    const cached = nodeInfo.get(id);
    if (cached) return cached;
    const node = byId.get(id);
    if (!node) return undefined;
    const { key, fn } = keyOf(node.callFrame);
    const up = parent.has(id) ? infoOf(parent.get(id)!) : undefined;
    const stack = up ? (up.stack.includes(key) ? up.stack : [...up.stack, key]) : [key];
    const upFn = up ? out.functions.get(up.key)?.fn : undefined;
    const caller = up ? (upFn?.category === 'user' ? up.key : up.caller) : undefined;
    if (!out.functions.has(key)) out.functions.set(key, { fn, selfMs: 0, totalMs: 0, callers: new Map() });
    const info = { key, stack, ...(caller ? { caller } : {}) };
    nodeInfo.set(id, info);
    return info;
  };

  const tasks = [...lane.tasks].sort((a, b) => a.startedAt - b.startedAt);
  const entry = entryFunction(samples, byId, parent, infoOf, out) ?? stackOf(taskFunction, out);
  const toEpoch = (us: number): number => clock.epochMs + (us - clock.hrUs) / 1000;
  let t = profile.startTime;
  const times = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    times[i] = t;
  }
  for (let i = 0; i < samples.length; i++) {
    const next = i + 1 < samples.length ? times[i + 1] : profile.endTime;
    const gap = Math.max(0, next - times[i]) / 1000;
    if (gap === 0) continue;
    const ms = Math.min(gap, capMs);
    out.unseenMs += gap - ms;
    const info = infoOf(samples[i]);
    if (!info) continue;
    out.samples++;
    const task = taskAt(tasks, toEpoch(times[i]));
    if (!task) {
      out.betweenTasksMs += ms;
      continue;
    }
    out.taskMs += ms;
    let stats = out.functions.get(info.key)!;
    let key = info.key;
    let stack = info.stack;
    if (stats.fn.category === 'profiler' && entry) {
      // Inside a task the lane's own code runs for microseconds; a sample that ends there lost the
      // user's frame (see entryFunction): it belongs to the function run as the task.
      key = entry.key;
      stack = entry.stack;
      stats = out.functions.get(key)!;
      out.reattributedMs += ms;
    }
    stats.selfMs += ms;
    if (info.caller && stats.fn.category !== 'user') stats.callers.set(info.caller, (stats.callers.get(info.caller) ?? 0) + ms);
    for (const k of stack) out.functions.get(k)!.totalMs += ms;
    if (perTaskOf.has(task.index)) {
      let m = out.perTask.get(task.index);
      if (!m) out.perTask.set(task.index, (m = new Map()));
      m.set(key, (m.get(key) ?? 0) + ms);
    }
  }
}

/**
 * The user's function that the lane's code calls as the task (the most sampled user frame whose
 * caller is the profiler's own code). V8's profiler knows only code compiled while it runs, or
 * attached to a function when it starts: a long loop optimised mid-run (on-stack replacement) during
 * the warm-ups is neither, so its samples lose that frame and end in the lane code that called it.
 */
function entryFunction(
  samples: readonly number[],
  byId: Map<number, ProfileNode>,
  parent: Map<number, number>,
  infoOf: (id: number) => { key: string; stack: string[] } | undefined,
  out: ModeProfileAnalysis,
): { key: string; stack: string[] } | undefined {
  const counts = new Map<number, number>();
  const categoryOf = (id: number) => {
    const info = infoOf(id);
    return info ? out.functions.get(info.key)?.fn.category : undefined;
  };
  const found = new Map<number, number>();
  for (const leaf of samples) {
    let hit = found.get(leaf);
    if (hit === undefined) {
      hit = -1;
      for (let id: number | undefined = leaf; id !== undefined && byId.has(id); id = parent.get(id)) {
        const up = parent.get(id);
        if (categoryOf(id) === 'user' && up !== undefined && categoryOf(up) === 'profiler') {
          hit = id;
          break;
        }
      }
      found.set(leaf, hit);
    }
    if (hit >= 0) counts.set(hit, (counts.get(hit) ?? 0) + 1);
  }
  let best: [number, number] | undefined;
  for (const e of counts) if (!best || e[1] > best[1]) best = e;
  return best ? infoOf(best[0]) : undefined;
}

/** A function no frame named, as a one-function stack (its stats made if missing). */
function stackOf(fn: ProfiledFunction | undefined, out: ModeProfileAnalysis): { key: string; stack: string[] } | undefined {
  if (!fn) return undefined;
  const key = functionKey(fn);
  if (!out.functions.has(key)) out.functions.set(key, { fn, selfMs: 0, totalMs: 0, callers: new Map() });
  return { key, stack: [key] };
}

/** The latest-started task whose window holds `at` (tasks sorted by start). */
function taskAt(tasks: readonly TaskWindow[], at: number): TaskWindow | undefined {
  let lo = 0;
  let hi = tasks.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tasks[mid].startedAt <= at) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Overlapping windows (async): look back a little for one still open.
  for (let i = last, looked = 0; i >= 0 && looked < 64; i--, looked++) {
    if (tasks[i].endedAt >= at) return tasks[i];
  }
  return undefined;
}

/**
 * A sample stands for the time until the next one, but at most this many intervals: on a loaded
 * machine a gap of 100–200 ms (measured here) means the lane or V8's sampler thread had no core, and
 * charging all of it to whichever function happened to be running swamps the comparison between
 * modes. The excess is reported apart (unseenMs).
 */
export const LATE_SAMPLE_INTERVALS = 4;
const MIN_CAP_MS = 2;
