// sequential and async inside one lane: a repetition of n tasks on this thread, its arguments
// streamed in chunks over a MessagePort of its own (see BatchChunk), finished tasks reported in
// batches (every REPORT_EVERY tasks, or REPORT_AFTER_MS after the last report).
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { machineNow } from './clock';
import { rebaseTimes } from './cpuReadings';
import { isThenable, userFunction } from './moduleLoader';
import { begin, runOne, settle, setSyncTask } from './taskRuntime';
import { TASK_FIELDS, T_ENDED, T_SLOT, type BatchChunk, type BatchMessage, type BatchStyle, type TaskFault } from '../lanes/wire';

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
  let reportedAt = machineNow();
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
  userFunction();
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
  let reportedAt = machineNow();
  const flush = (): void => {
    reportedAt = machineNow();
    const report: BatchMessage = { kind: 'report', tasks: pending, ...(faults ? { faults } : {}) };
    port.postMessage(report);
    pending = [];
    faults = undefined;
  };
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const fn = userFunction();
  for (let index = 0; index < n; index++) {
    const argv = argvs[index] as unknown[];
    argvs[index] = undefined; // the call holds its arguments; drop ours so they can go when it ends
    const slot = takeSlot();
    begin(index);
    const startedAt = machineNow();
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
      setSyncTask(index);
      value = fn(...argv);
    } catch (err) {
      setSyncTask(undefined);
      onSettled(undefined, { err });
      continue;
    }
    setSyncTask(undefined);
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
