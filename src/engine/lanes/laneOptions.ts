// What starting a pool of lanes takes: the module each lane loads and the pool's limits.
/** What a worker thread or child process needs to load the user's function. */
export interface LoadSpec {
  /** Absolute path of the emitted module (with its source map beside it). */
  bundlePath: string;
  /** The export of the bundle that holds a factory returning the callable target (see bundle.ts). */
  exportName: string;
  /** How the lane loads it: 'esm' with import() of its file URL, 'cjs' with require (default 'cjs'). */
  format?: 'esm' | 'cjs';
  /** The constructor's arguments for an instance method, as v8.serialize bytes in base64 (they cross
   * to a child process inside its JSON configuration); built once per lane before any timing. */
  constructArgs?: string;
}

export interface ModeStartOptions {
  load: LoadSpec;
  /** Threads or processes to start: 1 for sequential and async. */
  lanes: number;
  /** Heap limit per worker thread / child process, MB. */
  memoryLimitMb: number;
  /** Whole-mode bound: start-up, warm-ups and repetitions together. */
  timeoutMs: number;
  /**
   * Tasks per repetition, when known before the lanes start: the workers mode then shares one table of
   * per-task numbers with its threads instead of a reply object per task (see LaneConfig.timings).
   */
  taskCapacity?: number;
  /** Workers and processes modes: consecutive tasks per message (1, the default: one task a message). */
  chunk?: number;
  /** The queue mode's Redis and lanes. */
  queue?: QueueSettings;
  signal: AbortSignal;
}

/** The queue mode's choices. */
export interface QueueSettings {
  /** A Redis of the user's; absent: a private redis-server (or valkey-server) from the PATH, for this run only. */
  redis?: { url: string; password?: string };
  /** BullMQ's worker threads instead of its child processes. */
  threads?: boolean;
  /** How soon BullMQ hands on a job whose worker stopped renewing its lock, ms (BullMQ's default 30,000). */
  stalledIntervalMs?: number;
  /** The queue's name; absent: one of the run's own (pp-PID-random). Not a user setting: tests name it to reach the refusal of a queue that holds keys. */
  queueName?: string;
  /** `parallelism-profiler worker` commands (on other machines) to wait for before timing; 0 or absent: none. */
  remoteWorkers?: number;
  /** How long to wait for them to join, ms (default 60,000); past it the mode fails, naming who joined and who was refused. */
  remoteWaitMs?: number;
  /** Not a user setting: what the run announces to remote workers (profile.ts fills it in). */
  remoteRun?: { functionName: string; file: string; tasks: number };
}
