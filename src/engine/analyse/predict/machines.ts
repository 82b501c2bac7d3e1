// The machines what-if: the queue mode on M machines of K lanes each, all taking jobs from one Redis.
// The pool's schedule (schedule.ts) replayed with M·K lanes, each job paying the queue's per-job cost
// measured on one lane, shifted by the network latency asked for (against the one measured here), and
// Redis's CPU per job as a serial step every job queues for: one Redis carries at most
// 1000 ÷ redisCpuMsPerJob jobs a second whatever the number of machines. Pure.
import type { MachinesCheck, MachinesInputs, MachinesPoint, MachinesPrediction, ModeResult } from '../../../shared/report/report';
import { formatMs, formatSpeedup } from '../../../shared/wording/format';
import { messageCosts } from './inputs';
import { simulate } from './schedule';

/** The machine counts the what-if shows. */
export const PREDICTED_MACHINES = [1, 2, 4, 8, 16, 32, 64] as const;

/**
 * Round trips to Redis on a lane's path per job: BullMQ's worker reports a job finished and gets the
 * next one in the same call (moveToFinished fetches the next job). Measured here behind a delaying
 * proxy: 20 ms each way (a 40 ms round trip) added 41–56 ms to each job's pickup (README, "Beyond one
 * machine"), one round trip and a little more.
 */
export const ROUND_TRIPS_PER_JOB = 1;

/** What the model needs: the tasks alone, and the queue's per-job costs from its one-lane run. */
export interface MachinesModel {
  /** Each task's time alone (sequential mode), ms, in queue order. */
  taskMs: readonly number[];
  /** Bytes each job moves (arguments and result), in queue order; absent: none. */
  bytes?: readonly number[];
  sequentialWallMs: number;
  lanesPerMachine: number;
  /** A job's cost on its lane beyond its work at the measured latency, ms. */
  perJobMs: number;
  perByteMs: number;
  /** Once per repetition (the first pickup, the last job heard), ms. */
  latencyMs: number;
  /** The round trip to Redis measured here, and the one to assume between a worker machine and Redis, ms. */
  measuredRttMs: number;
  networkLatencyMs: number;
  /** Redis's CPU per job, ms; absent or 0: no Redis bound. */
  redisCpuMsPerJob?: number;
}

/** What the latency asked for adds to each job beyond the measured run, ms (negative for a faster link). */
export function latencyTermMs(m: Pick<MachinesModel, 'measuredRttMs' | 'networkLatencyMs'>): number {
  return ROUND_TRIPS_PER_JOB * (m.networkLatencyMs - m.measuredRttMs);
}

/** The predicted wall time of one repetition on M machines, and whether Redis's step set it. */
export function machinesWall(m: MachinesModel, machines: number, redisBound = true): number {
  const extra = latencyTermMs(m);
  const redis = redisBound ? Math.max(0, m.redisCpuMsPerJob ?? 0) : 0;
  return simulate({
    taskMs: m.taskMs, ...(m.bytes ? { bytes: m.bytes } : {}),
    perMessageMs: Math.max(0, m.perJobMs + extra), perByteMs: m.perByteMs,
    latencyMs: Math.max(0, m.latencyMs + extra), slowdown: 1,
    lanes: Math.max(1, Math.floor(machines)) * Math.max(1, Math.floor(m.lanesPerMachine)),
    // Redis serves one command at a time: every job's share of its CPU queues there.
    ...(redis > 0 ? { engineMs: redis, engineShare: 1 } : {}),
  }).wallMs;
}

export function machinesPoint(m: MachinesModel, machines: number): MachinesPoint {
  const wall = machinesWall(m, machines);
  const free = machinesWall(m, machines, false);
  const lanes = machines * m.lanesPerMachine;
  const n = m.taskMs.length;
  const by: MachinesPoint['by'] = wall > free * 1.02 ? 'redis' : lanes >= n ? 'tasks' : 'lanes';
  return {
    machines, lanes,
    speedup: round(wall > 0 ? m.sequentialWallMs / wall : 0, 3),
    jobsPerSecond: round(wall > 0 ? (n * 1000) / wall : 0, 1),
    by,
  };
}

export interface MachinesRequest {
  taskMs: readonly number[];
  bytes: readonly number[];
  sequentialWallMs: number;
  /** The queue mode at K lanes (the profile's) and on one lane (the prediction's run). */
  atLanes: ModeResult | undefined;
  oneLane: ModeResult | undefined;
  tasks: number;
  /** The round trip to assume between a worker machine and Redis, ms (`--network-latency`); unset: the measured one. */
  networkLatencyMs?: number;
}

/** The what-if, or undefined when the queue mode's one-lane run did not complete. */
export function predictMachines(r: MachinesRequest): MachinesPrediction | undefined {
  const one = r.oneLane;
  if (!one?.wallMs || one.status !== 'completed' || !one.tasks?.length) return undefined;
  const { perMessageMs, perByteMs, latencyMs } = messageCosts(one, r.tasks);
  const q = one.queue;
  const measuredRttMs = q?.redisRttMs ?? 0;
  const lanesPerMachine = Math.max(1, r.atLanes?.lanes ?? 1);
  const cpu = q?.redisCpuMsPerJob !== undefined && q.redisCpuMsPerJob > 0 ? q.redisCpuMsPerJob : undefined;
  const model: MachinesModel = {
    taskMs: r.taskMs, bytes: r.bytes, sequentialWallMs: r.sequentialWallMs, lanesPerMachine,
    perJobMs: perMessageMs, perByteMs, latencyMs, measuredRttMs,
    networkLatencyMs: r.networkLatencyMs ?? measuredRttMs,
    ...(cpu !== undefined ? { redisCpuMsPerJob: cpu } : {}),
  };
  const inputs: MachinesInputs = {
    lanesPerMachine,
    perJobMs: round(perMessageMs, 4), perByteMs, latencyMs: round(latencyMs, 4),
    ...(q?.pickupMs ? { pickupMs: q.pickupMs.median } : {}),
    ...(q?.heardMs ? { heardMs: q.heardMs.median } : {}),
    argBytesPerJob: q?.argBytesPerJob ?? 0, resultBytesPerJob: q?.resultBytesPerJob ?? 0,
    measuredRttMs: round(measuredRttMs, 4),
    networkLatencyMs: round(model.networkLatencyMs, 4),
    networkLatencySource: r.networkLatencyMs === undefined ? 'measured' : 'set',
    roundTripsPerJob: ROUND_TRIPS_PER_JOB,
    latencyTermMs: round(latencyTermMs(model), 4),
    ...(cpu !== undefined ? { redisCpuMsPerJob: cpu, redisJobsPerSecond: round(1000 / cpu, 1) } : {}),
  };
  const points = PREDICTED_MACHINES.map((machines) => machinesPoint(model, machines));
  const check = checkAgainst(r.atLanes, { ...model, networkLatencyMs: measuredRttMs });
  return { inputs, points, ...(check ? { check } : {}), findings: machinesFindings(inputs, points) };
}

/** This machine's K-lane queue run predicted from the one-lane run (M = 1, the latency measured here). */
function checkAgainst(at: ModeResult | undefined, model: MachinesModel): MachinesCheck | undefined {
  if (!at?.speedup || at.status !== 'completed' || at.lanes <= 1 || at.chunk) return undefined;
  const remote = at.queue?.workers.some((w) => w.remote && w.tasks > 0);
  if (remote) return undefined;
  const p = machinesPoint(model, 1);
  const free = at.loadAware?.speedup;
  return {
    machines: 1, lanes: at.lanes, predicted: p.speedup, measured: at.speedup, errorPct: round(((p.speedup - at.speedup) / at.speedup) * 100, 1),
    // The model assumes free cores: where other programs held them, the run's estimate on free cores is the fair comparison too.
    ...(free !== undefined && free > 0 ? { measuredOnFreeCores: free, errorOnFreeCoresPct: round(((p.speedup - free) / free) * 100, 1) } : {}),
  };
}

function machinesFindings(i: MachinesInputs, points: MachinesPoint[]): string[] {
  const out: string[] = [];
  const link = i.networkLatencySource === 'set'
    ? `a ${formatMs(i.networkLatencyMs)} round trip to Redis (${formatMs(i.measuredRttMs)} measured here), which adds ${formatMs(i.latencyTermMs)} to each job`
    : `the ${formatMs(i.measuredRttMs)} round trip to Redis measured here (set another with --network-latency)`;
  out.push(`Machines of ${i.lanesPerMachine} lanes on one Redis, each job paying ${formatMs(Math.max(0, i.perJobMs + i.latencyTermMs))} beyond its work with ${link}.`);
  const redis = points.find((p) => p.by === 'redis');
  if (redis && i.redisJobsPerSecond !== undefined) {
    out.push(`From ${redis.machines} machines on, Redis sets the pace: at ${formatMs(i.redisCpuMsPerJob!)} of its CPU per job it carries at most ~${Math.round(i.redisJobsPerSecond).toLocaleString('en-US')} jobs a second.`);
  }
  const last = points[points.length - 1];
  if (last) out.push(`On ${last.machines} machines (${last.lanes} lanes): ${formatSpeedup(last.speedup)}, ${Math.round(last.jobsPerSecond).toLocaleString('en-US')} jobs a second.`);
  return out;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
