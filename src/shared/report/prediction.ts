// The report's prediction (`--predict`): the schedule replayed for 1 … 64 cores, its inputs, bounds,
// the check against what was measured, and the chunk advice. Part of the report schema (report.ts
// re-exports it). No node, no vscode, no DOM: the webview compiles this file too.

import type { CorePlacement } from './report';

/** Parallel modes the prediction covers. */
export type PredictedMode = 'workers' | 'processes';

/**
 * `--predict`: the speedup this function would reach on 1 … 64 cores, replayed from what this run
 * measured (engine/analyse/predict), its check against a measurement it did not use, and the grain.
 */
export interface Prediction {
  inputs: PredictionInputs;
  /** Per mode and lane count K: the predicted speedup over the measured sequential time, and its band. */
  points: PredictedPoint[];
  bounds: PredictionBounds;
  /** The prediction at this machine's K made without any measurement at K, beside the measurement. */
  check: PredictionCheck[];
  chunk?: ChunkAdvice;
  /** The queue mode's what-if: M machines of K lanes each on one Redis (present when the queue mode ran on one lane and at K). */
  machines?: MachinesPrediction;
  /** Plain-words conclusions: the bound that flattens the curve and what to change. */
  findings: string[];
  /** What the prediction leaves out. */
  ignores: string[];
}

export interface PredictionInputs {
  tasks: number;
  /** Each task's time alone (sequential mode): their sum (work), mean and the longest, ms. */
  workMs: number;
  meanTaskMs: number;
  longestTaskMs: number;
  /** Bytes crossing per task on average (arguments and result). */
  meanBytes: number;
  sequentialWallMs: number;
  /** This machine's logical cores and the lanes the parallel modes ran with. */
  cores: number;
  workers: number;
  modes: PredictionModeInputs[];
}

export interface PredictionModeInputs {
  mode: PredictedMode;
  /** Fixed cost per message (dispatch, wake-up, reply), from the one-lane run, ms. */
  perMessageMs: number;
  /** Cost per byte crossing, ms (0 when every task moved about the same bytes: it is then in perMessageMs). */
  perByteMs: number;
  /** Once per repetition: before the first task starts and after the last one ends, ms. */
  latencyMs: number;
  /** The engine thread's busy time per message on one lane, ms: the share of the fixed cost that queues when lanes reply at once. */
  engineMs?: number;
  /** CPU the process tree spent per message on one lane beyond the tasks' own (both sides of the hand-over, copies, garbage collection), ms. */
  cpuPerMessageMs?: number;
  /** Where the one-lane run held the engine's thread and the lane's (Linux); absent: where the OS put them. */
  placement?: CorePlacement;
  /** Time to start the lanes and load the module, at this machine's K, ms (reported, not in the wall time). */
  startupMs?: number;
  /** Task time in the one-lane run over the same task alone (sequential): reported, not used (away from 1 it is load moving between runs). */
  slowdownOneLane: number;
  /** The same at this machine's K, when measured there; used for every other K. */
  slowdownAtWorkers?: number;
  /** The contention (α) and coherence (β) terms of the per-task slowdown, fitted as the USL's. */
  alpha: number;
  beta: number;
}

export interface PredictedPoint {
  workers: number;
  mode: PredictedMode;
  speedup: number;
  /** Pessimistic: slowdown grows with K (USL terms), dispatch handled one message at a time. */
  low: number;
  /** Optimistic: slowdown as measured, dispatch overlapped across lanes. */
  high: number;
}

export interface PredictionBounds {
  /** T₁: the sum of the task times, ms. */
  workMs: number;
  /** The longest task plus the fixed cost of its message, ms. */
  spanMs: number;
  /** T₁ ÷ span: no core count beats it. */
  parallelism: number;
  tasks: number;
}

export interface PredictionCheck {
  mode: PredictedMode;
  workers: number;
  predicted: number;
  low: number;
  high: number;
  measured: number;
  /** (predicted − measured) ÷ measured, percent. */
  errorPct: number;
}

export interface ChunkAdvice {
  /** The chunk size that measured fastest (1 when chunks do not pay). */
  recommended: number;
  /** Measured wall time of chunk 1 over that of the recommended size, side by side. */
  gain?: number;
  /** The workers mode at this machine's K, per chunk size; includes chunk 1. */
  measured: { chunk: number; wallMs: number }[];
  /** The simulated curve: predicted wall time per chunk size, with why a size was a candidate. */
  predicted: { chunk: number; wallMs: number; why?: string }[];
  /** How to apply the recommendation with piscina, as code. */
  snippet?: string;
}

export interface UslFit {
  alpha: number;
  beta: number;
  rmse: number;
  amdahlRmse: number;
  better: 'usl' | 'amdahl';
  /** Where the USL's speedup peaks, and its value there (past it, more workers slow the run down). */
  peakWorkers: number;
  peakSpeedup: number;
}

/**
 * The queue mode on M machines of K lanes each, all taking jobs from one Redis: the schedule replayed
 * with the queue's measured per-job cost, the network latency shifted to the one asked for, and Redis's
 * CPU per job as a serial step (one Redis carries at most 1000 ÷ redisCpuMsPerJob jobs a second).
 */
export interface MachinesPrediction {
  inputs: MachinesInputs;
  /** Per machine count M (K lanes each): the predicted speedup over the measured sequential time. */
  points: MachinesPoint[];
  /** The prediction of this machine's K-lane queue run (M = 1, the measured latency) from its one-lane run, beside the measurement. */
  check?: MachinesCheck;
  findings: string[];
}

export interface MachinesInputs {
  /** Lanes per machine (the run's K). */
  lanesPerMachine: number;
  /** A job's cost on its lane beyond its work, from the one-lane queue run (the median gap between jobs), ms. */
  perJobMs: number;
  perByteMs: number;
  /** Once per repetition: before the first job starts and after the last one is heard, ms. */
  latencyMs: number;
  /** The one-lane run's per-job costs as the queue mode reports them (medians), ms. */
  pickupMs?: number;
  heardMs?: number;
  argBytesPerJob: number;
  resultBytesPerJob: number;
  /** One PING round trip to Redis as measured from this machine, ms. */
  measuredRttMs: number;
  /** The round trip between a worker machine and Redis the points assume, ms, and whether it was measured or set. */
  networkLatencyMs: number;
  networkLatencySource: 'measured' | 'set';
  /** Round trips to Redis on a lane's path per job (each adds the latency beyond the measured one). */
  roundTripsPerJob: number;
  /** What the latency adds to each job beyond the measured run, ms (negative: a faster link than here). */
  latencyTermMs: number;
  /** Redis's CPU per job (one-lane run) and the ceiling it sets: jobs a second, whatever the number of machines. */
  redisCpuMsPerJob?: number;
  redisJobsPerSecond?: number;
}

export interface MachinesPoint {
  machines: number;
  lanes: number;
  speedup: number;
  /** Jobs a second at that speedup. */
  jobsPerSecond: number;
  /** What sets the pace there: the lanes (work and per-job cost), Redis's CPU, or too few tasks. */
  by: 'lanes' | 'redis' | 'tasks';
}

export interface MachinesCheck {
  machines: number;
  lanes: number;
  predicted: number;
  measured: number;
  /** (predicted − measured) ÷ measured, percent. */
  errorPct: number;
  /** When other programs held the cores: the K-lane run's load-aware speedup (on free cores) and the error against it. */
  measuredOnFreeCores?: number;
  errorOnFreeCoresPct?: number;
}
