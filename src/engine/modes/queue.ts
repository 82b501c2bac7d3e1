// queue: the N tasks as BullMQ jobs through a real Redis, run by BullMQ's sandboxed processors at
// concurrency K (lanes/queueLanes.ts). All N jobs are added at once, as a BullMQ producer adds its
// work, and their ends are heard through QueueEvents. dispatchedAt is when a job's batch was added,
// so startedAt − dispatchedAt holds the wait for a free lane as in the other modes; the per-job cost
// beyond the work (pickup, hearing, Redis's CPU, bytes) is kept apart in QueueStats.
import { hostname } from 'node:os';
import type { QueueInfo } from '../../shared/report/report';
import { ProfilerError } from '../errors';
import { QueueLanes } from '../lanes/queueLanes';
import { T_ENDED, T_STARTED, type QueueJobData } from '../lanes/wire';
import { ConsoleCollector } from '../lanes/consoleCapture';
import { spreadRepetition } from './repetition';
import { openSession, type LaneDriver } from './session';
import { QueueStats } from './queueStats';
import type { ModeStarter, RepetitionResult, TaskSink } from './types';
import { machineNow, wallNow } from '../runtime/clock';
import { toLocalClock } from './remoteClock';

const THIS_HOST = hostname();

export const startQueueMode: ModeStarter = (o) => {
  const lanes = new QueueLanes(o.lanes, o);
  const stats = new QueueStats();
  let repetition = 0;
  const driver: LaneDriver = {
    get pids() {
      // The lanes' processes and a private Redis: both are the mode's cost.
      const pids = [...lanes.childPids];
      if (lanes.privateRedis) pids.push(lanes.privateRedis.pid);
      return pids;
    },
    osThreadIds: [],
    start: async () => {
      const loads = await lanes.start();
      const output = new ConsoleCollector();
      for (const load of loads) output.add(load.output);
      return output.take();
    },
    run: (taskArgs, onTask) => runJobs(lanes, stats, ++repetition, taskArgs, onTask),
    profileLanes: (request) => lanes.profileLanes(request),
    laneIndex: (id) => {
      const lane = lanes.laneIds.indexOf(id);
      return lane < 0 ? undefined : lane;
    },
    destroy: () => lanes.destroy(),
    queueInfo: (): QueueInfo => ({
      redis: lanes.address?.shown ?? 'not connected',
      privateRedis: lanes.privateRedis !== undefined,
      ...(lanes.redisVersion ? { redisVersion: lanes.redisVersion } : {}),
      ...(lanes.redisRttMs !== undefined ? { redisRttMs: lanes.redisRttMs } : {}),
      lanesKind: lanes.lanesKind,
      ...stats.summary(),
      workers: stats.workers(hostname(), process.pid, lanes.laneIds.length, lanes.joined),
      ...(lanes.refused.length > 0 ? { refused: lanes.refused.map((w) => ({ host: w.host, pid: w.pid, file: w.file, hash: w.hash, reason: w.reason })) } : {}),
    }),
  };
  return openSession('queue', o.lanes, o, driver);
};

async function runJobs(lanes: QueueLanes, stats: QueueStats, repetition: number, taskArgs: readonly unknown[][], onTask?: TaskSink): Promise<RepetitionResult> {
  const cpuBefore = await lanes.redisCpuMs();
  const jobs = taskArgs.map((args, index) => ({ id: `${repetition}-${index}`, data: { kind: 'task', index, args: args as unknown[] } satisfies QueueJobData }));
  const jobBytes = jobs.map((j) => Buffer.byteLength(JSON.stringify(j.data)));
  const laneEnds: number[] = [];
  const result = await spreadRepetition(taskArgs, (run) => {
    const dispatchedAt = new Float64Array(run.n);
    lanes.watchConnection((err) => run.fail(err));
    lanes.addTasks(jobs, (id, end) => {
      if (run.failed()) return;
      const index = Number(id.slice(id.indexOf('-') + 1));
      if (!end.ok) {
        run.fail(new ProfilerError('WORKER_CRASHED', `Task ${index}'s BullMQ job failed: ${end.reason}`));
        return;
      }
      const v = end.value;
      if (!Array.isArray(v?.task)) {
        run.fail(new ProfilerError('WORKER_CRASHED', `Task ${index}'s BullMQ job returned no timings: was it run by a processor other than the profiler's?`));
        return;
      }
      // JSON carried NaN (a number the lane does not know) as null.
      const task = v.task.map((x) => (x === null ? NaN : x));
      // Only remote lanes send their clock: local jobs skip the two clock reads on this per-job path.
      if (v.clock !== undefined) toLocalClock(task, v, { host: THIS_HOST, offset: wallNow() - machineNow() });
      const lane = lanes.laneOf(v);
      // The lane was busy until its previous job ended: pickup counts from whichever came later.
      const ready = Math.max(dispatchedAt[index], laneEnds[lane] ?? -Infinity);
      laneEnds[lane] = task[T_ENDED];
      stats.job({
        host: v.host, pid: v.pid, laneId: v.laneId, pickupMs: task[T_STARTED] - ready, heardMs: end.heardAt - task[T_ENDED], workMs: task[T_ENDED] - task[T_STARTED],
        argBytes: jobBytes[index], resultBytes: Buffer.byteLength(JSON.stringify(v)), retried: (v.attempt ?? 1) > 1,
        ...(v.remoteWorkerPid !== undefined ? { remoteWorkerPid: v.remoteWorkerPid } : {}),
      });
      run.rec.add(task, 0, lane, dispatchedAt[index], run.sizes[index], v.fault);
      run.rec.addOutput(v.output);
      run.done();
    }, (first, count, at) => dispatchedAt.fill(at, first, first + count)).catch((err: unknown) => run.fail(err));
  }, undefined, onTask).finally(() => lanes.watchConnection(undefined));
  const cpuAfter = await lanes.redisCpuMs();
  await lanes.refreshRemoteWorkers();
  if (cpuBefore !== undefined && cpuAfter !== undefined) stats.redisCpu(cpuAfter - cpuBefore, taskArgs.length);
  return result;
}
