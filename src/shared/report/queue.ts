// What the queue mode adds to its result: where its Redis was, every worker that took jobs, and what
// a job cost beyond its work. No node, no vscode, no DOM: the webview compiles this file too.

export interface QueueWorker {
  host: string;
  pid: number;
  /** Lanes (BullMQ sandboxed children) this worker ran. */
  lanes: number;
  /** Jobs it finished over the mode's measured repetitions. */
  tasks: number;
  /** True for a `parallelism-profiler worker` that joined from elsewhere. */
  remote: boolean;
  /** A remote worker's own pickup times (add, or its lane's previous end, to start): what its link to Redis adds. */
  pickupMs?: JobTime;
}

/** A `parallelism-profiler worker` that found the run and refused it (its compiled module differed): it took no job. */
export interface RefusedQueueWorker {
  host: string;
  pid: number;
  /** Its file, on its machine. */
  file: string;
  /** Its compiled module's hash. */
  hash: string;
  reason: string;
}

/** Median and 95th percentile of a per-job time, ms. */
export interface JobTime {
  median: number;
  p95: number;
}

export interface QueueInfo {
  /** The Redis as shown to the user: never a password. */
  redis: string;
  /** True when the profiler started a private redis-server for the run. */
  privateRedis: boolean;
  /** The server's version (INFO server), when it answered. */
  redisVersion?: string;
  /** One PING round trip from the profiler to Redis, ms (median of a few on a warm connection). */
  redisRttMs?: number;
  /** What runs each job: BullMQ's child processes (its default) or worker threads. */
  lanesKind: 'processes' | 'threads';
  /** Jobs the numbers below cover (the measured repetitions). */
  jobs: number;
  workers: QueueWorker[];
  /** Remote workers that refused the run, with their reasons. */
  refused?: RefusedQueueWorker[];
  /** From a job's add (or its lane's previous job's end, when it waited for the lane) to its start. */
  pickupMs?: JobTime;
  /** From a job's end in its lane to the profiler hearing of it through Redis. */
  heardMs?: JobTime;
  /** The task's own time in the lane, for scale. */
  workMs?: JobTime;
  /** Redis's own CPU (INFO cpu, before and after) per job, ms. */
  redisCpuMsPerJob?: number;
  /** Bytes of a job's data and of its returned value as JSON, on average. */
  argBytesPerJob: number;
  resultBytesPerJob: number;
  /** Jobs BullMQ started more than once (a stalled job handed to another lane). */
  retries: number;
}
