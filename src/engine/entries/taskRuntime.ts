// What every lane does, thread or process: load the user's module once, then run tasks and time
// them on the shared clock. Results are serialised here with v8.serialize — the structured-clone
// algorithm that postMessage and 'advanced' IPC use — in every mode, so all four modes pay the same
// clone cost, the size is exact, and a value that cannot cross is caught and named. The bytes go
// back to the engine, which counts them and never deserialises them (it has no use for the value).
import { deserialize, serialize } from 'node:v8';
import { epochNow, threadCpuFd, threadCpuMs } from '../clock';
import { takeLaneOutput } from './laneConsole';
import type { BatchStyle, LaneConfig, LoadReport, TaskReport, WireError } from './protocol';

type Callable = (...args: unknown[]) => unknown;

let callable: Callable | undefined;
/** Tasks started and not yet ended, in start order. */
const running = new Set<number>();
/** The task whose synchronous part is executing right now, if any. */
let syncTask: number | undefined;
let progress: Int32Array | undefined;

/**
 * The task that console output belongs to: certain while a task's synchronous part runs or while
 * only one task is in flight; unknown when async tasks interleave. (AsyncLocalStorage would tell,
 * but it turns on promise hooks, which slow promise-heavy code and so would skew the async mode.)
 */
export function currentTask(): number | undefined {
  if (syncTask !== undefined) return syncTask;
  if (running.size === 1) return running.values().next().value;
  return undefined;
}

export async function loadUserModule(config: LaneConfig, laneId: number): Promise<LoadReport> {
  if (config.progress) progress = new Int32Array(config.progress);
  threadCpuMs(); // opens its descriptor now, so the load report can name it
  const t0 = epochNow();
  let error: WireError | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(config.load.bundlePath) as Record<string, unknown>;
    const factory = mod[config.load.exportName];
    if (typeof factory !== 'function') {
      throw new Error(`The bundle ${config.load.bundlePath} has no function export '${config.load.exportName}'.`);
    }
    let fn = (factory as () => unknown)();
    if (isThenable(fn)) fn = await fn;
    if (typeof fn !== 'function') throw new Error(`The factory '${config.load.exportName}' returned ${describeType(fn)}, not a function.`);
    callable = fn as Callable;
  } catch (err) {
    error = toWireError(err);
  }
  const cpuFd = threadCpuFd();
  return { laneId, loadMs: epochNow() - t0, output: takeLaneOutput(), ...(error ? { error } : {}), ...(cpuFd !== undefined ? { cpuFd } : {}) };
}

export interface TaskOutcome {
  task: TaskReport;
  result?: Uint8Array;
}

/** One task: arguments arrive as structured-clone bytes; the result leaves as bytes. */
export async function runOne(index: number, args: Uint8Array): Promise<TaskOutcome> {
  const fn = mustHaveCallable();
  const argv = deserialize(args) as unknown[];
  begin(index);
  const cpu0 = threadCpuMs();
  const startedAt = epochNow();
  let value: unknown;
  let thrown: { err: unknown } | undefined;
  try {
    syncTask = index;
    value = fn(...argv);
    syncTask = undefined;
    if (isThenable(value)) value = await value;
  } catch (err) {
    thrown = { err };
  } finally {
    syncTask = undefined;
  }
  const endedAt = epochNow();
  const cpu1 = threadCpuMs();
  end(index);
  const cpuMs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
  return finish(index, startedAt, endedAt, cpuMs, undefined, value, thrown);
}

export async function runBatch(style: BatchStyle, indices: number[], args: Uint8Array[]): Promise<TaskOutcome[]> {
  if (style === 'sequential') {
    const out: TaskOutcome[] = [];
    for (let k = 0; k < indices.length; k++) out.push(await runOne(indices[k], args[k]));
    return out;
  }
  return runAllTogether(indices, args);
}

/** Promise.all over every task; each call gets the lowest free slot, so overlapping calls never share one. */
async function runAllTogether(indices: number[], args: Uint8Array[]): Promise<TaskOutcome[]> {
  const fn = mustHaveCallable();
  // All arguments are decoded first: the calls are meant to start together.
  const argvs = args.map((a) => deserialize(a) as unknown[]);
  const slots: boolean[] = [];
  const takeSlot = (): number => {
    let s = slots.indexOf(false);
    if (s === -1) s = slots.length;
    slots[s] = true;
    return s;
  };
  const started: Promise<TaskOutcome>[] = [];
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k];
    const slot = takeSlot();
    begin(index);
    const startedAt = epochNow();
    // Per-task CPU is not reported here: interleaved calls share the thread, so it cannot be split.
    const settle = (value: unknown, thrown?: { err: unknown }): TaskOutcome => {
      const endedAt = epochNow();
      end(index);
      slots[slot] = false;
      return finish(index, startedAt, endedAt, undefined, slot, value, thrown);
    };
    let value: unknown;
    try {
      syncTask = index;
      value = fn(...argvs[k]);
    } catch (err) {
      syncTask = undefined;
      started.push(Promise.resolve(settle(undefined, { err })));
      continue;
    }
    syncTask = undefined;
    started.push(isThenable(value) ? Promise.resolve(value).then((v) => settle(v), (err: unknown) => settle(undefined, { err })) : Promise.resolve(settle(value)));
  }
  return Promise.all(started);
}

function finish(index: number, startedAt: number, endedAt: number, cpuMs: number | undefined, slot: number | undefined, value: unknown, thrown: { err: unknown } | undefined): TaskOutcome {
  const task: TaskReport = { index, startedAt, endedAt };
  if (cpuMs !== undefined) task.cpuMs = cpuMs;
  if (slot !== undefined) task.slot = slot;
  if (thrown) {
    task.failure = toWireError(thrown.err);
    return { task };
  }
  try {
    const result = serialize(value);
    task.resultBytes = result.length;
    return { task, result };
  } catch (err) {
    task.failure = unclonableResult(index, value, err);
    return { task };
  }
}

function begin(index: number): void {
  running.add(index);
  if (progress) {
    Atomics.store(progress, 0, index + 1);
    Atomics.add(progress, 1, 1);
  }
}

function end(index: number): void {
  running.delete(index);
  if (progress) Atomics.sub(progress, 1, 1);
}

function mustHaveCallable(): Callable {
  if (!callable) throw new Error('The user module is not loaded in this lane.');
  return callable;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function unclonableResult(index: number, value: unknown, err: unknown): WireError {
  const top = typeof value === 'function' || typeof value === 'symbol';
  // V8's message quotes the offending value's source, which can run to pages: keep its start.
  const raw = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const detail = top ? '' : ` (${raw.length > 100 ? `${raw.slice(0, 100)}…` : raw})`;
  return {
    name: 'DataCloneError',
    code: 'UNCLONABLE',
    message: `task ${index} returned ${describeType(value)}${top ? '' : ' holding a value'}, which cannot be sent between threads (structured clone)${detail}. Return plain data.`,
  };
}

/** "a function", "a Socket", "an Object": the words a user recognises for a value's type. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return withArticle(typeof name === 'string' && name !== '' ? name : 'object');
  }
  return withArticle(typeof value);
}

function withArticle(word: string): string {
  return /^[aeiouAEIOU]/.test(word) ? `an ${word}` : `a ${word}`;
}

export function toWireError(err: unknown): WireError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), ...(typeof code === 'string' ? { code } : {}) };
  }
  let text: string;
  try {
    text = String(err);
  } catch {
    text = '';
  }
  return { name: 'Error', message: `${describeType(err)} was thrown${text ? `: ${text}` : ''}` };
}
