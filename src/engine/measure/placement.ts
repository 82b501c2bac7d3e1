// Where the prediction's one-lane runs put their threads: the engine's thread and each lane's on a
// core of its own, for the length of one measured repetition, then back where they were allowed.
//
// Why: on one lane the engine and the lane take turns, so the OS is free to put them on one core, on
// two, or to move them back and forth, and each costs a message differently. On the 2-core reference
// VM, 20,000 tiny tasks on one lane cost 0.039 ms a message with both threads held on one core, 0.048–
// 0.052 ms held on two, and 0.048–0.060 ms left free, from one profile to the next (the engine's busy
// time 0.032–0.044 ms). K lanes are never on the engine's core all the time, so the dispatch cost that
// transfers to them is the one measured apart. Linux only (sched_setaffinity through util-linux's
// `taskset`, which every distribution ships); elsewhere, or with fewer cores than threads, nothing moves
// and the result says so.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { osThreadId } from '../runtime/osThread';

/** Threads placed apart, and how to put them back. */
export interface Placement {
  /** The core the engine's thread was held on. */
  engineCore: number;
  /** The core each lane's thread was held on, in the order given. */
  laneCores: number[];
  /** Puts every thread back on the cores it was allowed before; never throws. */
  restore(): void;
}

/** The effect-free half, for tests: the cores each thread goes to, or undefined when they cannot all have one. */
export function planCores(allowed: readonly number[], engineNow: number | undefined, lanes: number): { engine: number; lanes: number[] } | undefined {
  if (lanes < 1 || allowed.length < lanes + 1) return undefined;
  // The engine stays where it is when it may (no migration mid-profile); the lanes take the next cores.
  const engine = engineNow !== undefined && allowed.includes(engineNow) ? engineNow : allowed[0];
  const rest = allowed.filter((c) => c !== engine);
  return { engine, lanes: rest.slice(0, lanes) };
}

/** "0-3,6,8-9" (the kernel's Cpus_allowed_list) as core numbers. */
export function parseCpuList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.trim().split(',')) {
    if (!part) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return [];
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let c = from; c <= to; c++) out.push(c);
  }
  return out;
}

/**
 * Holds the calling (engine) thread and each lane thread (OS ids) on cores of their own. Undefined,
 * with nothing changed, where that cannot be done: not Linux, no `taskset`, a lane id unknown, fewer
 * allowed cores than threads, or a refusal from the OS.
 */
export function placeApart(laneThreadIds: readonly number[]): Placement | undefined {
  const engine = osThreadId();
  if (engine === undefined || laneThreadIds.length === 0) return undefined;
  const before = new Map<number, string>();
  for (const tid of [engine, ...laneThreadIds]) {
    const list = allowedList(tid);
    if (list === undefined) return undefined;
    before.set(tid, list);
  }
  const plan = planCores(parseCpuList(before.get(engine)!), currentCore(engine), laneThreadIds.length);
  if (!plan) return undefined;
  const moved: number[] = [];
  const restore = (): void => {
    for (const tid of moved) setAllowed(tid, before.get(tid)!);
    moved.length = 0;
  };
  const targets: [number, number][] = [[engine, plan.engine], ...laneThreadIds.map((tid, i): [number, number] => [tid, plan.lanes[i]])];
  for (const [tid, core] of targets) {
    if (!setAllowed(tid, String(core))) {
      restore();
      return undefined;
    }
    moved.push(tid);
  }
  return { engineCore: plan.engine, laneCores: plan.lanes, restore };
}

/** The cores a thread may run on (its Cpus_allowed_list), or undefined when it cannot be read. */
function allowedList(tid: number): string | undefined {
  try {
    const m = /^Cpus_allowed_list:\s*(\S+)\s*$/m.exec(readFileSync(`/proc/${tid}/status`, 'utf8'));
    return m && parseCpuList(m[1]).length > 0 ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

/** The core a thread last ran on (field 39 of its stat), or undefined. */
function currentCore(tid: number): number | undefined {
  try {
    const s = readFileSync(`/proc/${tid}/stat`, 'utf8');
    const core = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[36]);
    return Number.isInteger(core) ? core : undefined;
  } catch {
    return undefined;
  }
}

/** Sets one thread's allowed cores; false when taskset is missing or the OS refused. */
function setAllowed(tid: number, list: string): boolean {
  try {
    execFileSync('taskset', ['-p', '-c', list, String(tid)], { stdio: 'ignore', timeout: 5000, windowsHide: true });
    return true;
  } catch {
    return false;
  }
}
