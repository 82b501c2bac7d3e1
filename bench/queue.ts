// 16. Queue mode's per-job overhead: N no-op jobs through the queue mode (a warm session: BullMQ
// Worker with the profiler's sandboxed processor at concurrency K, per-job timing, Redis CPU read
// before and after) against N no-op jobs through a bare BullMQ setup on the same Redis (a Queue, a
// Worker with a no-op sandboxed processor at concurrency K, QueueEvents heard once per job: what a
// BullMQ user writes). Both warm, repetitions alternating one by one; the ratio is the median of the
// paired ratios. Skipped (reported, no ratio) without redis-server on the PATH.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { startMode, DEFAULTS } from '../src/engine';
import { baseOptions, type Benchmark } from './context';
import { benchScript } from './paths';
import { alternate, median, round } from './sideBySide';
import { bundleWorkload } from './workloadBundle';

const JOBS = 400;
const MIN_PAIRS = 5;
const MAX_PAIRS = 21;

function redisOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of ['redis-server', 'valkey-server']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export const queueOverhead: Benchmark = {
  id: 'queue',
  budgetMs: 60_000,
  async run(ctx) {
    const binary = redisOnPath();
    if (!binary) return [{ name: '16. Queue overhead', measured: 'not measured', ratio: undefined, floor: { kind: 'info' }, note: 'no redis-server or valkey-server on the PATH (Debian: apt-get install redis-server)' }];
    const jobs = ctx.quick ? 50 : JOBS;
    const dir = mkdtempSync(join(tmpdir(), 'pp-bench-redis-'));
    const socket = join(dir, 'r.sock');
    const server = spawn(binary, ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    while (!existsSync(socket)) await new Promise((r) => setTimeout(r, 10));
    const connection = { path: socket, maxRetriesPerRequest: null };
    const bundle = await bundleWorkload('noop', 'noop', ctx.cacheDir);
    const taskArgs = Array.from({ length: jobs }, () => [] as unknown[]);
    const session = await startMode('queue', {
      load: bundle.load, lanes: ctx.workers, memoryLimitMb: DEFAULTS.memoryLimitMb, timeoutMs: baseOptions(ctx).timeoutMs as number,
      signal: new AbortController().signal, queue: { redis: { url: `unix://${socket}` } },
    });
    const name = `bare-${process.pid}`;
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection });
    const worker = new Worker(name, benchScript('bareQueueProcessor'), { connection, concurrency: ctx.workers });
    await events.waitUntilReady();
    let round_ = 0;
    try {
      const engine = async (): Promise<number> => {
        const rep = await session.runRepetition(taskArgs, new AbortController().signal);
        if (rep.failures.length > 0) throw new Error(`queue mode: ${rep.failures[0].message}`);
        return rep.endedAt - rep.startedAt;
      };
      const bare = async (): Promise<number> => {
        const r = ++round_;
        let left = jobs;
        const done = new Promise<void>((resolve) => {
          const onDone = ({ jobId }: { jobId: string }) => {
            if (jobId.startsWith(`${r}-`) && --left === 0) {
              events.off('completed', onDone);
              resolve();
            }
          };
          events.on('completed', onDone);
        });
        const t0 = performance.now();
        await queue.addBulk(taskArgs.map((_, i) => ({ name: 'noop', data: {}, opts: { jobId: `${r}-${i}` } })));
        await done;
        return performance.now() - t0;
      };
      await engine(); // warm-ups
      await bare();
      const { a, b } = await alternate({ minPairs: ctx.quick ? 1 : MIN_PAIRS, maxPairs: ctx.quick ? 1 : MAX_PAIRS, budgetMs: this.budgetMs }, engine, bare);
      const ratio = median(a.map((x, i) => x / b[i]));
      const ms = (x: number) => round(x / jobs, 3);
      return [{
        name: '16. Queue overhead',
        measured: `${ms(median(a))} ms/job in the queue mode vs ${ms(median(b))} ms on a bare BullMQ worker (no-op jobs, medians; N = ${jobs}, K = ${ctx.workers}, a private redis-server on a Unix socket; ratio: median of ${a.length} paired repetitions)`,
        ratio,
        floor: { kind: 'max', value: 1.1 },
        detail: { jobs, workers: ctx.workers, profilerMs: a, bareMs: b, queue: session.queueInfo?.() },
      }];
    } finally {
      await session.close();
      await worker.close(true);
      await events.close();
      await queue.close();
      server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      await bundle.dispose();
    }
  },
};
