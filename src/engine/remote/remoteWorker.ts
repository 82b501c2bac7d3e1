// `parallelism-profiler worker`: joins a queue-mode run from another machine (or another checkout).
// It compiles the function from its own checkout, the way the profiler does (locate, then bundle),
// and waits for a run of that function to be announced in Redis (remoteRun.ts). Before it takes a
// job it compares its compiled module's hash with the one the profiler announced: on a mismatch it
// records its refusal in the run, says which file differs and which side's copy is newer, and takes
// no job. On a match it starts a BullMQ Worker with the profiler's sandboxed processor on its own
// module (nothing it runs comes from Redis), registers its lanes and serves until the run ends.
import { hostname, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { bundleFunction, type BundleResult } from '../bundle/bundle';
import { ProfilerError } from '../errors';
import { qualifiedName, readUserFile } from '../locate/locate';
import { findFunctionOffThread } from '../locate/locateService';
import { killChild, poolChildren, startProcessorWorker, trackChildStarts } from '../lanes/bullmqPool';
import { entryPath } from '../lanes/entryPaths';
import { differingFiles, moduleHash, type ModuleHash } from '../lanes/moduleHash';
import { connectionOptions, parseRedisUrl } from '../lanes/redisAddress';
import { ANNOUNCE_PATTERN, HSET_WHILE_ANNOUNCED, parseJson, runKeys, type JoinedWorker, type RefusedWorker, type RunAnnouncement } from '../lanes/remoteRun';

export interface RemoteWorkerOptions {
  file: string;
  functionName: string;
  redis: { url: string; password?: string };
  /** BullMQ concurrency: the lanes this machine gives the run. */
  lanes: number;
  /** Serve one run, then exit (default: wait for the next run of the function). */
  once?: boolean;
  /** How often Redis is asked for runs and for the end of the joined run, ms (default 200). */
  pollMs?: number;
  cacheDir?: string;
  signal: AbortSignal;
  /** One line for the user (no newline). */
  say(line: string): void;
}

/** What the command ends with: 'served' (a run, with --once), 'refused' (the module differed), 'stopped' (the signal). */
export type RemoteWorkerEnd = 'served' | 'refused' | 'stopped';

export async function runRemoteWorker(o: RemoteWorkerOptions): Promise<RemoteWorkerEnd> {
  const file = resolve(o.file);
  const source = readUserFile(file);
  const fn = await findFunctionOffThread(file, source, { name: o.functionName });
  const name = qualifiedName(fn);
  const bundle = await bundleFunction({ file, fn, ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}) });
  const address = parseRedisUrl(o.redis.url, o.redis.password);
  const { IORedis, Worker } = createRequire(__filename)(entryPath('queueLibraries')) as typeof import('../lanes/queueLibraries');
  const connection = connectionOptions(address);
  const control: Redis = new IORedis(connection);
  control.on('error', () => undefined);
  const pollMs = o.pollMs ?? 200;
  const handled = new Set<string>();
  try {
    const mine = moduleHash(bundle.load, file);
    await withTimeout(control.ping(), 10_000, `Redis at ${address.shown} did not answer PING within 10 s`);
    o.say(`Compiled ${name} from ${file} (module ${mine.hash.slice(0, 12)}); waiting for a run of it on ${address.shown}.`);
    for (;;) {
      const run = await nextRun(control, name, handled, pollMs, o.signal);
      if (!run) return 'stopped';
      handled.add(run.queue);
      if (run.hash !== mine.hash) {
        await refuse(control, run, mine, file, o.say);
        return 'refused';
      }
      const jobs = await serve(Worker, control, connection, run, bundle, mine, o);
      if (jobs === undefined) continue; // the run ended before this worker could register
      o.say(`Left run ${run.queue} after ${jobs} ${jobs === 1 ? 'job' : 'jobs'}.`);
      if (o.once || o.signal.aborted) return o.signal.aborted ? 'stopped' : 'served';
      o.say(`Waiting for the next run of ${name}.`);
    }
  } finally {
    control.disconnect();
    await bundle.dispose();
  }
}

/** The newest open announcement of `name` not yet handled; polls until one appears or the signal. */
async function nextRun(control: Redis, name: string, handled: Set<string>, pollMs: number, signal: AbortSignal): Promise<RunAnnouncement | undefined> {
  while (!signal.aborted) {
    let newest: RunAnnouncement | undefined;
    let cursor = '0';
    do {
      const [next, keys] = await control.scan(cursor, 'MATCH', ANNOUNCE_PATTERN, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const a = parseJson<RunAnnouncement>(await control.get(key));
        if (!a || a.v !== 1 || a.function !== name || a.state !== 'open' || handled.has(a.queue)) continue;
        if (!newest || a.createdAt > newest.createdAt) newest = a;
      }
    } while (cursor !== '0');
    if (newest) return newest;
    await sleep(pollMs, signal);
  }
  return undefined;
}

async function refuse(control: Redis, run: RunAnnouncement, mine: ModuleHash, file: string, say: (line: string) => void): Promise<void> {
  const files = differingFiles(mine.files, run.files);
  const reason =
    `this worker's compiled module differs from the profiler's: here ${file} built ${mine.hash.slice(0, 12)}, at the profiler (${run.host} pid ${run.pid}) ` +
    `${run.root}/${run.file} built ${run.hash.slice(0, 12)}. ` +
    (files.length > 0 ? `Differing: ${files.join('; ')}.` : 'The source files match: the difference is in the build (a different tsconfig, esbuild or profiler version).');
  const refused: RefusedWorker = { host: hostname(), pid: process.pid, file, hash: mine.hash, reason };
  const keys = runKeys(run.prefix, run.queue);
  await control.eval(HSET_WHILE_ANNOUNCED, 2, keys.announce, keys.refused, `${refused.host}:${refused.pid}`, JSON.stringify(refused)).catch(() => undefined);
  say(`Refused run ${run.queue} of ${run.function}: ${reason} It took no job; bring both checkouts to the same commit.`);
}

/** Joins the run, serves jobs until it ends, leaves; resolves with the jobs this worker finished (undefined: the run ended first). */
async function serve(
  WorkerClass: typeof Worker, control: Redis, connection: Record<string, unknown>, run: RunAnnouncement, bundle: BundleResult, mine: ModuleHash, o: RemoteWorkerOptions,
): Promise<number | undefined> {
  const keys = runKeys(run.prefix, run.queue);
  const me: JoinedWorker = { host: hostname(), pid: process.pid, lanes: o.lanes, file: mine.file, hash: mine.hash };
  const field = `${me.host}:${me.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'pp-worker-'));
  const starting = new Set<Promise<unknown>>();
  let ending = false;
  let jobs = 0;
  const worker = startProcessorWorker(WorkerClass, {
    queue: run.queue, prefix: run.prefix, connection, concurrency: o.lanes, threads: run.lanesKind === 'threads',
    memoryLimitMb: run.memoryLimitMb, stalledIntervalMs: run.stalledIntervalMs, dir, config: { load: { ...bundle.load, ...(run.constructArgs ? { constructArgs: run.constructArgs } : {}) }, remote: true },
  });
  trackChildStarts(worker, () => ending, starting);
  worker.on('completed', () => jobs++);
  try {
    const joined = await control.eval(HSET_WHILE_ANNOUNCED, 2, keys.announce, keys.workers, field, JSON.stringify(me));
    if (joined !== 1) return undefined;
    o.say(`Joined run ${run.queue} of ${run.function} (${run.tasks} tasks a repetition) from ${run.host} pid ${run.pid} with ${o.lanes} ${o.lanes === 1 ? 'lane' : 'lanes'}; module ${mine.hash.slice(0, 12)} matches.`);
    while (!o.signal.aborted) {
      const a = parseJson<RunAnnouncement>(await control.get(keys.announce).catch(() => null));
      if (!a || a.state !== 'open') break;
      await sleep(o.pollMs ?? 200, o.signal);
    }
    return jobs;
  } finally {
    // Its lanes go before its entry: the profiler removes the run's keys once every entry is gone, and
    // a BullMQ Worker still attached would write some of them again.
    ending = true;
    for (const c of poolChildren(worker)) killChild(c);
    await withTimeout(worker.close(true), 3000, 'close').catch(() => undefined);
    await withTimeout(Promise.allSettled([...starting]), 3000, 'children').catch(() => undefined);
    await control.hdel(keys.workers, field).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      r();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ProfilerError('REDIS_GONE', what)), ms)))]).finally(() => clearTimeout(timer));
}
