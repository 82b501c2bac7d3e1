// How a queue-mode run and the `parallelism-profiler worker` commands find each other in Redis. The
// profiler writes one announcement key per run (its queue, the function, its compiled module's hash,
// the task count); a worker polls for announcements of its function, compares hashes, and then either
// registers itself in the run's workers hash and takes jobs, or records its refusal and takes none.
// Only descriptions cross Redis, never code: a worker runs the module it compiled from its own
// checkout. Every key lives under the run's queue prefix (bull:QUEUE:pp:…), so the run's clean-up,
// which removes bull:QUEUE:*, removes them too; a worker writes its entry only while the announcement
// exists (a script checks it), so a worker that is late cannot leave a key behind the run.
import type { SourceFileHash } from './moduleHash';

export const ANNOUNCE_SUFFIX = 'pp:announce';

export interface RunAnnouncement {
  v: 1;
  queue: string;
  prefix: string;
  /** The function's qualified name (Class.method for methods). */
  function: string;
  /** The profiled file relative to the profiler's checkout root, and that root, for the words of a refusal. */
  file: string;
  root: string;
  hash: string;
  files: Record<string, SourceFileHash>;
  /** Tasks per repetition. */
  tasks: number;
  lanesKind: 'processes' | 'threads';
  stalledIntervalMs: number;
  memoryLimitMb: number;
  /** An instance method's constructor arguments (v8.serialize bytes, base64: data, not code), built once at the profiler. */
  constructArgs?: string;
  host: string;
  pid: number;
  createdAt: number;
  /** 'open' while workers may join and take jobs; 'ending' once the profiler is done: joined workers leave. */
  state: 'open' | 'ending';
}

/** A worker's entry in the run's workers hash (field host:pid). */
export interface JoinedWorker {
  host: string;
  pid: number;
  lanes: number;
  file: string;
  hash: string;
}

/** A worker that refused the run (field host:pid of the refused hash). */
export interface RefusedWorker {
  host: string;
  pid: number;
  /** The worker's file, absolute, on its machine. */
  file: string;
  hash: string;
  reason: string;
}

export const runKeys = (prefix: string, queue: string) => ({
  announce: `${prefix}:${queue}:${ANNOUNCE_SUFFIX}`,
  workers: `${prefix}:${queue}:pp:workers`,
  refused: `${prefix}:${queue}:pp:refused`,
});

/** Pattern a worker scans for (the profiler's prefix is always `bull`). */
export const ANNOUNCE_PATTERN = `bull:*:${ANNOUNCE_SUFFIX}`;

/** HSET KEYS[2] ARGV[1] ARGV[2] only while KEYS[1] (the announcement) exists; the entry expires with the announcement at the latest. */
export const HSET_WHILE_ANNOUNCED = `
if redis.call('exists', KEYS[1]) == 0 then return 0 end
redis.call('hset', KEYS[2], ARGV[1], ARGV[2])
local ttl = redis.call('pttl', KEYS[1])
if ttl > 0 then redis.call('pexpire', KEYS[2], ttl) end
return 1`;

/** An announcement lives at most this long if the profiler dies without cleaning up (it renews it while it runs). */
export const ANNOUNCE_TTL_MS = 10 * 60_000;

export function parseJson<T>(text: string | null | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
