// Where the prediction's one-lane runs put their threads: the engine's thread and each lane's on a
// core of its own, for the length of one measured repetition, then back where they were allowed.
//
// Why: on one lane the engine and the lane take turns, so the OS is free to put them on one core, on
// two, or to move them back and forth, and each costs a message differently. On the 2-core reference
// VM, 20,000 tiny tasks on one lane cost 0.039 ms a message with both threads held on one core, 0.048–
// 0.052 ms held on two, and 0.048–0.060 ms left free, from one profile to the next (the engine's busy
// time 0.032–0.044 ms). K lanes are never on the engine's core all the time, so the dispatch cost that
// transfers to them is the one measured apart. Linux only (sched_setaffinity through util-linux's
// `taskset`, which every distribution ships, run by a helper shell: see CoreMover); elsewhere, or with
// fewer cores than threads, nothing moves and the result says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { osThreadId } from '../runtime/osThread';

/** Threads placed apart, and how to put them back. */
export interface Placement {
  /** The core the engine's thread was held on. */
  engineCore: number;
  /** The core each lane's thread was held on, in the order given. */
  laneCores: number[];
  /** Puts every thread back on the cores it was allowed before; never throws. */
  restore(): Promise<void>;
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
export async function placeApart(mover: CoreMover, laneThreadIds: readonly number[]): Promise<Placement | undefined> {
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
  const restore = async (): Promise<void> => {
    for (const tid of moved.splice(0)) await mover.set(tid, before.get(tid)!);
  };
  const targets: [number, number][] = [[engine, plan.engine], ...laneThreadIds.map((tid, i): [number, number] => [tid, plan.lanes[i]])];
  for (const [tid, core] of targets) {
    if (!(await mover.set(tid, String(core)))) {
      await restore();
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

// Reads "cores tid" lines, answers each with taskset's exit status.
const MOVER_SCRIPT = 'while read -r cores tid; do taskset -p -c "$cores" "$tid" >/dev/null 2>&1; echo $?; done';
const ANSWER_MS = 5000;

/**
 * A small shell that moves threads between cores for the engine, started once before the measured
 * runs. The engine never forks to do it itself: on the 2-core VM, a `taskset` spawned from the engine
 * at every repetition slowed the K-lane runs that followed (1 MiB results: 1.41–1.49× against
 * 1.59–1.81× unplaced; with the same spawns moving nothing, too): a fork of the engine's large heap
 * costs it afterwards. A shell's own forks cost the engine nothing.
 */
export class CoreMover {
  private readonly waiting: ((ok: boolean) => void)[] = [];
  private buffered = '';
  private dead = false;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl).trim();
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.(line === '0');
      }
    });
    const gone = (): void => {
      this.dead = true;
      for (const w of this.waiting.splice(0)) w(false);
    };
    child.on('error', gone);
    child.on('exit', gone);
    child.stdin!.on('error', gone);
    // Never what keeps a CLI run alive; it ends by itself when the engine's end of its input closes.
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
  }

  /** Undefined where threads cannot be placed (not Linux). */
  static start(): CoreMover | undefined {
    if (process.platform !== 'linux' || osThreadId() === undefined) return undefined;
    try {
      return new CoreMover(spawn('/bin/sh', ['-c', MOVER_SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true }));
    } catch {
      return undefined;
    }
  }

  /** Allows thread `tid` the cores in `list` ("1", "0-3"); false when it could not (no taskset, a refusal, no answer). */
  set(tid: number, list: string): Promise<boolean> {
    if (this.dead) return Promise.resolve(false);
    return new Promise((resolve) => {
      let settled = false;
      const timer = setTimeout(() => answer(false), ANSWER_MS);
      const answer = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(ok);
      };
      this.waiting.push(answer);
      this.child.stdin!.write(`${list} ${tid}\n`);
    });
  }

  /** The helper's pid (tests check it ends). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  close(): void {
    this.dead = true;
    this.child.stdin!.end();
    for (const w of this.waiting.splice(0)) w(false);
  }
}
