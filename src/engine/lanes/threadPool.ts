// K worker threads on piscina, each with the user's module loaded, for the sequential, async and
// workers modes (sequential and async use one thread). piscina rather than raw Workers for all three,
// so the three thread modes share one entry, one load path, one crash and teardown path, and the
// workers mode measures exactly what a piscina user gets.
import type { TransferListItem, Worker } from 'node:worker_threads';
import Piscina from 'piscina';
import type { ConsoleCapture } from '../../shared/report/report';
import { closeThreadCpuFile, type ThreadCpuFile } from '../runtime/clock';
import { ProfilerError } from '../errors';
import { TASK_FIELDS, type LaneConfig, type LaneReply, type LaneRequest, type LastWords, type LoadReport, type ProbeReply, type ProfileReply, type ProfileRequest } from './wire';
import { childEnvironment } from './childEnvironment';
import { ConsoleCollector } from './consoleCapture';
import { entryPath } from './entryPaths';
import { laneDeathError, loadFailure } from './laneFailures';
import type { ModeStartOptions } from './laneOptions';

// Largest delay setTimeout accepts; bigger ones fire at once. With minThreads = maxThreads no thread
// is ever idle-reaped anyway.
const NEVER_MS = 2 ** 31 - 1;
const PROBE_ROUNDS = 20;

export class ThreadLanes {
  /** Lane index (0..K-1) by worker threadId, from the start-up probes. */
  readonly laneOf = new Map<number, number>();
  readonly pids: number[] = [];
  /** The threads' OS ids (Linux), in lane order. */
  readonly osThreadIds: number[] = [];
  private readonly pool: Piscina<LaneRequest, LaneReply>;
  private readonly lastWords: LastWords[] = [];
  private readonly cpuFiles = new Map<number, ThreadCpuFile>();
  /** [task + 1 last started, tasks in flight], written by the thread; read after it dies. */
  private readonly progress = new Int32Array(new SharedArrayBuffer(8));
  private crashOutsideTask: ProfilerError | undefined;
  private destroying: Promise<void> | undefined;
  /**
   * Exit codes of threads that ended, oldest first. piscina rejects a dead thread's task with a plain
   * Error whose only trace of the code is its text; the Worker's own 'exit' event carries the number.
   * Our listener runs in the same emit as piscina's, before the rejection reaches any handler.
   */
  private readonly exitCodes: number[] = [];
  private readonly watched = new WeakSet<Worker>();

  /** The shared per-task numbers (LaneConfig.timings), when asked for. */
  readonly timings: Float64Array | undefined;

  constructor(private readonly threads: number, private readonly o: ModeStartOptions, sharedTasks = 0) {
    const workerData: LaneConfig = { load: o.load, progress: this.progress.buffer as SharedArrayBuffer };
    if (sharedTasks > 0) {
      workerData.timings = new SharedArrayBuffer(sharedTasks * TASK_FIELDS * Float64Array.BYTES_PER_ELEMENT);
      this.timings = new Float64Array(workerData.timings);
    }
    this.pool = new Piscina<LaneRequest, LaneReply>({
      filename: entryPath('taskWorker'),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: NEVER_MS,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: o.memoryLimitMb },
      // The same environment as the child processes: threads and processes must see the same world.
      env: childEnvironment(),
      workerData,
    });
    this.watchExits();
    this.pool.on('workerCreate', () => this.watchExits());
    this.pool.on('message', (m: unknown) => {
      if (isLastWords(m)) this.lastWords.push(m);
    });
    // Without a listener an 'error' here would be thrown in the engine's own thread.
    this.pool.on('error', (err: unknown) => {
      this.crashOutsideTask ??= this.translate(err, undefined);
    });
  }

  /** Probes until every thread has answered: each probe occupies one thread, so K concurrent ones reach K threads. */
  async start(): Promise<ConsoleCapture> {
    const output = new ConsoleCollector();
    for (let round = 0; round < PROBE_ROUNDS && this.laneOf.size < this.threads; round++) {
      const replies = await Promise.all(Array.from({ length: this.threads }, () => this.run({ kind: 'probe' })));
      for (const reply of replies as ProbeReply[]) this.noteLoad(reply.load, output);
    }
    if (this.laneOf.size < this.threads) throw new ProfilerError('WORKER_CRASHED', `Only ${this.laneOf.size} of ${this.threads} worker threads answered at start-up.`);
    return output.take();
  }

  /** One request; a thread that dies under it becomes the matching ProfilerError. */
  async run(request: LaneRequest, task?: number, transferList?: TransferListItem[]): Promise<LaneReply> {
    if (this.crashOutsideTask) throw this.crashOutsideTask;
    try {
      return await this.pool.run(request, transferList ? { transferList } : undefined);
    } catch (err) {
      throw this.failure(err, task);
    }
  }

  /**
   * A profiler request to every thread, once each: K requests at a time meet at a barrier of K inside
   * the threads (see ProfileRequest), so each round reaches every thread; rounds repeat only if a
   * thread was missed (a barrier that timed out).
   */
  async profileLanes(request: ProfileRequest): Promise<ProfileReply[]> {
    const got = new Map<number, ProfileReply>();
    for (let round = 0; round < PROBE_ROUNDS && got.size < this.threads; round++) {
      const barrier = new SharedArrayBuffer(4);
      const replies = await Promise.all(Array.from({ length: this.threads }, () => this.run({ ...request, barrier, lanes: this.threads })));
      for (const r of replies as ProfileReply[]) if (!got.has(r.laneId) || r.file) got.set(r.laneId, r);
    }
    return [...got.values()];
  }

  /** run() without its promise wrapper, for the per-task path: the caller turns a rejection into failure(err, task). */
  runRaw(request: LaneRequest): Promise<LaneReply> {
    if (this.crashOutsideTask) return Promise.reject(this.crashOutsideTask);
    return this.pool.run(request);
  }

  /** What a rejected request means: the thread's crash when one is known, else the error translated. */
  failure(err: unknown, task: number | undefined): ProfilerError {
    return this.crashOutsideTask ?? this.translate(err, task);
  }

  destroy(): Promise<void> {
    this.destroying ??= this.pool.destroy().then(() => {
      // The threads are gone: Node has closed the descriptors they kept for CPU readings; a runtime
      // that leaves them open gets them closed here (only those that still name their file).
      for (const file of this.cpuFiles.values()) closeThreadCpuFile(file);
      this.cpuFiles.clear();
    });
    return this.destroying;
  }

  private watchExits(): void {
    for (const worker of this.pool.threads) {
      if (this.watched.has(worker)) continue;
      this.watched.add(worker);
      worker.once('exit', (code: number) => {
        if (!this.destroying) this.exitCodes.push(code);
      });
    }
  }

  private noteLoad(load: LoadReport, output: ConsoleCollector): void {
    if (load.cpuFile) this.cpuFiles.set(load.cpuFile.fd, load.cpuFile);
    if (this.laneOf.has(load.laneId)) return;
    this.laneOf.set(load.laneId, this.laneOf.size);
    if (load.osThreadId !== undefined) this.osThreadIds.push(load.osThreadId);
    if (load.error) throw loadFailure(load.error);
    output.add(load.output);
  }

  private translate(err: unknown, task: number | undefined): ProfilerError {
    if (err instanceof ProfilerError) return err;
    const e = err as { code?: unknown; message?: unknown };
    const message = typeof e?.message === 'string' ? e.message : String(err);
    const inFlight = Atomics.load(this.progress, 1);
    const lastStarted = Atomics.load(this.progress, 0) - 1;
    // One thread in flight with one task: that task; several interleaved: unknown.
    const knownTask = task ?? (this.threads === 1 && inFlight <= 1 && lastStarted >= 0 ? lastStarted : undefined);
    const base = { kind: 'worker thread' as const, memoryLimitMb: this.o.memoryLimitMb, task: knownTask, inFlight };
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return laneDeathError({ ...base, outOfMemory: true });
    const words = this.lastWords.shift();
    if (words) return laneDeathError({ ...base, lastWords: words });
    // Our own destroy() rejects what was still queued or running: that is a stop, not a crash.
    if (this.destroying) return new ProfilerError('CANCELLED', 'The worker threads were stopped.');
    const exitCode = this.exitCodes.shift();
    if (exitCode !== undefined) return laneDeathError({ ...base, exitCode });
    return laneDeathError({ ...base, uncaught: message });
  }
}

function isLastWords(m: unknown): m is LastWords {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'last-words';
}
