// The queue mode's lanes: a real BullMQ Worker with a sandboxed processor (BullMQ's child processes
// by default, its worker threads as an option) at concurrency K, a Queue the engine adds jobs to, and
// QueueEvents it hears their ends on, as a BullMQ producer would (one listener for all jobs: awaiting
// each job's waitUntilFinished trips Node's MaxListeners warning past 10 jobs, NOTES). The Redis is the
// user's, or a private redis-server started for the run. Every key the run made is removed at the end,
// also after a cancel, a timeout or a crash; a private Redis ends with the run.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue, QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ModeSkippedError, ProfilerError } from '../errors';
import { entryPath } from './entryPaths';
import { loadFailure } from './laneFailures';
import { findRedisServer, INSTALL_REDIS, startPrivateRedis, type PrivateRedis } from './privateRedis';
import { connectionOptions, parseRedisUrl, type RedisAddress } from './redisAddress';
import type { LoadReport, ProfileReply, ProfileRequest, QueueJobData, QueueJobReturn } from './wire';
import type { ModeStartOptions, QueueSettings } from './laneOptions';
import { machineNow } from '../runtime/clock';
import { killChild, poolChildren, startProcessorWorker, trackChildStarts } from './bullmqPool';
import { moduleHash } from './moduleHash';
import { ANNOUNCE_TTL_MS, parseJson, runKeys, type JoinedWorker, type RefusedWorker, type RunAnnouncement } from './remoteRun';

/** How long a lost connection to Redis may stay lost before the mode fails with words. */
const REDIS_GONE_MS = 3000;
/** Bound on each clean-up step, so a Redis that is gone cannot hold the run. */
const CLEANUP_STEP_MS = 3000;
const ADD_BATCH = 500;
/** PINGs timed for the round trip to Redis (the first warms the connection and counts like the rest: a median). */
const RTT_PINGS = 7;
/**
 * A task's job runs at most twice. BullMQ's sandbox fails a job whose child process or thread dies
 * mid-job ("Unexpected exit code", sandbox.js) while the Worker itself stays alive and keeps the job's
 * lock, so stalled-job recovery never sees it: only `attempts` runs it again, on whichever lane is free
 * (BullMQ starts a new child in the dead one's place). Stalled-job recovery (maxStalledCount below) is
 * for a whole Worker that dies and stops renewing its locks. A task that throws is not retried: the
 * processor records the throw as the task's result, so its job completes.
 */
const TASK_ATTEMPTS = 2;
/** How long each warm-up job holds its lane once remote workers joined, so K warm-ups added at once land on K lanes. */
const WARM_HOLD_MS = 150;
/** How long joined remote workers get to close their lanes and leave before the run's keys are removed. */
const REMOTE_LEAVE_MS = 5000;
export const DEFAULT_REMOTE_WAIT_MS = 60_000;

export type JobEnd = { ok: true; value: QueueJobReturn; heardAt: number } | { ok: false; reason: string; heardAt: number };

export class QueueLanes {
  readonly settings: QueueSettings;
  address: RedisAddress | undefined;
  privateRedis: PrivateRedis | undefined;
  redisVersion: string | undefined;
  /** One PING round trip from this machine, ms (median of RTT_PINGS after the first). */
  redisRttMs: number | undefined;
  readonly name: string;
  private readonly prefix = 'bull';
  private control: Redis | undefined;
  private queue: Queue | undefined;
  private events: QueueEvents | undefined;
  private worker: Worker | undefined;
  private shimDir: string | undefined;
  private readonly waiting = new Map<string, (end: JobEnd) => void>();
  private lost: ProfilerError | undefined;
  /** Rejects once Redis is lost: every wait on Redis races it, so none outlives the connection. */
  private readonly lostSignal: Promise<never>;
  private signalLost!: (err: ProfilerError) => void;
  private onLost: ((err: ProfilerError) => void) | undefined;
  private lostTimer: NodeJS.Timeout | undefined;
  private destroying: Promise<void> | undefined;
  /** Set once the queue was found empty: only then are its keys the run's own to remove. */
  private ownsQueue = false;
  private profileRounds = 0;
  /** Children BullMQ is still starting: not yet in its pool, so neither its close nor killLanes sees them. */
  private readonly starting = new Set<Promise<unknown>>();
  /** Lane ids (child pid or thread id) in the order they were first seen: lane k is laneIds[k]. */
  readonly laneIds: number[] = [];
  readonly childPids = new Set<number>();
  /** Remote workers' lanes (host|worker pid|lane id), numbered after the K local ones in the order first seen. */
  private readonly remoteLanes = new Map<string, number>();
  /** The `worker` commands that joined the run, and those that refused it. */
  joined: JoinedWorker[] = [];
  refused: RefusedWorker[] = [];
  private announced: RunAnnouncement | undefined;
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(private readonly lanes: number, private readonly o: ModeStartOptions) {
    this.settings = o.queue ?? {};
    this.name = this.settings.queueName ?? `pp-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.lostSignal = new Promise<never>((_, reject) => {
      this.signalLost = reject;
    });
    this.lostSignal.catch(() => undefined);
  }

  get lanesKind(): 'processes' | 'threads' {
    return this.settings.threads ? 'threads' : 'processes';
  }

  /** Connects (or starts a private Redis), starts the worker and warms K lanes; resolves with their load reports. */
  async start(): Promise<LoadReport[]> {
    this.address = await this.redisAddress();
    // Loaded by path here, not imported: esbuild would bundle a static import into the extension host.
    const { Queue, QueueEvents, Worker, IORedis } = createRequire(__filename)(entryPath('queueLibraries')) as typeof import('./queueLibraries');
    const connection = connectionOptions(this.address);
    const control = new IORedis(connection);
    this.control = control;
    control.on('error', () => undefined); // reported through 'close' and the commands that fail
    control.on('close', () => this.connectionLost());
    control.on('ready', () => this.connectionBack());
    await this.bounded(control.ping(), `Redis at ${this.address.shown} did not answer PING`);
    this.redisVersion = /redis_version:(\S+)/.exec(await this.bounded(control.info('server'), `Redis at ${this.address.shown} did not answer INFO`))?.[1];
    this.redisRttMs = await this.measureRtt(control);
    const existing = await this.bounded(control.keys(`${this.prefix}:${this.name}:*`), `Redis at ${this.address.shown} did not answer KEYS`);
    if (existing.length > 0) throw new ProfilerError('QUEUE_NOT_EMPTY', `The queue ${this.name} on ${this.address.shown} already holds ${existing.length === 1 ? '1 key' : `${existing.length} keys`} (${this.prefix}:${this.name}:*); the profiler runs only on an empty queue of its own and left this one as it was.`);
    this.ownsQueue = true;

    this.queue = new Queue(this.name, { connection, prefix: this.prefix });
    this.queue.on('error', () => undefined);
    this.events = new QueueEvents(this.name, { connection, prefix: this.prefix });
    this.events.on('error', () => undefined);
    this.events.on('completed', ({ jobId, returnvalue }) => this.heard(jobId, { ok: true, value: returnvalue as unknown as QueueJobReturn, heardAt: machineNow() }));
    this.events.on('failed', ({ jobId, failedReason }) => this.heard(jobId, { ok: false, reason: failedReason, heardAt: machineNow() }));
    await this.bounded(this.events.waitUntilReady(), `Redis at ${this.address.shown} did not let the profiler listen for job events`);

    this.shimDir = mkdtempSync(join(tmpdir(), 'pp-queue-'));
    this.worker = startProcessorWorker(Worker, {
      queue: this.name, prefix: this.prefix, connection, concurrency: this.lanes, threads: this.settings.threads === true,
      memoryLimitMb: this.o.memoryLimitMb, stalledIntervalMs: this.settings.stalledIntervalMs ?? 30_000, dir: this.shimDir, config: { load: this.o.load },
    });
    trackChildStarts(this.worker, () => this.destroying !== undefined, this.starting);
    const loads = await this.warm();
    const remote = this.settings.remoteWorkers ?? 0;
    if (remote > 0) {
      await this.announceAndWait(remote);
      loads.push(...(await this.warm(WARM_HOLD_MS)));
    }
    return loads;
  }

  /** Lanes of the joined remote workers, all together. */
  get remoteLaneCount(): number {
    return this.joined.reduce((sum, w) => sum + w.lanes, 0);
  }

  /**
   * Publishes the run (queue, function, compiled module's hash, task count) and waits until the
   * wanted number of `worker` commands joined. Fails with words past the wait: who joined, who
   * refused and why, and the command that joins.
   */
  private async announceAndWait(wanted: number): Promise<void> {
    const run = this.settings.remoteRun;
    if (!run) throw new ProfilerError('BAD_OPTION', 'options.queue.remoteWorkers needs the profiled function (it is set by profile()).');
    if (this.privateRedis) throw new ProfilerError('BAD_OPTION', 'Remote workers need a Redis they can reach: pass --redis redis://HOST:PORT (the private Redis listens only on a socket on this machine).');
    const h = moduleHash(this.o.load, run.file);
    const keys = runKeys(this.prefix, this.name);
    const announcement: RunAnnouncement = {
      v: 1, queue: this.name, prefix: this.prefix, function: run.functionName, file: h.file, root: h.root, hash: h.hash, files: h.files,
      tasks: run.tasks, lanesKind: this.lanesKind, stalledIntervalMs: this.settings.stalledIntervalMs ?? 30_000, memoryLimitMb: this.o.memoryLimitMb,
      ...(this.o.load.constructArgs ? { constructArgs: this.o.load.constructArgs } : {}),
      host: hostname(), pid: process.pid, createdAt: Date.now(), state: 'open',
    };
    this.announced = announcement;
    const control = this.control!;
    await this.bounded(control.set(keys.announce, JSON.stringify(announcement), 'PX', ANNOUNCE_TTL_MS), 'Redis did not take the run\'s announcement');
    // A profile longer than the announcement's lifetime keeps it (a profiler that dies lets it expire).
    this.renewTimer = setInterval(() => void control.pexpire(keys.announce, ANNOUNCE_TTL_MS).catch(() => undefined), 60_000);
    this.renewTimer.unref?.();
    const waitMs = this.settings.remoteWaitMs ?? DEFAULT_REMOTE_WAIT_MS;
    const until = performance.now() + waitMs;
    for (;;) {
      await this.readRemoteWorkers();
      if (this.joined.length >= wanted) {
        // More than asked for may have joined meanwhile: all of them take jobs, and all are listed.
        return;
      }
      if (performance.now() > until) break;
      await Promise.race([new Promise((r) => setTimeout(r, 100)), this.lostSignal]);
      if (this.o.signal.aborted) return;
    }
    const joined = this.joined.length === 0 ? 'none joined' : `joined: ${this.joined.map((w) => `${w.host} pid ${w.pid} (${w.lanes} ${w.lanes === 1 ? 'lane' : 'lanes'})`).join(', ')}`;
    const refused = this.refused.length === 0 ? '' : ` Refused: ${this.refused.map((w) => `${w.host} pid ${w.pid}: ${w.reason}`).join(' ')}`;
    throw new ProfilerError('REMOTE_WORKERS_MISSING',
      `The queue mode waited ${waitMs / 1000} s for ${wanted} remote ${wanted === 1 ? 'worker' : 'workers'} and ${this.joined.length} joined (${joined}); it did not start timing.${refused} ` +
      `On each machine, in a checkout of the same commit, run: parallelism-profiler worker ${h.file} --function ${run.functionName} --redis redis://HOST:PORT`);
  }

  /** Re-reads who joined and who refused (a worker may refuse after the run started); keeps the last known on a failure. */
  async refreshRemoteWorkers(): Promise<void> {
    if (!this.announced || this.lost) return;
    await this.readRemoteWorkers().catch(() => undefined);
  }

  private async readRemoteWorkers(): Promise<void> {
    const keys = runKeys(this.prefix, this.name);
    const [workers, refused] = await this.bounded(Promise.race([Promise.all([this.control!.hgetall(keys.workers), this.control!.hgetall(keys.refused)]), this.lostSignal]), 'Redis did not answer HGETALL');
    // Merged, not replaced: a worker that joined and then went away still ran jobs, and stays listed.
    const merge = <T extends { host: string; pid: number }>(known: T[], now: Record<string, string>): T[] => {
      const all = new Map(known.map((w) => [`${w.host}:${w.pid}`, w]));
      for (const v of Object.values(now)) {
        const w = parseJson<T>(v);
        if (w && typeof w.host === 'string' && Number.isInteger(w.pid)) all.set(`${w.host}:${w.pid}`, w);
      }
      return [...all.values()];
    };
    this.joined = merge(this.joined, workers);
    this.refused = merge(this.refused, refused);
  }

  /**
   * K warm-up jobs at once (K + the remote workers' lanes, once they joined), until every lane has
   * loaded the module (BullMQ starts children on demand). With remote workers each warm-up holds its
   * lane a moment, so jobs added together spread over all lanes.
   */
  private async warm(holdMs = 0): Promise<LoadReport[]> {
    const loads: LoadReport[] = [];
    const remote = holdMs > 0 ? this.remoteLaneCount : 0;
    const all = this.lanes + remote;
    const round = holdMs > 0 ? 'remote-' : '';
    for (let attempt = 0; attempt < 4 && (this.laneIds.length < this.lanes || this.remoteLanes.size < remote); attempt++) {
      const ends = await Promise.all(Array.from({ length: all }, (_, k) => this.addAndWait(`warm-${round}${attempt}-${k}`, { kind: 'warm', ...(holdMs > 0 ? { holdMs } : {}) })));
      for (const end of ends) {
        if (!end.ok) throw new ProfilerError('WORKER_CRASHED', `A BullMQ lane failed while loading your module: ${end.reason}`);
        const load = end.value.load;
        if (load?.error) throw loadFailure(load.error);
        const known = this.laneIds.length + this.remoteLanes.size;
        this.laneOf(end.value);
        if (this.laneIds.length + this.remoteLanes.size > known && load) loads.push(load);
      }
    }
    return loads;
  }

  /**
   * Starts or stops every lane's CPU profiler: K profile jobs at once, each held in the lanes until all
   * K arrived (folderBarrier.ts), so each lane takes one. BullMQ owns the channel to its children, so a
   * job is the only way to reach them.
   */
  async profileLanes(request: ProfileRequest): Promise<ProfileReply[]> {
    const meet = mkdtempSync(join(this.shimDir!, 'meet-'));
    const round = ++this.profileRounds;
    try {
      const ends = await Promise.all(Array.from({ length: this.lanes }, (_, k) => this.addAndWait(`profile-${round}-${k}`, { kind: 'profile', request, meet, lanes: this.lanes })));
      return ends.map((end) => {
        if (!end.ok) throw new ProfilerError('WORKER_CRASHED', `A BullMQ lane failed on its CPU profiler request: ${end.reason}`);
        this.laneOf(end.value);
        return end.value.profile!;
      });
    } finally {
      rmSync(meet, { recursive: true, force: true });
    }
  }

  /**
   * The lane index of a reply's lane, numbering lanes as they are first seen. A child BullMQ started in
   * place of one that died takes the dead one's index, so the timeline keeps K lanes and `pids` lists
   * the living children.
   */
  laneOf(r: QueueJobReturn): number {
    if (r.remoteWorkerPid !== undefined) {
      // Lane ids are unique only on their machine (a thread id, a pid in another pid space).
      const key = `${r.host}|${r.remoteWorkerPid}|${r.laneId}`;
      let remote = this.remoteLanes.get(key);
      if (remote === undefined) this.remoteLanes.set(key, (remote = this.lanes + this.remoteLanes.size));
      return remote;
    }
    let lane = this.laneIds.indexOf(r.laneId);
    if (lane >= 0) return lane;
    if (this.laneIds.length >= this.lanes) {
      // BullMQ's pool drops a child on its exit, before the sandbox fails (and we retry) its job.
      const live = new Set(this.poolChildren().map((c) => c.pid));
      lane = this.laneIds.findIndex((id) => !live.has(id));
    }
    if (lane < 0) lane = this.laneIds.push(r.laneId) - 1;
    else {
      this.childPids.delete(this.laneIds[lane]);
      this.laneIds[lane] = r.laneId;
    }
    if (!r.thread) this.childPids.add(r.laneId);
    return lane;
  }

  private addAndWait(jobId: string, data: QueueJobData): Promise<JobEnd> {
    const ended = new Promise<JobEnd>((resolve) => this.waiting.set(jobId, resolve));
    // A warm-up is not retried: a lane that dies while loading the module fails the start with words.
    return Promise.race([this.queue!.add('task', data, { jobId, attempts: 1 }).then(() => ended), this.lostSignal]);
  }

  /** Adds the jobs in batches; `onEnd` hears each job's end. `added(i)` is called with each batch's add time. */
  async addTasks(jobs: { id: string; data: QueueJobData }[], onEnd: (id: string, end: JobEnd) => void, added: (first: number, count: number, at: number) => void): Promise<void> {
    if (this.lost) throw this.lost;
    for (const j of jobs) this.waiting.set(j.id, (end) => onEnd(j.id, end));
    for (let first = 0; first < jobs.length; first += ADD_BATCH) {
      const batch = jobs.slice(first, first + ADD_BATCH);
      added(first, batch.length, machineNow());
      await Promise.race([this.queue!.addBulk(batch.map((j) => ({ name: 'task', data: j.data, opts: { jobId: j.id, attempts: TASK_ATTEMPTS } }))), this.lostSignal])
        .catch((err: unknown) => this.addFailed(err));
    }
  }

  /**
   * An add in flight when the connection dropped fails at once with ioredis's "Connection is closed."
   * (a CI run under load killed Redis while the adds were still being written). That is the start of
   * Redis going away: the run fails with REDIS_GONE's words once the connection has stayed down for
   * REDIS_GONE_MS, or, had Redis come back meanwhile, with words that say which jobs were not added.
   */
  private async addFailed(err: unknown): Promise<never> {
    if (err instanceof ProfilerError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // lostSignal rejects with this.lost; bounded's own timeout means Redis came back in time.
    await this.bounded(this.lostSignal, 'Redis did not come back', REDIS_GONE_MS + 2000).catch((lost: unknown) => {
      if (lost === this.lost) throw lost;
    });
    throw new ProfilerError('REDIS_GONE', `Adding the queue mode's jobs to Redis at ${this.address?.shown ?? 'its address'} failed (${message}); the jobs not added cannot run. The other modes' results stand.`);
  }

  /**
   * One round trip to Redis from this machine, ms: the median of a few PINGs on a warm connection (the
   * machines what-if's default network latency). performance.now() is a duration here, not a task time.
   */
  private async measureRtt(control: { ping(): Promise<unknown> }): Promise<number | undefined> {
    const rtts: number[] = [];
    for (let i = 0; i < RTT_PINGS; i++) {
      const t0 = performance.now();
      const ok = await this.bounded(control.ping(), 'PING').then(() => true, () => false);
      if (!ok) return undefined;
      rtts.push(performance.now() - t0);
    }
    rtts.sort((a, b) => a - b);
    return Math.round(rtts[Math.floor(rtts.length / 2)] * 1000) / 1000;
  }

  /** Redis's own CPU so far, ms (INFO cpu: used_cpu_sys + used_cpu_user). */
  async redisCpuMs(): Promise<number | undefined> {
    if (!this.control || this.lost) return undefined;
    const info = await this.bounded(Promise.race([this.control.info('cpu'), this.lostSignal]), 'INFO cpu').catch(() => undefined);
    if (!info) return undefined;
    const sys = /used_cpu_sys:([\d.]+)/.exec(info)?.[1];
    const user = /used_cpu_user:([\d.]+)/.exec(info)?.[1];
    return sys && user ? (Number(sys) + Number(user)) * 1000 : undefined;
  }

  /** Called once if Redis stays unreachable past REDIS_GONE_MS. */
  watchConnection(onLost: ((err: ProfilerError) => void) | undefined): void {
    this.onLost = onLost;
    if (onLost && this.lost) onLost(this.lost);
  }

  private heard(jobId: string, end: JobEnd): void {
    const waiter = this.waiting.get(jobId);
    if (!waiter) return;
    this.waiting.delete(jobId);
    waiter(end);
  }

  private connectionLost(): void {
    if (this.destroying || this.lost || this.lostTimer) return;
    this.lostTimer = setTimeout(() => {
      this.lostTimer = undefined;
      this.lost = new ProfilerError('REDIS_GONE', `Redis at ${this.address?.shown ?? 'its address'} stopped answering for ${REDIS_GONE_MS / 1000} s during the queue mode; its jobs were abandoned. The other modes' results stand.`);
      this.signalLost(this.lost);
      this.onLost?.(this.lost);
    }, REDIS_GONE_MS);
    this.lostTimer.unref?.();
  }

  private connectionBack(): void {
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = undefined;
  }

  private async redisAddress(): Promise<RedisAddress> {
    if (this.settings.redis) return parseRedisUrl(this.settings.redis.url, this.settings.redis.password);
    const binary = findRedisServer();
    if (!binary) throw new ModeSkippedError(INSTALL_REDIS);
    this.privateRedis = await startPrivateRedis(binary);
    return { shown: `a private ${binary.endsWith('valkey-server') ? 'valkey-server' : 'redis-server'} for this run`, path: this.privateRedis.socket };
  }

  private bounded<T>(work: Promise<T>, what: string, ms = 10_000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProfilerError('REDIS_GONE', `${what} within ${ms / 1000} s.`)), ms);
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  /** Kills the lanes, removes every key of the run's queue, closes the connections, ends a private Redis. Safe to call twice. */
  destroy(): Promise<void> {
    this.destroying ??= (async () => {
      if (this.lostTimer) clearTimeout(this.lostTimer);
      if (this.renewTimer) clearInterval(this.renewTimer);
      for (const waiter of this.waiting.values()) waiter({ ok: false, reason: 'The queue mode was stopped.', heardAt: machineNow() });
      this.waiting.clear();
      this.killLanes();
      const step = (p: Promise<unknown> | undefined): Promise<unknown> => (p ? this.bounded(p, 'clean-up', CLEANUP_STEP_MS).catch(() => undefined) : Promise.resolve());
      // Remote workers leave first: a BullMQ Worker still attached would write its keys again.
      if (this.announced && !this.lost) await step(this.sendRemoteWorkersHome());
      await step(this.worker?.close(true));
      // A child that was still starting is killed as it arrives; its processor file must stay until then.
      await step(Promise.allSettled([...this.starting]));
      await step(this.events?.close());
      if (!this.privateRedis && !this.lost && this.ownsQueue) {
        // A Redis of the user's: leave it as it was, whatever the queue still held. A queue refused as
        // not empty is not ours: its keys stay.
        await step(this.queue?.obliterate({ force: true }));
        await step(this.removeLeftoverKeys());
      }
      await step(this.queue?.close());
      if (this.control) {
        await step(this.control.quit());
        this.control.disconnect();
      }
      await this.privateRedis?.stop();
      if (this.shimDir) rmSync(this.shimDir, { recursive: true, force: true });
    })();
    return this.destroying;
  }

  /** Marks the run as ending and waits (at most REMOTE_LEAVE_MS) until every joined worker closed its lanes and removed its entry. */
  private async sendRemoteWorkersHome(): Promise<void> {
    const keys = runKeys(this.prefix, this.name);
    const control = this.control!;
    await control.set(keys.announce, JSON.stringify({ ...this.announced!, state: 'ending' }), 'PX', ANNOUNCE_TTL_MS);
    const until = performance.now() + REMOTE_LEAVE_MS;
    while (performance.now() < until && (await control.hlen(keys.workers)) > 0) await new Promise((r) => setTimeout(r, 50));
  }

  /** BullMQ asks its children to finish their job on close (SIGTERM, or a message to a thread): a task that never ends must not hold the run, so they are killed. */
  private killLanes(): void {
    for (const c of this.poolChildren()) killChild(c);
  }

  private poolChildren() {
    return poolChildren(this.worker);
  }

  private async removeLeftoverKeys(): Promise<void> {
    const control = this.control!;
    let cursor = '0';
    do {
      const [next, keys] = await control.scan(cursor, 'MATCH', `${this.prefix}:${this.name}:*`, 'COUNT', 1000);
      if (keys.length > 0) await control.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}
