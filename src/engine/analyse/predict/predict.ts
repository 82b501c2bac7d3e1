// The prediction: the pool's schedule replayed for K = 1 … 64 lanes from this run's measurements, per
// parallel mode, with a band; the bounds in plain words; the check at this machine's K against the
// measurement, made without it; and the chunk sizes worth measuring. Pure: the orchestrator runs the
// extra measurements (one lane per parallel mode, the chunk candidates) and hands them in.
import { formatMs, formatNumber, formatSpeedup, modeLabel } from '../../../shared/wording/format';
import type {
  ModeResult, PredictedMode, PredictedPoint, Prediction, PredictionCheck, PredictionModeInputs, SweepPoint,
} from '../../../shared/report/report';
import { speedupBound, workSpan } from './bounds';
import { centralWallMs, chunkPlan, type ChunkPlan } from './chunkAdvice';
import { modeInputs, perTask, taskCpuMs } from './inputs';
import { simulate, type ScheduleModel } from './schedule';
import { uslSlowdown } from './usl';
import { predictMachines } from './machines';

/** The lane counts the K table shows. */
export const PREDICTED_WORKERS = [1, 2, 4, 8, 16, 32, 64] as const;
/** The modes the prediction covers: the parallel ones. */
export const PREDICTED_MODES: readonly PredictedMode[] = ['workers', 'processes'];

export interface PredictInput {
  /** The profile's modes (sequential required; workers and processes at `workers` lanes). */
  modes: readonly ModeResult[];
  /** The same parallel modes measured again on one lane. */
  oneLane: readonly ModeResult[];
  tasks: number;
  cores: number;
  workers: number;
  sweep?: readonly SweepPoint[];
  /** The machines what-if's round trip between a worker machine and Redis, ms; unset: the one measured. */
  networkLatencyMs?: number;
}

export interface PredictOutcome {
  prediction: Prediction;
  /** The workers mode's chunk sizes to measure at `workers` lanes (empty when chunks are not predicted to pay). */
  chunkPlan?: ChunkPlan;
}

interface Model {
  taskMs: number[];
  /** Each task's CPU time alone (its wall time where the lane could not read it). */
  taskCpuMs: number[];
  bytes: number[];
  sequentialWallMs: number;
  workers: number;
  /** This machine's cores: a point at K lanes is for a machine with max(K, cores) of them. */
  cores: number;
}

export function predict(input: PredictInput): PredictOutcome | undefined {
  const seq = input.modes.find((m) => m.mode === 'sequential' && m.status === 'completed');
  if (!seq?.wallMs || !seq.tasks?.length) return undefined;
  const n = input.tasks;
  const model: Model = {
    taskMs: perTask(seq.tasks, n, (t) => t.endMs - t.startMs),
    bytes: perTask(seq.tasks, n, (t) => (t.argBytes ?? 0) + (t.resultBytes ?? 0)),
    taskCpuMs: perTask(seq.tasks, n, taskCpuMs),
    sequentialWallMs: seq.wallMs.median,
    workers: input.workers,
    cores: input.cores,
  };
  const inputs: PredictionModeInputs[] = [];
  for (const mode of PREDICTED_MODES) {
    const one = input.oneLane.find((m) => m.mode === mode && m.lanes === 1);
    const at = input.modes.find((m) => m.mode === mode);
    const mi = modeInputs(mode, one, at, seq, n, input.cores);
    if (mi) inputs.push(mi);
  }
  const machines = predictMachines({
    taskMs: model.taskMs, bytes: model.bytes, sequentialWallMs: model.sequentialWallMs, tasks: n,
    atLanes: input.modes.find((m) => m.mode === 'queue'), oneLane: input.oneLane.find((m) => m.mode === 'queue' && m.lanes === 1),
    ...(input.networkLatencyMs !== undefined ? { networkLatencyMs: input.networkLatencyMs } : {}),
  });
  if (inputs.length === 0 && !machines) return undefined;

  const longest = model.taskMs.reduce((a, t, i) => (t > model.taskMs[a] ? i : a), 0);
  const first = inputs[0];
  const bounds = workSpan(model.taskMs, first ? first.perMessageMs + model.bytes[longest] * first.perByteMs : (machines?.inputs.perJobMs ?? 0));
  const points: PredictedPoint[] = [];
  for (const mi of inputs) for (const k of PREDICTED_WORKERS) points.push(pointAt(model, mi, k));

  const check: PredictionCheck[] = [];
  for (const mi of inputs) {
    const measured = input.modes.find((m) => m.mode === mi.mode);
    if (!measured?.speedup || measured.status !== 'completed' || measured.chunk || measured.lanes !== input.workers || input.workers > input.cores) continue;
    const p = pointAt(model, mi, input.workers);
    check.push({ mode: mi.mode, workers: input.workers, predicted: p.speedup, low: p.low, high: p.high, measured: measured.speedup, errorPct: round(((p.speedup - measured.speedup) / measured.speedup) * 100, 1) });
  }

  const workersInputs = inputs.find((mi) => mi.mode === 'workers');
  const plan = workersInputs
    ? chunkPlan({ ...scheduleBase(model, workersInputs, input.workers), slowdown: workersInputs.slowdownAtWorkers ?? workersInputs.slowdownOneLane })
    : undefined;
  const prediction: Prediction = {
    inputs: {
      tasks: n,
      workMs: round(bounds.workMs, 3),
      meanTaskMs: round(bounds.workMs / Math.max(1, n), 4),
      longestTaskMs: round(model.taskMs[longest] ?? 0, 3),
      meanBytes: Math.round(model.bytes.reduce((a, b) => a + b, 0) / Math.max(1, n)),
      sequentialWallMs: round(model.sequentialWallMs, 3),
      cores: input.cores,
      workers: input.workers,
      modes: inputs.map((mi) => ({
        ...mi,
        perMessageMs: round(mi.perMessageMs, 5),
        latencyMs: round(mi.latencyMs, 4),
        ...(mi.engineMs !== undefined ? { engineMs: round(mi.engineMs, 5) } : {}),
        ...(mi.cpuPerMessageMs !== undefined ? { cpuPerMessageMs: round(mi.cpuPerMessageMs, 5) } : {}),
        slowdownOneLane: round(mi.slowdownOneLane, 4),
        ...(mi.slowdownAtWorkers !== undefined ? { slowdownAtWorkers: round(mi.slowdownAtWorkers, 4) } : {}),
      })),
    },
    points,
    bounds: { ...bounds, workMs: round(bounds.workMs, 3), spanMs: round(bounds.spanMs, 3), parallelism: round(bounds.parallelism, 3) },
    check,
    ...(machines ? { machines } : {}),
    findings: inputs.length > 0 ? findings(model, inputs, points, bounds, plan) : [],
    ignores: IGNORES,
  };
  return { prediction, ...(plan ? { chunkPlan: plan } : {}) };
}

/**
 * The schedule at K lanes on a machine with max(K, this machine's) cores: the engine's measured share
 * of each message queues on its one thread and stays serial, and once the lanes fill every core that
 * thread is one more than there are cores, so it runs on a fair share of one (C ÷ (K + 1)); the CPU
 * every thread needs is spread over the cores. (On the 2-core reference machine, with the one-lane run
 * interleaved with the K-lane one, 20,000 tasks of 5 µs took 1.48–1.49× the one-lane engine time per
 * message at K = 2.)
 */
function scheduleBase(model: Model, mi: PredictionModeInputs, k: number): Omit<ScheduleModel, 'slowdown'> {
  const cores = Math.max(k, model.cores);
  return {
    taskMs: model.taskMs, bytes: model.bytes, perMessageMs: mi.perMessageMs, perByteMs: mi.perByteMs, latencyMs: mi.latencyMs, lanes: k,
    ...(mi.engineMs !== undefined ? { engineMs: mi.engineMs, engineShare: Math.min(1, cores / (k + 1)) } : {}),
    ...(mi.cpuPerMessageMs !== undefined ? { cpu: { cores, taskCpuMs: model.taskCpuMs, perMessageMs: mi.cpuPerMessageMs } } : {}),
  };
}

/**
 * One point. Optimistic (high): the slowdown measured at this machine's K held as it is, dispatch
 * overlapped across lanes, nothing serial on the engine, no shortage of cores. Pessimistic (low):
 * the slowdown grown with K by its USL terms, the whole fixed cost of every message queued on the
 * engine's thread. Central: the optimistic slowdown, the engine's measured share queued on its thread,
 * the CPU spread over the cores (without those measurements, halfway between the edges). A point at
 * the K where the slowdown was measured uses none of it: only the one-lane run.
 */
export function pointAt(model: Model, mi: PredictionModeInputs, k: number): PredictedPoint {
  // Each task as long as alone unless a slowdown was measured at another K (one lane's ratio is load noise).
  const s1 = 1;
  const heldOut = k === model.workers || k === 1 || mi.slowdownAtWorkers === undefined;
  // Below the measured K the terms interpolate between one lane and it; above it the measured value holds.
  const grown = heldOut ? s1 : s1 * uslSlowdown(mi, k);
  const hold = heldOut ? s1 : k < model.workers ? grown : Math.max(s1, mi.slowdownAtWorkers ?? s1);
  const base = scheduleBase(model, mi, k);
  const seq = model.sequentialWallMs;
  const high = seq / simulate({ ...base, slowdown: hold, engineMs: undefined, engineShare: undefined, cpu: undefined }).wallMs;
  const low = seq / simulate({ ...base, slowdown: Math.max(hold, grown), serialDispatch: true }).wallMs;
  const mid = seq / centralWallMs({ ...base, slowdown: hold });
  // No schedule of N tasks on K lanes beats a perfect split, min(K, N), when no task runs faster than
  // alone (the model's premise). The baseline is the sequential mode's median wall and the task times
  // one repetition's, so under load the two disagree by a few per cent: a CI run read 1.038× at one
  // lane. That is noise between two measurements, not a prediction, so the band stops at the split.
  const split = Math.min(k, model.taskMs.length);
  const cap = (x: number) => Math.min(x, split);
  return { workers: k, mode: mi.mode, speedup: round(cap(mid), 3), low: round(cap(Math.min(low, mid)), 3), high: round(cap(Math.max(high, mid)), 3) };
}

const IGNORES = [
  'memory bandwidth and cache sharing beyond what the run at this machine\'s core count measured',
  'other programs on the machine you deploy to',
  'NUMA: cores on another socket reach memory more slowly',
  'a different CPU (its clock, its cache sizes) and a different Node version',
  'start-up of the threads or processes (reported apart, as for the measured modes)',
];

/** The bound that flattens the curve and what to change; the check has its own field. */
function findings(model: Model, inputs: PredictionModeInputs[], points: PredictedPoint[], b: ReturnType<typeof workSpan>, plan: ChunkPlan | undefined): string[] {
  const out: string[] = [];
  const top = PREDICTED_WORKERS[PREDICTED_WORKERS.length - 1];
  const limit = speedupBound(b, top);
  // Even tasks, just few of them: the fixed cost makes the span bind a hair below N, but the fix is more tasks.
  if (limit.by === 'span' && b.parallelism >= 0.75 * b.tasks) limit.by = 'tasks';
  if (limit.by === 'tasks') out.push(`With ${b.tasks} task${b.tasks === 1 ? '' : 's'} the curve stops at ${b.tasks} cores: split the work into more tasks.`);
  if (limit.by === 'span') {
    out.push(`The longest task (${formatMs(model.taskMs.reduce((a, t) => Math.max(a, t), 0))}) bounds the run at ${formatSpeedup(b.parallelism)} from ${Math.max(1, Math.ceil(b.parallelism))} cores on: split it, or make the tasks more even.`);
  }
  const w = inputs.find((mi) => mi.mode === 'workers') ?? inputs[0];
  const curve = points.filter((p) => p.mode === w.mode);
  const peak = curve.reduce((a, p) => (p.speedup > a.speedup * 1.02 ? p : a), curve[0]);
  const last = curve[curve.length - 1];
  if (peak.workers < top && last.speedup < peak.speedup * 0.97 && w.perMessageMs > 0) {
    const grain = Math.max(2, Math.ceil((100 * w.perMessageMs) / Math.max(1e-9, b.workMs / Math.max(1, b.tasks))));
    out.push(`Past ${peak.workers} cores dispatch costs more than it saves (${formatMs(w.perMessageMs)} a message): use chunks of ${Math.min(grain, Math.max(1, Math.ceil(b.tasks / peak.workers)))}.`);
  } else if (plan && plan.toMeasure.length > 0) {
    out.push(`Dispatch (${formatMs(w.perMessageMs)} a message against ${formatMs(b.workMs / Math.max(1, b.tasks))} a task) is worth cutting with chunks: see the measured chunk sizes.`);
  }
  for (const mi of inputs) {
    if (mi.slowdownAtWorkers !== undefined && mi.slowdownAtWorkers > 1.1) {
      out.push(`${modeLabel(mi.mode)}: each task ran ${formatNumber(mi.slowdownAtWorkers)}× slower with ${model.workers} busy than alone (contention, memory bandwidth, garbage-collector helpers); the band's low edge lets that grow with the core count.`);
    }
  }
  // Where the engine's one thread, not the tasks, bounds the schedule, the centre leans low: the engine's
  // own time a message grows once several lanes talk to it (1.15–1.19× at two lanes on the reference VM),
  // which a one-lane run cannot see. Said, not fitted (bench/README.md, row 11a).
  const meanTask = b.workMs / Math.max(1, b.tasks);
  if (w.engineMs !== undefined && w.engineMs >= meanTask) {
    out.push(`Each task (${formatMs(meanTask)}) takes less than the profiler's thread spends handing it out (${formatMs(w.engineMs)} a message), so that one thread bounds the curve; its cost a message grows once several lanes talk to it, which the one-lane run cannot see, and on the 2-core reference machine the speedup measured at 2 lanes sat 9–33% above this centre: read the band, not the centre.`);
  }
  const at64 = curve.find((p) => p.workers === top);
  if (at64) out.push(`On ${top} cores: ${formatSpeedup(at64.speedup)} (band ${formatSpeedup(at64.low)}–${formatSpeedup(at64.high)}); the bounds allow ${formatSpeedup(speedupBound(b, top).bound)}.`);
  return out;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
