// The report: the one contract between the engine, the CLI, the panel and saved files.
// Field names listed in issue 2 are frozen; new fields may be added freely.
// No node, no vscode, no DOM in this file: the webview compiles it too.
import type { HotFunction, ModeCpuProfile, Slowdown } from './cpuProfile';
import type { RoundsInfo, LoadAwareEstimate, WarmupInfo } from './rounds';
import type { Prediction, UslFit } from './prediction';
import type { Comparison } from './comparison';

export type { RoundsInfo, RoundRecord, RoundModeRecord, StopInfo, LoadAwareEstimate, WarmupInfo } from './rounds';
export type { PredictedMode, Prediction, PredictionInputs, PredictionModeInputs, PredictedPoint, PredictionBounds, PredictionCheck, ChunkAdvice, UslFit, MachinesPrediction, MachinesInputs, MachinesPoint, MachinesCheck } from './prediction';

export type { BaseModeDetail, ChangeKind, Comparison, MeasureChange, ModeComparison } from './comparison';

export type { CategoryShare, CodeCategory, HotFunction, ModeCpuProfile, ProfiledFunction, Slowdown } from './cpuProfile';

export const SCHEMA_VERSION = 1;

export type { QueueInfo, QueueWorker, RefusedQueueWorker, JobTime } from './queue';
import type { QueueInfo } from './queue';

export type ModeName = 'sequential' | 'async' | 'workers' | 'processes' | 'queue';
/** Every mode, in the order they run. */
export const ALL_MODES: readonly ModeName[] = ['sequential', 'async', 'workers', 'processes', 'queue'];
/** The modes a profile runs when none are named: the queue mode needs Redis and runs only when asked for. */
export const DEFAULT_MODES: readonly ModeName[] = ['sequential', 'async', 'workers', 'processes'];

export interface Report {
  schemaVersion: 1;
  /** ISO time the profile started. */
  createdAt: string;
  /** Version of the tool that wrote the report. */
  tool: { name: 'parallelism-profiler'; version: string };
  function: FunctionInfo;
  machine: MachineInfo;
  settings: ProfileSettings;
  /** One entry per requested mode, in the order they ran. */
  modes: ModeResult[];
  /** Present only with --sweep. */
  sweep?: SweepPoint[];
  sweepFit?: AmdahlFit;
  /** With a sweep of three or more worker counts up to the cores: the Universal Scalability Law beside Amdahl's. */
  sweepUsl?: UslFit;
  /** Present only with --predict. */
  prediction?: Prediction;
  verdict: Verdict;
  /** Run-wide warnings (noisy machine, module printed on load, data cut to keep the report small). */
  warnings: Warning[];
  /** Output the user's module printed while being loaded (once per worker/process), bounded. */
  moduleLoadOutput?: ConsoleCapture;
  /** Time to bundle the user's file, and whether it came from the cache. */
  bundle?: { ms: number; cached: boolean; bytes: number; format?: 'esm' | 'cjs'; formatReason?: string; nativePackages?: string[] };
  /** The measured rounds (one repetition of each mode per round), the load each saw, and why they stopped. */
  rounds?: RoundsInfo;
  /** This run against another version of the function (--versus, in the same rounds) or a saved report (--baseline). */
  comparison?: Comparison;
}

export interface FunctionInfo {
  name: string;
  /** Absolute path of the user's source file. */
  file: string;
  /** 1-based line of the function's declaration. */
  line: number;
  column?: number;
  async: boolean;
  /** How the function was reached: 'function' | 'variable' | 'default' | 'static-method' | 'instance-method' | 'object-method' (a method of a top-level const object literal; className is the object's name). */
  kind?: FunctionKind;
  className?: string;
}

export type FunctionKind = 'function' | 'variable' | 'default' | 'static-method' | 'instance-method' | 'object-method';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  platform: string;
  arch?: string;
  node: string;
  /** Total memory in bytes. */
  memoryBytes?: number;
  /** Set when the host runs inside Electron (desktop VS Code). */
  electron?: string;
  hostname?: string;
}

export interface ProfileSettings {
  tasks: number;
  workers: number;
  repeat: number;
  warmup: number;
  /** The arguments expression, as typed. */
  args: string;
  modes: ModeName[];
  timeoutMs: number;
  sampleIntervalMs: number;
  /** Heap limit for each worker thread and child process, in MB. */
  memoryLimitMb: number;
  sweep: boolean;
  /** Set when every lane recorded a V8 CPU profile of one extra, uncounted repetition. */
  cpuProfile?: { intervalMs: number; dir: string };
  /** The constructor-arguments expression an instance method's class was built with, once per lane (as typed, or from @profileConstruct). */
  construct?: string;
  /** False when the modes ran one after another instead of in interleaved rounds. */
  interleave?: boolean;
  /** Relative half-width every speedup interval must reach before the rounds stop (0.05 = ±5%); 0: exactly `repeat` rounds. */
  precision?: number;
  /** Time budget for the rounds, ms; absent: about three times what the minimum rounds took. */
  maxTimeMs?: number;
  /** Consecutive tasks per message in the workers and processes modes; absent means 1. */
  chunk?: number;
  /** Set when the prediction (`prediction`) was asked for. */
  predict?: boolean;
}

export type ModeStatus = 'completed' | 'failed' | 'timeout' | 'skipped' | 'cancelled';

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every measured repetition, in run order (warm-ups excluded). */
  runs: number[];
  mean?: number;
  /** Median absolute deviation. */
  mad?: number;
  /** (max - min) / median. */
  relativeSpread?: number;
  /** Indices into runs flagged by the modified z-score (> 10, as hyperfine). */
  outliers?: number[];
}

export interface Interval {
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95; or 'range' when built from min and max only. */
  level: number | 'range';
}

export interface CorePlacement {
  engineCore: number;
  laneCores: number[];
}

export interface ModeResult {
  mode: ModeName;
  status: ModeStatus;
  /** Lanes used: 1 for sequential and async (one thread), K for workers and processes. */
  lanes: number;
  /** Workers and processes run with chunks: this many consecutive tasks per message. Absent: one task a message. */
  chunk?: number;
  /** Only when completed. */
  wallMs?: Spread;
  /** CPU time of the profiling process tree during the median repetition, ms. */
  cpuMs?: number;
  /**
   * Time the engine's thread (the one that hands tasks over and takes results back) was busy during
   * the median repetition, ms: its event loop's active time, so it also holds whatever else ran there.
   */
  engineBusyMs?: number;
  /**
   * The prediction's one-lane runs (Linux): the engine's thread and each lane's were held on cores of
   * their own during every measured repetition. Absent: they ran where the OS put them.
   */
  placement?: CorePlacement;
  /** Cores busy on average during the median repetition: cpuMs / wallMs. */
  coresBusy?: number;
  /** Sequential median / this median. */
  speedup?: number;
  speedupCi?: Interval;
  /** speedup / min(lanes, tasks) — or / lanes' ideal. */
  efficiency?: number;
  /**
   * Time to start the mode's threads or processes and load the user's module, ms (apart from the tasks).
   * With interleaved rounds every mode starts at once, so this includes sharing the cores with the others' starts.
   */
  startupMs?: number;
  /** The warm-ups that ran before the measured repetitions, and why that many. */
  warmups?: WarmupInfo;
  /** The tasks of the median repetition. Sampled when there are many (see tasksTotal). */
  tasks?: TaskRecord[];
  /** How many tasks the repetition ran, when `tasks` holds a sample. */
  tasksTotal?: number;
  /** CPU samples during the median repetition, on the same clock as tasks (ms from the repetition's start). */
  cpu?: CpuSeries;
  /** Effective utilisation: share of all logical cores busy, 0..1, and its VTune band. */
  utilisation?: { share: number; band: UtilisationBand };
  /** Sum of bytes of arguments and results crossing the thread/process boundary in the median repetition. */
  transfer?: { argBytes: number; resultBytes: number };
  error?: ErrorInfo;
  /** Per-task failures (the mode may still have completed other tasks). */
  failedTasks?: TaskFailure[];
  /** Console output of the tasks, bounded. */
  console?: ConsoleCapture;
  warnings?: Warning[];
  /** With a CPU profile: the functions the profiled repetition's tasks spent their time in, by self time. */
  hotFunctions?: HotFunction[];
  /** Parallel modes with a CPU profile: the functions that got slower per task than alone, by extra time. */
  slowdowns?: Slowdown[];
  cpuProfile?: ModeCpuProfile;
  /** The speedup this mode would likely have had with the cores free (other programs' load taken out). */
  loadAware?: LoadAwareEstimate;
  /** The queue mode: its Redis, its workers and what a job cost beyond its work. */
  queue?: QueueInfo;
}

export interface TaskRecord {
  index: number;
  /** The thread or process that ran it; in async mode the slot of the in-flight call. 0-based. */
  lane: number;
  /** When the engine handed it over, ms from the repetition's start. */
  dispatchMs?: number;
  startMs: number;
  endMs: number;
  /**
   * CPU time of the running thread or process during the task, where the platform gives it. A lane
   * reads its CPU clock at most once per millisecond: tasks that ended sooner after the last reading
   * share the next one in proportion to their wall times (their sum is exact, each part an estimate).
   */
  cpuMs?: number;
  /** Time the running thread was ready to run but waited for a core (other programs held them), where the platform gives it; shared like cpuMs. */
  waitMs?: number;
  argBytes?: number;
  resultBytes?: number;
  /** Set when the task threw. */
  failed?: boolean;
}

export interface TaskFailure {
  index: number;
  message: string;
  stack?: string;
  /** The error's class name, e.g. TypeError. */
  name?: string;
}

export interface CpuSeries {
  intervalMs: number;
  /** Sample times, ms from the repetition's start (end of each interval). */
  t: number[];
  /** cores[c][s]: percent busy of core c during sample s (0..100). */
  cores: number[][];
  /** Percent of one core used by the profiling process tree during sample s (may exceed 100). */
  process?: number[];
  /** Where the numbers came from: '/proc/stat' or 'os.cpus'. */
  source?: string;
}

export type UtilisationBand = 'idle' | 'poor' | 'ok' | 'ideal';

export interface SweepPoint {
  workers: number;
  wallMs: Spread | number;
  speedup: number;
  efficiency: number;
  /** Karp–Flatt experimentally determined serial fraction at this point (undefined for 1 worker). */
  karpFlatt?: number;
}

export interface AmdahlFit {
  /** Fitted serial fraction, 0..1. */
  serialFraction: number;
  /** Maximum speedup the fit predicts as workers grow without bound (1 / serialFraction). */
  maxSpeedup: number;
  /** Root-mean-square error of the fit in speedup units. */
  rmse: number;
}

export type Bound = 'cpu' | 'io' | 'mixed';

export interface Verdict {
  bound: Bound;
  /** The fastest completed mode: the same as `winner.mode`, kept for older readers. */
  best: ModeName | null;
  /** At most two sentences in plain words: who wins (or ties), by how much against what ideal, and why. */
  summary: string;
  /** Every finding: the reasons ranked by effect (`rank`), then the measurement's own warnings and context. */
  findings: Finding[];
  /**
   * The winner, chosen once from the speedups the table shows (paired, with their intervals; the
   * load-aware estimates when the machine was busy), with the modes it ties with. Absent in reports
   * written before issue 23, and when no mode completed.
   */
  winner?: VerdictWinner;
}

export interface VerdictWinner {
  mode: ModeName;
  /** Its speedup over sequential (1 for sequential itself) and the interval the table shows. */
  speedup: number;
  ci?: Interval;
  /** 'load-aware': estimated for free cores because other programs held them; else as measured. */
  basis: 'measured' | 'load-aware';
  /** The ideal speedup it is measured against. */
  ideal: number;
  /** Modes whose intervals overlap the winner's: they are as fast as it, as far as the run can tell. */
  tiedWith: ModeName[];
}

/**
 * What a finding costs, estimated from the run: the speedup the winner would reach without that
 * cause, and that gain as a share of the gap between its speedup and the ideal (0..1).
 */
export interface FindingEffect {
  speedupWithout: number;
  shareOfGap: number;
}

/** 'reason': explains the gap to the ideal (ranked); 'measurement': about how far the numbers can be trusted; 'context': what the function is. */
export type FindingGroup = 'reason' | 'measurement' | 'context';

export type FindingKind =
  | 'cpu-bound' | 'io-bound' | 'mixed-bound'
  | 'async-no-await' | 'async-overlap'
  | 'too-few-tasks' | 'load-imbalance' | 'tiny-tasks'
  | 'startup-cost' | 'transfer-cost' | 'contention' | 'processes-escape-contention'
  | 'serial-fraction' | 'gc-helper-threads' | 'noisy' | 'oversubscribed' | 'failed' | 'timeout'
  | 'libuv-pool' | 'slowdown' | 'gc-share' | 'superlinear' | 'busy-machine' | 'disturbed-rounds' | 'native-code' | 'other'
  | 'queue-cost' | 'queue-capacity' | 'queue-skipped';

export interface Finding {
  kind: FindingKind;
  severity: 'info' | 'warning' | 'problem';
  /** Plain words, with the numbers in them. */
  message: string;
  /** The numbers behind the message, for tables and tests. */
  data?: Record<string, number | string | boolean>;
  /** Absent in reports written before issue 23 (read them as reasons, unranked). */
  group?: FindingGroup;
  /** 1 for the reason with the largest effect; only reasons are ranked. */
  rank?: number;
  /** Only where the run's numbers allow an estimate. */
  effect?: FindingEffect;
  /** The finding in one line, for the top three (the message keeps every number). */
  line?: string;
  /** The modes it is about, when one finding speaks for several (the same advice for two modes). */
  modes?: ModeName[];
}

export interface Warning {
  kind: 'noisy' | 'outliers' | 'slow-first-run' | 'module-output' | 'module-side-effects' | 'truncated' | 'tiny-tasks' | 'timeout' | 'other';
  message: string;
  mode?: ModeName;
}

export interface ConsoleCapture {
  /** Lines kept, each prefixed by its stream: 'out' or 'err'. */
  lines: { stream: 'out' | 'err'; text: string; task?: number }[];
  /** How many lines were dropped to keep the report bounded. */
  droppedLines: number;
}

export interface ErrorInfo {
  name: string;
  /** A ProfilerErrorCode, or 'UNKNOWN'. */
  code: string;
  message: string;
  stack?: string;
  /** Source location, when the error maps to one (compile errors, failing tasks). */
  file?: string;
  line?: number;
  column?: number;
  /** Which task, when one task caused it. */
  task?: number;
}
