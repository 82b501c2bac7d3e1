// What every lane does, thread or process: load the user's module once, then run tasks and time
// them on the shared clock. Results are serialised here with v8.serialize (the structured-clone
// algorithm that postMessage and 'advanced' IPC use) in every mode, so all four modes pay the same
// clone cost and a value that cannot cross is caught and named; undefined, null, booleans and numbers
// are only counted (resultSize.ts): they always cross, in a few bytes. In the workers and processes
// modes the bytes go back to the engine, which counts them and never deserialises them (it has no use
// for the value); in a batch (sequential, async) only their size leaves the thread.
import { deserialize, serialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { epochNow, readThreadTimes, threadCpuFile, threadTimes } from './clock';
import { takeLaneOutput } from './laneConsole';
import { knownCloneSize } from './resultSize';
import { describeType } from './describeType';
import { IN_NEXT_READING, TASK_FIELDS, T_CPU, T_ENDED, T_INDEX, T_RESULT_BYTES, T_SLOT, T_STARTED, T_WAIT, type BatchChunk, type BatchMessage, type BatchStyle, type LaneConfig, type LoadReport, type TaskFault, type TaskNumbers, type WireError } from '../lanes/wire';

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
  readThreadTimes(); // opens its descriptor now, so the load report can name it
  const t0 = epochNow();
  let error: WireError | undefined;
  try {
    const mod = await loadModule(config.load.bundlePath, config.load.format ?? 'cjs');
    const factory = mod[config.load.exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[config.load.exportName];
    if (typeof factory !== 'function') {
      throw new Error(`The bundle ${config.load.bundlePath} has no function export '${config.load.exportName}'.`);
    }
    const ctorArgs = config.load.constructArgs === undefined ? undefined : deserialize(Buffer.from(config.load.constructArgs, 'base64')) as unknown[];
    // For an instance method the instance is built here, once per lane, inside start-up (loadMs): never timed.
    let fn = (factory as (ctorArgs?: unknown[]) => unknown)(ctorArgs);
    if (isThenable(fn)) fn = await fn;
    if (typeof fn !== 'function') throw new Error(`The factory '${config.load.exportName}' returned ${describeType(fn)}, not a function.`);
    callable = fn as Callable;
  } catch (err) {
    error = toWireError(err);
  }
  const cpuFile = threadCpuFile();
  rebaseTimes();
  return { laneId, loadMs: epochNow() - t0, output: takeLaneOutput(), ...(error ? { error } : {}), ...(cpuFile ? { cpuFile } : {}) };
}

// `import()` kept as written: tsc's CommonJS output would turn a plain import() into require(), and
// Node 20.18 (VS Code 1.96's extension host) cannot require() an ES module.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/** ES modules by import() of their file URL (worker threads and child processes alike); CommonJS by require. */
async function loadModule(file: string, format: 'esm' | 'cjs'): Promise<Record<string, unknown>> {
  if (format === 'esm') return importModule(pathToFileURL(file).href);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Record<string, unknown>;
}

/** How a task ended, beyond its numbers: the result's bytes (when the caller keeps them) or the fault. */
export interface TaskEnd {
  result?: Uint8Array;
  fault?: WireError;
}

const NOTHING: TaskEnd = Object.freeze({});

// The lane's last CPU and run-queue readings, the baseline of the next one. A reading is one /proc
// read (5-20 µs on a loaded VM): taken at a task's end, as one per task rather than two. Between two
// tasks the lane handles messages (reply, wake-up, the next arguments), so that work counts into the
// next reading; taskTimes() caps CPU + wait at the tasks' wall time, which bounds the error to their
// length.
let lastCpu = NaN;
let lastWait = NaN;
/** When the last reading was taken (epoch ms), and the wall time of the tasks ended since, not yet read. */
let lastReadAt = NaN;
let unreadWallMs = 0;

/**
 * A task that ends less than this after the lane's last reading is not read on its own: the next
 * reading covers it, and the engine shares that reading out by wall time (RepetitionRecorder). Reading
 * at every end would cost a no-op task a quarter of its time; at most one reading per millisecond of
 * lane time costs under 1%, and tasks of 1 ms and more are each still read on their own.
 */
export const READ_EVERY_MS = 1;

/** A fresh baseline, after work that is no task's (loading, receiving a batch chunk). */
export function rebaseTimes(): void {
  if (readThreadTimes()) {
    lastCpu = threadTimes.cpuMs;
    lastWait = threadTimes.waitMs;
  } else {
    lastCpu = lastWait = NaN;
  }
  lastReadAt = epochNow();
  unreadWallMs = 0;
}

function taskTimes(out: TaskNumbers, at: number, endedAt: number, wallMs: number, mustRead: boolean): void {
  unreadWallMs += wallMs;
  if (!mustRead && endedAt - lastReadAt < READ_EVERY_MS) {
    out[at + T_CPU] = out[at + T_WAIT] = IN_NEXT_READING;
    return;
  }
  const wall = unreadWallMs;
  lastReadAt = endedAt;
  unreadWallMs = 0;
  if (!readThreadTimes()) {
    out[at + T_CPU] = out[at + T_WAIT] = NaN;
    return;
  }
  const cpu = threadTimes.cpuMs - lastCpu;
  const wait = threadTimes.waitMs - lastWait;
  lastCpu = threadTimes.cpuMs;
  lastWait = threadTimes.waitMs;
  // A thread cannot run or queue for longer than its tasks lasted: the excess is the gaps between them.
  const c = cpu > wall ? wall : cpu < 0 ? 0 : cpu;
  const room = wall - c;
  out[at + T_CPU] = c;
  out[at + T_WAIT] = wait > room ? room : wait < 0 ? 0 : wait;
}

/**
 * One task: writes its TASK_FIELDS numbers into `out` at `at`. Synchronous when the user's function
 * is (no promise per task); a promise when it returned one. With `keepResult` the result's
 * structured-clone bytes are returned; otherwise only their size is kept. `mustRead`: read the CPU
 * clock at its end however short it was (the lane's last task, so no task waits for a later reading).
 */
export function runOne(index: number, argv: unknown[], out: TaskNumbers, at: number, keepResult: boolean, mustRead: boolean): TaskEnd | Promise<TaskEnd> {
  const fn = mustHaveCallable();
  begin(index);
  const startedAt = epochNow();
  let value: unknown;
  try {
    syncTask = index;
    value = fn(...argv);
  } catch (err) {
    syncTask = undefined;
    return settle(index, startedAt, out, at, keepResult, undefined, { err }, mustRead);
  }
  syncTask = undefined;
  if (!isThenable(value)) return settle(index, startedAt, out, at, keepResult, value, undefined, mustRead);
  return Promise.resolve(value).then(
    (v) => settle(index, startedAt, out, at, keepResult, v, undefined, mustRead),
    (err: unknown) => settle(index, startedAt, out, at, keepResult, undefined, { err }, mustRead),
  );
}

/** `timed`: true or false reads the CPU clock as taskTimes() decides (true: whatever the length); undefined: no CPU for this task. */
function settle(index: number, startedAt: number, out: TaskNumbers, at: number, keepResult: boolean, value: unknown, thrown: { err: unknown } | undefined, timed: boolean | undefined): TaskEnd {
  const endedAt = epochNow();
  out[at + T_INDEX] = index;
  out[at + T_STARTED] = startedAt;
  out[at + T_ENDED] = endedAt;
  if (timed !== undefined) taskTimes(out, at, endedAt, endedAt - startedAt, timed);
  else out[at + T_CPU] = out[at + T_WAIT] = NaN;
  out[at + T_SLOT] = NaN;
  end(index);
  return finish(index, out, at, keepResult, value, thrown);
}

/**
 * A repetition of n tasks on this one thread, its arguments streamed in on `port` (see BatchChunk).
 * sequential: each task awaited before the next starts. async: all n started together, so every
 * argument must be here first; they overlap only at their awaits.
 */
export async function runBatch(style: BatchStyle, n: number, port: MessagePort): Promise<void> {
  const inbox = new ChunkInbox(port);
  try {
    if (style === 'sequential') await runSequential(n, inbox, port);
    else await runAllTogether(n, inbox, port);
  } finally {
    port.close();
  }
}

/** Tasks per report message: bounds what a report holds while keeping messages few. */
const REPORT_EVERY = 1000;
/**
 * Tasks that ended are also reported once this long has passed since the last report, so the live
 * view sees long tasks as they end: at most ten extra messages a second, whatever the task size.
 */
const REPORT_AFTER_MS = 100;

async function runSequential(n: number, inbox: ChunkInbox, port: MessagePort): Promise<void> {
  let done = 0;
  let reportedAt = epochNow();
  while (done < n) {
    const got = inbox.next();
    const chunk = got instanceof Promise ? await got : got;
    rebaseTimes();
    const tasks: number[] = new Array<number>(chunk.args.length * TASK_FIELDS).fill(0);
    let faults: TaskFault[] | undefined;
    let from = 0;
    const last = chunk.args.length - 1;
    for (let k = 0; k <= last; k++) {
      const index = chunk.first + k;
      // The chunk's last task is always read: the next chunk starts from a fresh baseline.
      const ran = runOne(index, chunk.args[k], tasks, k * TASK_FIELDS, false, k === last);
      const e = ran instanceof Promise ? await ran : ran;
      if (e.fault) (faults ??= []).push({ index, failure: e.fault });
      const endedAt = tasks[k * TASK_FIELDS + T_ENDED];
      if (k === last || endedAt - reportedAt >= REPORT_AFTER_MS) {
        const part = from === 0 && k === last ? tasks : tasks.slice(from * TASK_FIELDS, (k + 1) * TASK_FIELDS);
        const report: BatchMessage = { kind: 'report', tasks: part, ...(faults ? { faults } : {}) };
        port.postMessage(report);
        faults = undefined;
        from = k + 1;
        reportedAt = endedAt;
      }
    }
    done += chunk.args.length;
  }
}

/** Promise.all's meaning over every task (a counter rather than n promises); each call gets the lowest free slot. */
async function runAllTogether(n: number, inbox: ChunkInbox, port: MessagePort): Promise<void> {
  mustHaveCallable();
  // All arguments are taken first: the calls are meant to start together.
  const argvs: (unknown[] | undefined)[] = new Array<unknown[] | undefined>(n);
  for (let got = 0; got < n; ) {
    const next = inbox.next();
    const chunk = next instanceof Promise ? await next : next;
    for (let k = 0; k < chunk.args.length; k++) argvs[chunk.first + k] = chunk.args[k];
    got += chunk.args.length;
  }
  const slots: boolean[] = [];
  const takeSlot = (): number => {
    let s = slots.indexOf(false);
    if (s === -1) s = slots.length;
    slots[s] = true;
    return s;
  };
  let pending: number[] = [];
  let faults: TaskFault[] | undefined;
  let settled = 0;
  let reportedAt = epochNow();
  const flush = (): void => {
    reportedAt = epochNow();
    const report: BatchMessage = { kind: 'report', tasks: pending, ...(faults ? { faults } : {}) };
    port.postMessage(report);
    pending = [];
    faults = undefined;
  };
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const fn = mustHaveCallable();
  for (let index = 0; index < n; index++) {
    const argv = argvs[index] as unknown[];
    argvs[index] = undefined; // the call holds its arguments; drop ours so they can go when it ends
    const slot = takeSlot();
    begin(index);
    const startedAt = epochNow();
    // Per-task CPU is not reported here: interleaved calls share the thread, so it cannot be split.
    const onSettled = (value: unknown, thrown?: { err: unknown }): void => {
      const at = pending.length;
      for (let f = 0; f < TASK_FIELDS; f++) pending.push(0);
      const e = settle(index, startedAt, pending, at, false, value, thrown, undefined);
      pending[at + T_SLOT] = slot;
      slots[slot] = false;
      if (e.fault) (faults ??= []).push({ index, failure: e.fault });
      settled++;
      if (settled === n) {
        flush();
        allSettled();
      } else if (pending.length >= REPORT_EVERY * TASK_FIELDS || pending[at + T_ENDED] - reportedAt >= REPORT_AFTER_MS) flush();
    };
    let value: unknown;
    try {
      syncTask = index;
      value = fn(...argv);
    } catch (err) {
      syncTask = undefined;
      onSettled(undefined, { err });
      continue;
    }
    syncTask = undefined;
    if (isThenable(value)) Promise.resolve(value).then((v) => onSettled(v), (err: unknown) => onSettled(undefined, { err }));
    else onSettled(value);
  }
  if (n === 0) allSettled();
  await done;
}

/** The batch's chunks in order: taken at once when already here, else awaited. Each is acknowledged when taken. */
class ChunkInbox {
  private readonly queued: BatchChunk[] = [];
  private waiting: ((chunk: BatchChunk) => void) | undefined;
  private static readonly ACK: BatchMessage = { kind: 'ack' };

  constructor(private readonly port: MessagePort) {
    port.on('message', (chunk: BatchChunk) => {
      const w = this.waiting;
      if (w) {
        this.waiting = undefined;
        w(chunk);
      } else this.queued.push(chunk);
    });
  }

  next(): BatchChunk | Promise<BatchChunk> {
    // A chunk may sit in the port while this thread was busy with tasks: receive it synchronously.
    const chunk = this.queued.shift() ?? (receiveMessageOnPort(this.port)?.message as BatchChunk | undefined);
    if (chunk) return this.taken(chunk);
    return new Promise((resolve) => {
      this.waiting = (c) => resolve(this.taken(c));
    });
  }

  private taken(chunk: BatchChunk): BatchChunk {
    this.port.postMessage(ChunkInbox.ACK);
    return chunk;
  }
}

function finish(index: number, out: TaskNumbers, at: number, keepResult: boolean, value: unknown, thrown: { err: unknown } | undefined): TaskEnd {
  if (thrown) {
    out[at + T_RESULT_BYTES] = NaN;
    return { fault: toWireError(thrown.err) };
  }
  const known = knownCloneSize(value);
  if (known >= 0) {
    // Nothing worth sending back: a few bytes whose copy costs nothing measurable.
    out[at + T_RESULT_BYTES] = known;
    return NOTHING;
  }
  try {
    const result = serialize(value);
    out[at + T_RESULT_BYTES] = result.length;
    return keepResult ? { result } : NOTHING;
  } catch (err) {
    out[at + T_RESULT_BYTES] = NaN;
    return { fault: unclonableResult(index, value, err) };
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
