// Messages between the engine and a lane (worker thread or child process). Types only: the entries
// import this and nothing heavier.
import type { MessagePort } from 'node:worker_threads';
import type { ThreadCpuFile } from '../runtime/clock';
import type { LoadSpec } from './laneOptions';

export type Stream = 'out' | 'err';

export interface LaneLine {
  stream: Stream;
  text: string;
  task?: number;
}

/** Console output collected inside a lane since its last reply, already bounded. */
export interface LaneOutput {
  lines: LaneLine[];
  droppedLines: number;
}

export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** A ProfilerErrorCode when the user's factory threw one (e.g. CONSTRUCTOR_NEEDS_ARGUMENTS). */
  code?: string;
}

/** What a lane reports once it has loaded the user's module and built its callable. */
export interface LoadReport {
  /** worker threadId, or the child's pid. */
  laneId: number;
  /** The lane's JS thread as the OS knows it (Linux), so the engine can place it on a core. */
  osThreadId?: number;
  loadMs: number;
  output: LaneOutput;
  error?: WireError;
  /** Descriptor kept open for CPU readings (worker threads), closed by the engine once the thread is gone if the runtime did not. */
  cpuFile?: ThreadCpuFile;
}

/**
 * One task's numbers as a flat run of TASK_FIELDS numbers (a reply may hold many, back to back):
 * structured clone copies a dense number array in one go, where an object costs a key per field.
 * NaN marks a number the lane does not know (CPU in async mode, sizes of a failed task, no slot).
 */
export const T_INDEX = 0;
export const T_STARTED = 1;
export const T_ENDED = 2;
/** CPU of the lane's thread during the task, ms. */
export const T_CPU = 3;
/** Run-queue wait of the lane's thread during the task, ms: runnable, but other threads had the cores. */
export const T_WAIT = 4;
export const T_RESULT_BYTES = 5;
/** Async mode: the slot of the in-flight call. Workers mode, in shared timings: the thread's id. */
export const T_SLOT = 6;
export const TASK_FIELDS = 7;
/**
 * T_CPU and T_WAIT of a task the lane did not read the CPU clock for (it ended within READ_EVERY_MS
 * of the last reading): the lane's next reading covers it too, and the engine shares that out.
 */
export const IN_NEXT_READING = -1;

/** Where a task's TASK_FIELDS numbers are written: a reply's own array, or the shared timings. */
export interface TaskNumbers {
  [i: number]: number;
}

/** A task that threw (or returned what cannot be cloned). */
export interface TaskFault {
  index: number;
  failure: WireError;
}

export type BatchStyle = 'sequential' | 'async';

/**
 * One task. The arguments are the task's own values: postMessage clones them, as for a piscina user.
 * `read`: take a CPU reading at the task's end however short it was (the lane may not get another task).
 */
export interface RunOneRequest {
  kind: 'run-one';
  index: number;
  args: unknown[];
  read?: true;
}

/**
 * `chunk` consecutive tasks in one message (the `chunk` option), run back to back in the lane; each
 * task is still timed on its own. `read`: as RunOneRequest's, for the chunk's last task.
 */
export interface RunChunkRequest {
  kind: 'run-chunk';
  first: number;
  args: unknown[][];
  read?: true;
}

export type LaneRequest =
  /** Answered with a ProbeReply: forces the thread up and its module loaded. */
  | { kind: 'probe' }
  | RunOneRequest
  | RunChunkRequest
  /**
   * A whole repetition of `tasks` tasks, streamed: the arguments arrive on `port` in BatchChunks, the
   * lane answers each with a BatchAck when it takes it and sends BatchReports as tasks finish; the
   * request itself resolves with a RunBatchReply once every task has been reported.
   */
  | { kind: 'run-batch'; style: BatchStyle; tasks: number; port: MessagePort }
  | ProfileRequest;

/**
 * Start or stop this lane's V8 CPU profiler (one extra, uncounted repetition per mode). A thread pool
 * sends K at once with a `barrier` of K: each thread waits there until all K have arrived, so the K
 * requests land on K different threads. `stop` writes the profile to `file` + the lane id + `.json`.
 */
export type ProfileRequest =
  | { kind: 'profile-start'; intervalUs: number; barrier?: SharedArrayBuffer; lanes?: number }
  | { kind: 'profile-stop'; file: string; barrier?: SharedArrayBuffer; lanes?: number };

export interface ProfileReply {
  kind: 'profile';
  laneId: number;
  /** How long Profiler.start, or Profiler.stop with writing the file, took in the lane, ms. */
  ms: number;
  /** stop: where the raw profile was written, its size, and one reading of both clocks to map its times. */
  file?: string;
  bytes?: number;
  clock?: ProfileClock;
  error?: WireError;
}

/** The same instant on the profile's clock (process.hrtime, µs) and the tasks' clock (machine-clock ms). */
export interface ProfileClock {
  hrUs: number;
  epochMs: number;
}

/** Engine → lane on a batch's port: the arguments of tasks first, first + 1, …. */
export interface BatchChunk {
  first: number;
  args: unknown[][];
}

/** Lane → engine on a batch's port. */
export type BatchMessage =
  /** A chunk was taken: the engine may send the next one (so at most two are ever in flight). */
  | { kind: 'ack' }
  /** Finished tasks, TASK_FIELDS numbers each; result values stay in the lane (only sizes are needed). */
  | { kind: 'report'; tasks: number[]; faults?: TaskFault[] };

export interface ProbeReply {
  kind: 'probe';
  load: LoadReport;
  /** False when this thread already answered a probe (its load was reported then). */
  first: boolean;
}

export interface RunOneReply {
  kind: 'run-one';
  /** worker threadId or child pid, so the engine can name the lane. */
  laneId: number;
  /** TASK_FIELDS numbers. */
  task: number[];
  fault?: WireError;
  /** The result as structured-clone bytes: it crosses back like in every mode, then is only counted. */
  result?: Uint8Array;
  /** Only when the task printed something. */
  output?: LaneOutput;
}

/** The tasks of a RunChunkRequest, TASK_FIELDS numbers each in order, with what only some of them have. */
export interface RunChunkReply {
  kind: 'run-chunk';
  laneId: number;
  tasks: number[];
  faults?: TaskFault[];
  /** The results that were not a few bytes, as structured-clone bytes: they cross back as in run-one. */
  results?: Uint8Array[];
  output?: LaneOutput;
}

export interface RunBatchReply {
  kind: 'run-batch';
  output: LaneOutput;
}

/** A workers-mode reply that says only "task <index> ended; its numbers are in the shared timings". */
export type RunOneShared = number;

export type LaneReply = ProbeReply | RunOneReply | RunChunkReply | RunBatchReply | RunOneShared | ProfileReply;

/** Posted by a worker thread on its parentPort just before the user's code ends the thread. */
export interface LastWords {
  kind: 'last-words';
  task?: number;
  /** e.g. "called process.abort()". */
  what: string;
  exitCode: number;
}

/** Child process → engine over IPC. */
export type ChildMessage =
  | { kind: 'ready'; load: LoadReport }
  | RunOneReply
  | RunChunkReply
  | ProfileReply;

/** Engine → child process over IPC. */
export type ChildRequest = RunOneRequest | RunChunkRequest | ProfileRequest;

/** Passed to a child as its only argument, and to worker threads as workerData. */
export interface LaneConfig {
  load: LoadSpec;
  /** Worker threads only: Int32Array view [task + 1 last started, tasks in flight], read after a crash. */
  progress?: SharedArrayBuffer;
  /**
   * Workers mode: a Float64Array of TASK_FIELDS numbers per task, indexed by task. A thread writes a
   * task's numbers here and answers with the bare task index (a RunOneShared), so a reply costs what a
   * piscina user's returned number costs; a task with more to say (a fault, result bytes, output)
   * answers with a RunOneReply as in every other mode.
   */
  timings?: SharedArrayBuffer;
  /** The queue processor of a `parallelism-profiler worker` command (its replies carry remoteWorkerPid). */
  remote?: true;
}

/**
 * The queue mode's job data (BullMQ carries it as JSON, never structured clone): a task's index and
 * its arguments, or a warm-up that only asks the processor to load the user's module.
 */
export type QueueJobData =
  | { kind: 'task'; index: number; args: unknown[] }
  /** holdMs: the lane keeps the job that long after loading, so K warm-ups added at once land on K lanes (remote workers' included). */
  | { kind: 'warm'; holdMs?: number }
  /** K at once: each waits in `meet` (a folder on this machine) until `lanes` lanes arrived, so the K land on K lanes. */
  | { kind: 'profile'; request: ProfileRequest; meet: string; lanes: number };

/** What the queue mode's processor returns for a job (as JSON, through Redis). */
export interface QueueJobReturn {
  /** The lane: the child's pid, or the worker thread's id with `thread` set. */
  laneId: number;
  thread?: true;
  host: string;
  /** The process the lane belongs to (the child itself, or the process holding the thread). */
  pid: number;
  /** TASK_FIELDS numbers; absent for a warm-up. */
  task?: number[];
  /** A profile job's answer. */
  profile?: ProfileReply;
  /** How many times BullMQ had started this job before (a stalled job handed over again). */
  attempt?: number;
  fault?: WireError;
  output?: LaneOutput;
  /** A warm-up's load report. */
  load?: LoadReport;
  /** Set by the processor of a `parallelism-profiler worker` command: that command's own pid. */
  remoteWorkerPid?: number;
  /**
   * A remote lane's wall clock minus its machine clock (clock.ts), ms, at the job's end. Task times are
   * on the machine clock, CLOCK_MONOTONIC, which counts from each machine's boot: the profiler moves
   * another machine's times onto its own through the two wall clocks (as close as NTP keeps them).
   */
  clock?: number;
}
