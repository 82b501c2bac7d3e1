// A BullMQ Worker with the profiler's sandboxed processor, as both the queue mode (queueLanes.ts) and
// a `parallelism-profiler worker` command (remoteWorker.ts) start one, and the reach into BullMQ's
// child pool that ending it cleanly needs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { childEnvironment } from './childEnvironment';
import { entryPath } from './entryPaths';
import type { LaneConfig } from './wire';

export interface ProcessorWorkerOptions {
  queue: string;
  prefix: string;
  connection: Record<string, unknown>;
  concurrency: number;
  threads: boolean;
  memoryLimitMb: number;
  stalledIntervalMs: number;
  /** A private folder for the per-run processor file. */
  dir: string;
  config: LaneConfig;
}

/** A BullMQ Worker whose sandboxed processor loads the module named in `config` (from this machine, never from Redis). */
export function startProcessorWorker(WorkerClass: typeof Worker, o: ProcessorWorkerOptions): Worker {
  const processor = join(o.dir, 'processor.js');
  // A per-run file, so the processor's configuration never travels through Redis.
  writeFileSync(processor, `module.exports = require(${JSON.stringify(entryPath('queueProcessor'))}).processorFor(${JSON.stringify(o.config)});\n`, { mode: 0o600 });
  const execArgv = [`--max-old-space-size=${o.memoryLimitMb}`, '--enable-source-maps'];
  const worker = new WorkerClass(o.queue, processor, {
    connection: o.connection, prefix: o.prefix, concurrency: o.concurrency, useWorkerThreads: o.threads,
    // The user's environment (ELECTRON_RUN_AS_NODE kept under Electron); stdout stays out of the
    // CLI's own output (the lanes capture their console themselves).
    workerForkOptions: { execArgv, env: childEnvironment(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
    workerThreadsOptions: { resourceLimits: { maxOldGenerationSizeMb: o.memoryLimitMb } },
    // A lane whose worker process dies mid-job loses its lock: BullMQ hands the job on after this. A
    // whole worker killed (a remote `worker` command, say) stops renewing its jobs' locks, which then
    // last lockDuration: the same interval (BullMQ's defaults are 30 s for both), but never under 5 s,
    // so a busy event loop that renews late (0.4 s delays seen under CI load) never loses a live job.
    stalledInterval: o.stalledIntervalMs,
    lockDuration: Math.max(o.stalledIntervalMs, 5000),
    maxStalledCount: 1,
  } as ConstructorParameters<typeof Worker>[2]);
  worker.on('error', () => undefined);
  return worker;
}

export interface LaneChild {
  /** The child's pid, or its thread's id: what the processor reports as its lane id. */
  pid: number;
  childProcess?: import('node:child_process').ChildProcess;
  worker?: import('node:worker_threads').Worker;
}

/** The living children (or threads) of BullMQ's pool: those running a job and those free. */
export function poolChildren(worker: Worker | undefined): LaneChild[] {
  const pool = (worker as unknown as { childPool?: { retained: Record<string, LaneChild>; free: Record<string, LaneChild[]> } } | undefined)?.childPool;
  return pool ? [...Object.values(pool.retained), ...Object.values(pool.free).flat()] : [];
}

export function killChild(c: LaneChild): void {
  if (c.childProcess && c.childProcess.exitCode === null) c.childProcess.kill('SIGKILL');
  else if (c.worker) void c.worker.terminate();
}

/**
 * BullMQ's ChildPool.retain starts a child and adds it to the pool only once it loaded the processor:
 * one still starting when the run ends would outlive it (checked: after a failed run, a child kept
 * the test process alive). Each start is tracked in `starting`, and a child that arrives once
 * `ending()` is true is killed.
 */
export function trackChildStarts(worker: Worker | undefined, ending: () => boolean, starting: Set<Promise<unknown>>): void {
  const pool = (worker as unknown as { childPool?: { retain(file: string): Promise<LaneChild> } } | undefined)?.childPool;
  if (!pool) return;
  const retain = pool.retain.bind(pool);
  pool.retain = (file) => {
    const started = retain(file).then((child) => {
      if (ending()) killChild(child);
      return child;
    });
    const settled = started.catch(() => undefined).finally(() => starting.delete(settled));
    starting.add(settled);
    return started;
  };
}
