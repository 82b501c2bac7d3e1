// Messages between the engine and a lane (worker thread or child process). Types only: the entries
// import this and nothing heavier.
import type { LoadSpec } from '../modes/types';

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
  loadMs: number;
  output: LaneOutput;
  error?: WireError;
  /** Descriptor kept open by threadCpuMs(), closed by the engine once the thread is gone. */
  cpuFd?: number;
}

export interface TaskReport {
  index: number;
  /** Async mode: the slot of the in-flight call. Otherwise unset (the engine knows the lane). */
  slot?: number;
  startedAt: number;
  endedAt: number;
  cpuMs?: number;
  resultBytes?: number;
  failure?: WireError;
}

export type BatchStyle = 'sequential' | 'async';

export type LaneRequest =
  /** Answered with a ProbeReply: forces the thread up and its module loaded. */
  | { kind: 'probe' }
  | { kind: 'run-one'; index: number; args: Uint8Array }
  | { kind: 'run-batch'; style: BatchStyle; indices: number[]; args: Uint8Array[] };

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
  task: TaskReport;
  /** The result as structured-clone bytes: it crosses back like in every mode, then is only counted. */
  result?: Uint8Array;
  output: LaneOutput;
}

export interface RunBatchReply {
  kind: 'run-batch';
  tasks: TaskReport[];
  results: (Uint8Array | undefined)[];
  output: LaneOutput;
}

export type LaneReply = ProbeReply | RunOneReply | RunBatchReply;

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
  | RunOneReply;

/** Engine → child process over IPC. */
export type ChildRequest = { kind: 'run-one'; index: number; args: Uint8Array };

/** Passed to a child as its only argument, and to worker threads as workerData. */
export interface LaneConfig {
  load: LoadSpec;
  /** Worker threads only: Int32Array view [task + 1 last started, tasks in flight], read after a crash. */
  progress?: SharedArrayBuffer;
}
