// K child processes, each running one task at a time; the next pending task goes to the first idle
// child. Forked with serialization 'advanced' so IPC is structured clone, like postMessage.
import { fork, type ChildProcess } from 'node:child_process';
import type { ConsoleCapture } from '../../shared/report/report';
import { ProfilerError } from '../errors';
import type { ChildMessage, ChildRequest, LaneConfig, LoadReport, ProfileReply, ProfileRequest, RunChunkReply, RunOneReply } from './wire';
import { childEnvironment } from './childEnvironment';
import { ConsoleCollector } from './consoleCapture';
import { entryPath } from './entryPaths';
import { laneDeathError, loadFailure } from './laneFailures';
import { machineNow } from '../runtime/clock';
import type { ModeStartOptions } from './laneOptions';

const STDERR_TAIL_CHARS = 4096;
/** After 'exit', how long to wait for the pipes to deliver V8's last words (the out-of-memory message). */
const CLOSE_GRACE_MS = 300;

interface Job {
  /** The task named when the child dies under it: unknown inside a chunk of several. */
  index: number | undefined;
  request: ChildRequest;
  resolve: (r: { reply: RunOneReply | RunChunkReply; lane: number }) => void;
  reject: (err: unknown) => void;
  /** Machine-clock ms it was sent to its (idle) child: where the live view starts it. */
  sentAt?: number;
}

class Child {
  readonly proc: ChildProcess;
  readonly ready: Promise<LoadReport>;
  readonly exited: Promise<void>;
  job: Job | undefined;
  /** The profiler request in flight, answered apart from tasks (one at a time, between repetitions). */
  control: { resolve: (r: ProfileReply) => void; reject: (err: unknown) => void } | undefined;
  alive = true;
  stderrTail = '';

  constructor(readonly lane: number, config: LaneConfig, memoryLimitMb: number, pipe: ConsoleCollector, onExit: (c: Child, code: number | null, signal: string | null) => void) {
    this.proc = fork(entryPath('taskChild'), [JSON.stringify(config)], {
      serialization: 'advanced',
      execArgv: [`--max-old-space-size=${memoryLimitMb}`, '--enable-source-maps'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // The user's environment, not the editor's (ELECTRON_RUN_AS_NODE kept under Electron).
      env: childEnvironment(),
    });
    this.proc.stdout?.setEncoding('utf8').on('data', (text: string) => pipe.addText('out', text));
    this.proc.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      pipe.addText('err', text);
    });
    this.ready = new Promise((resolve, reject) => {
      this.proc.on('message', (m: ChildMessage) => {
        if (m.kind === 'ready') resolve(m.load);
        else if (m.kind === 'profile') {
          const control = this.control;
          this.control = undefined;
          control?.resolve(m);
        } else if ((m.kind === 'run-one' || m.kind === 'run-chunk') && this.job) {
          const job = this.job;
          this.job = undefined;
          job.resolve({ reply: m, lane: this.lane });
        }
      });
      this.proc.once('error', reject);
      this.proc.once('exit', (code, signal) => reject(Object.assign(new Error('exited before it was ready'), { code, signal })));
    });
    this.ready.catch(() => undefined);
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.alive = false;
        this.control?.reject(new ProfilerError('WORKER_CRASHED', `A child process exited (code ${code ?? signal}) while its CPU profiler was being started or stopped.`));
        this.control = undefined;
        onExit(this, code, signal);
        resolve();
      });
    });
  }

  send(job: Job): void {
    this.job = job;
    job.sentAt = machineNow();
    this.proc.send(job.request);
  }
}

export class ProcessLanes {
  private readonly children: Child[] = [];
  private readonly queue: Job[] = [];
  private readonly pipe = new ConsoleCollector();
  private crash: ProfilerError | undefined;
  private destroying: Promise<void> | undefined;

  constructor(count: number, private readonly o: ModeStartOptions) {
    const config: LaneConfig = { load: o.load };
    for (let lane = 0; lane < count; lane++) {
      this.children.push(new Child(lane, config, o.memoryLimitMb, this.pipe, (c, code, signal) => this.onExit(c, code, signal)));
    }
  }

  get pids(): number[] {
    return this.children.map((c) => c.proc.pid).filter((p): p is number => p !== undefined);
  }

  /** The children's main (JS) threads as the OS knows them (Linux), in lane order. */
  readonly osThreadIds: number[] = [];

  async start(): Promise<ConsoleCapture> {
    const output = new ConsoleCollector();
    let loads: LoadReport[];
    try {
      loads = await Promise.all(this.children.map((c) => c.ready));
    } catch (err) {
      throw this.crash ?? new ProfilerError('WORKER_CRASHED', `A child process failed to start: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const load of loads) {
      if (load.error) throw loadFailure(load.error);
      if (load.osThreadId !== undefined) this.osThreadIds.push(load.osThreadId);
      output.add(load.output);
    }
    output.add(this.pipe.take());
    return output.take();
  }

  /** Runs one task on the first idle child (queued until one is); `read`: see RunOneRequest. */
  run(index: number, args: unknown[], read = false): Promise<{ reply: RunOneReply; lane: number }> {
    const request: ChildRequest = read ? { kind: 'run-one', index, args, read: true } : { kind: 'run-one', index, args };
    return this.enqueue(index, request) as Promise<{ reply: RunOneReply; lane: number }>;
  }

  /** Runs tasks first … first + args.length − 1 back to back on the first idle child (the `chunk` option). */
  runChunk(first: number, args: unknown[][], read = false): Promise<{ reply: RunChunkReply; lane: number }> {
    const request: ChildRequest = read ? { kind: 'run-chunk', first, args, read: true } : { kind: 'run-chunk', first, args };
    return this.enqueue(args.length === 1 ? first : undefined, request) as Promise<{ reply: RunChunkReply; lane: number }>;
  }

  private enqueue(index: number | undefined, request: ChildRequest): Promise<{ reply: RunOneReply | RunChunkReply; lane: number }> {
    if (this.crash) return Promise.reject(this.crash);
    return new Promise((resolve, reject) => {
      this.queue.push({ index, request, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * The single tasks running now: index, lane, when it was sent (a child gets a task only when idle,
   * so it starts it as it arrives). Chunks are left out: which of their tasks runs is not known here.
   */
  running(): number[] {
    const out: number[] = [];
    for (const c of this.children) {
      const job = c.job;
      if (job && job.index !== undefined && job.sentAt !== undefined && job.request.kind === 'run-one') out.push(job.index, c.lane, job.sentAt);
    }
    return out;
  }

  laneOfPid(pid: number): number | undefined {
    const c = this.children.find((x) => x.proc.pid === pid);
    return c?.lane;
  }

  /** A profiler request to every child at once (each answers for itself). */
  profileLanes(request: ProfileRequest): Promise<ProfileReply[]> {
    if (this.crash) return Promise.reject(this.crash);
    return Promise.all(this.children.map((c) => new Promise<ProfileReply>((resolve, reject) => {
      if (!c.alive) return reject(this.crash ?? new ProfilerError('WORKER_CRASHED', 'A child process is gone.'));
      c.control = { resolve, reject };
      c.proc.send(request satisfies ChildRequest);
    })));
  }

  /** Output that reached the pipes around the in-lane capture (native writes, V8's fatal errors). */
  takePipeOutput(): ConsoleCapture {
    return this.pipe.take();
  }

  destroy(): Promise<void> {
    this.destroying ??= (async () => {
      this.failAll(new ProfilerError('CANCELLED', 'The child processes were stopped.'));
      for (const c of this.children) if (c.alive) c.proc.kill('SIGKILL');
      await Promise.all(this.children.map((c) => c.exited));
      for (const c of this.children) {
        c.proc.stdout?.destroy();
        c.proc.stderr?.destroy();
      }
    })();
    return this.destroying;
  }

  private dispatch(): void {
    for (const child of this.children) {
      if (this.queue.length === 0) return;
      if (child.alive && !child.job) child.send(this.queue.shift()!);
    }
  }

  private onExit(child: Child, code: number | null, signal: string | null): void {
    if (this.destroying) return;
    const job = child.job;
    child.job = undefined;
    // Let stderr deliver V8's "heap out of memory" before deciding what killed it.
    const decide = (): void => {
      const outOfMemory = /heap out of memory|Reached heap limit/i.test(child.stderrTail);
      const err = laneDeathError({ kind: 'child process', task: job?.index, memoryLimitMb: this.o.memoryLimitMb, exitCode: code, signal, outOfMemory, stderrTail: child.stderrTail });
      this.crash ??= err;
      job?.reject(err);
      this.failAll(err);
    };
    const closed = new Promise<void>((resolve) => child.proc.once('close', () => resolve()));
    void Promise.race([closed, new Promise<void>((r) => setTimeout(r, CLOSE_GRACE_MS).unref())]).then(decide);
  }

  private failAll(err: unknown): void {
    for (const job of this.queue.splice(0)) job.reject(err);
    for (const c of this.children) {
      const job = c.job;
      c.job = undefined;
      job?.reject(err);
    }
  }
}
