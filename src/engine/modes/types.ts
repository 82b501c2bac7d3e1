// The contract between the orchestrator (profile.ts) and each mode's runner (one file per mode).
import type { ConsoleCapture, ModeName, QueueInfo, TaskFailure } from '../../shared/report/report';
import type { TaskTable } from './taskTable';
import type { ModeStartOptions } from '../lanes/laneOptions';
import type { ProfileReply, ProfileRequest } from '../lanes/wire';

export type { LoadSpec, ModeStartOptions, QueueSettings } from '../lanes/laneOptions';

/** One started mode: threads or processes up, the user's module loaded and warm. */
export interface ModeSession {
  readonly mode: ModeName;
  readonly lanes: number;
  /** Wall time to start the lanes and load the user's module in each, ms. */
  readonly startupMs: number;
  /** Output the module printed while loading, per lane (captured, bounded). */
  readonly loadOutput: ConsoleCapture;
  /** PIDs of child processes (processes mode), so CPU of the tree can be sampled. */
  readonly pids: number[];
  /** The lanes' JS threads as the OS knows them (Linux; empty elsewhere), so they can be placed on cores. */
  readonly osThreadIds: number[];
  /** Run every task once. Arguments cross to the lane by structured clone. Rejects on timeout, crash or cancel. */
  runRepetition(taskArgs: readonly unknown[][], signal: AbortSignal, onTask?: TaskSink): Promise<RepetitionResult>;
  /** Starts or stops the CPU profiler in every lane, under the mode's time bound; one reply per lane. */
  profileLanes(request: ProfileRequest, signal: AbortSignal): Promise<ProfileReply[]>;
  /** Lane index (0-based, as in TaskRecord.lane) of a lane id (thread id or pid). */
  laneIndex(laneId: number): number | undefined;
  /** Ends every thread or process of the mode; safe to call twice; resolves when they are gone. */
  close(): Promise<void>;
  /** The queue mode's record (its Redis, workers, per-job costs); undefined for the other modes. */
  queueInfo?(): QueueInfo | undefined;
}

export interface RawTask {
  index: number;
  lane: number;
  /** Ms on the machine clock (clock.ts machineNow): one clock across threads and processes. */
  dispatchedAt: number;
  startedAt: number;
  endedAt: number;
  /** CPU time of the running thread (or process) during the task, ms, where the platform gives it. */
  cpuMs?: number;
  /** Time the running thread was runnable but waiting for a core (other threads had them) during the task, ms. */
  waitMs?: number;
  argBytes?: number;
  resultBytes?: number;
  failed?: boolean;
}

export interface RepetitionResult {
  /** Machine-clock ms when the first task was handed over and when the last one finished. */
  startedAt: number;
  endedAt: number;
  /** The tasks' numbers, by task index. */
  table: TaskTable;
  /** The recorded tasks as objects, in index order: built on first use (tests, small runs). */
  readonly tasks: RawTask[];
  /** The failures of the lowest task indices, at most MAX_KEPT_FAILURES (modes/repetition.ts), texts clipped to the report's limits. */
  failures: TaskFailure[];
  /** How many tasks failed in all (failures holds at most MAX_KEPT_FAILURES of them). */
  failedCount?: number;
  console: ConsoleCapture;
}

/**
 * Told of each task as the engine records it (the live view); times are machine-clock ms. Must be cheap.
 * `watchRunning`, when the watcher has it: a mode that can tell which tasks run now (started, not yet
 * ended) hands over how to ask, and the watcher asks on its own clock, a few times a second.
 */
export type TaskSink = ((index: number, lane: number, startedAt: number, endedAt: number, failed: boolean) => void) & {
  watchRunning?: (probe: RunningProbe) => void;
};

/** The tasks running now: index, lane, start (machine-clock ms) for each, flat. */
export type RunningProbe = () => number[];

export type ModeStarter = (options: ModeStartOptions) => Promise<ModeSession>;
