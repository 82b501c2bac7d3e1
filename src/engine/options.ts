// Profile options: checked one by one with one wording ("options.tasks must be …"), defaults
// from one table, so the CLI, the extension's settings and the tests agree.
import * as os from 'node:os';
import { ALL_MODES, DEFAULT_MODES, type ModeName } from '../shared/report/report';
import { BadOptionError } from './errors';
import type { QueueSettings } from './modes/types';
import { parseRedisUrl } from './lanes/redisAddress';

export interface ProfileOptions {
  /** Absolute or relative path of the user's file. */
  file: string;
  /** The function, by name … */
  functionName?: string;
  /** … or the one enclosing this 1-based line. */
  line?: number;
  tasks?: number;
  /** JavaScript expression with `i` and `n` in scope yielding the task's argument array. */
  args?: string;
  workers?: number;
  modes?: ModeName[];
  repeat?: number;
  warmup?: number;
  sweep?: boolean;
  /** Workers and processes modes: consecutive tasks per message (1: one task a message, as piscina's run()). */
  chunk?: number;
  /** Predict the speedup on 1 … 64 cores and advise a chunk size (runs each parallel mode once more on one lane). */
  predict?: boolean;
  /** With `predict` and the queue mode: the round trip between a worker machine and Redis the machines what-if assumes, ms (default: the one measured). */
  networkLatencyMs?: number;
  timeoutMs?: number;
  sampleIntervalMs?: number;
  memoryLimitMb?: number;
  /** Where bundles are cached between runs. */
  cacheDir?: string;
  /** Record a V8 CPU profile of every lane during one extra, uncounted repetition per mode. */
  cpuProfile?: boolean;
  /** Where the .cpuprofile files go; default a new folder under the system's temp folder. */
  cpuProfileDir?: string;
  /** V8's sampling interval for those profiles, ms (default 1). */
  cpuProfileIntervalMs?: number;
  /** For an instance method: a JavaScript expression yielding the constructor's argument array (built once per lane). */
  construct?: string;
  /** Run the modes' repetitions in interleaved rounds (default true); false runs each mode's in a row. */
  interleave?: boolean;
  /** After `repeat` rounds, add rounds until every speedup's interval is within ±precision (0.05 = ±5%); 0: exactly `repeat`. */
  precision?: number;
  /** Time budget for the warm-ups and rounds, ms; default about three times what the minimum rounds took. */
  maxTimeMs?: number;
  /** Another version of the function (another function, in this file or another) run in the same rounds and compared with this one. */
  versus?: VersusOptions;
  /** The queue mode's Redis and lanes (used only when `modes` names 'queue'). */
  queue?: QueueSettings;
}

export interface VersusOptions {
  /** The other function's file; default the profiled function's own. */
  file?: string;
  /** The other function's name; with `revision`, the profiled function's own (the engine fills it in when empty). */
  functionName: string;
  /** The same function as it was at this git revision (HEAD, HEAD~1, a branch, a tag, a hash). */
  revision?: string;
  /** Changes smaller than this share are not called faster or slower (default 0.02). */
  threshold?: number;
}

export interface ResolvedOptions extends Required<Omit<ProfileOptions, 'functionName' | 'line' | 'cacheDir' | 'cpuProfileDir' | 'maxTimeMs' | 'construct' | 'versus' | 'queue' | 'networkLatencyMs'>> {
  networkLatencyMs?: number;
  versus?: VersusOptions;
  queue?: QueueSettings;
  functionName?: string;
  line?: number;
  cacheDir?: string;
  cpuProfileDir?: string;
  maxTimeMs?: number;
  construct?: string;
}

export const DEFAULTS = {
  tasks: 8,
  args: '[]',
  modes: [...DEFAULT_MODES] as ModeName[],
  repeat: 3,
  warmup: 1,
  sweep: false,
  chunk: 1,
  predict: false,
  timeoutMs: 120_000,
  // /proc/stat counts CPU time in 10 ms ticks: a 50 ms sample is 5 ticks ± 1 (±20% per core per
  // sample), 100 ms halves that jitter, and the sampler's cost with it (the sampler row of bench/README.md).
  sampleIntervalMs: 100,
  memoryLimitMb: 512,
  cpuProfile: false,
  // V8's own default; 1,000 samples a second cost a few per cent of a busy thread (bench row 12).
  cpuProfileIntervalMs: 1,
  interleave: true,
  // ±5%: the accuracy the benchmarks hold the speedup to.
  precision: 0.05,
} as const;

/** Bounds that keep a run and its report finite; past them the user gets a clear refusal. */
export const LIMITS = {
  maxTasks: 100_000,
  maxWorkers: 1024,
  maxRepeat: 100,
  maxWarmup: 20,
  minSampleIntervalMs: 10,
  maxSampleIntervalMs: 1000,
  minMemoryLimitMb: 32,
  // Electron's V8 heap is capped at 4 GB (pointer compression); more does nothing there.
  maxMemoryLimitMb: 4096,
  minCpuProfileIntervalMs: 0.05,
  maxCpuProfileIntervalMs: 100,
  maxPrecision: 1,
  maxRounds: 100,
} as const;

export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const shown = typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : typeof value;
    throw new BadOptionError(`options.${name} must be an integer from ${min} to ${max} (got ${shown})`);
  }
  return value;
}

export function resolveOptions(o: ProfileOptions): ResolvedOptions {
  if (typeof o.file !== 'string' || o.file.length === 0) throw new BadOptionError('options.file must be the path of a TypeScript or JavaScript file');
  const hasName = typeof o.functionName === 'string' && o.functionName.length > 0;
  const hasLine = o.line !== undefined;
  if (hasName === hasLine) throw new BadOptionError('options.functionName or options.line must be given (exactly one of them)');
  if (hasLine) integer('line', o.line, 1, 10_000_000);
  const tasks = integer('tasks', o.tasks ?? DEFAULTS.tasks, 1, LIMITS.maxTasks);
  const workers = integer('workers', o.workers ?? defaultWorkers(), 1, LIMITS.maxWorkers);
  const repeat = integer('repeat', o.repeat ?? DEFAULTS.repeat, 1, LIMITS.maxRepeat);
  const warmup = integer('warmup', o.warmup ?? DEFAULTS.warmup, 0, LIMITS.maxWarmup);
  const sampleIntervalMs = integer('sampleIntervalMs', o.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs, LIMITS.minSampleIntervalMs, LIMITS.maxSampleIntervalMs);
  const memoryLimitMb = integer('memoryLimitMb', o.memoryLimitMb ?? DEFAULTS.memoryLimitMb, LIMITS.minMemoryLimitMb, LIMITS.maxMemoryLimitMb);
  const timeoutMs = o.timeoutMs ?? DEFAULTS.timeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 86_400_000) {
    throw new BadOptionError(`options.timeoutMs must be a number of milliseconds from 100 to 86400000 (got ${JSON.stringify(timeoutMs)})`);
  }
  const args = o.args ?? DEFAULTS.args;
  if (typeof args !== 'string' || args.trim().length === 0) throw new BadOptionError('options.args must be a JavaScript expression such as [i * 1000]');
  const modes = resolveModes(o.modes ?? DEFAULTS.modes);
  const cpuProfileIntervalMs = o.cpuProfileIntervalMs ?? DEFAULTS.cpuProfileIntervalMs;
  if (typeof cpuProfileIntervalMs !== 'number' || !Number.isFinite(cpuProfileIntervalMs) || cpuProfileIntervalMs < LIMITS.minCpuProfileIntervalMs || cpuProfileIntervalMs > LIMITS.maxCpuProfileIntervalMs) {
    throw new BadOptionError(`options.cpuProfileIntervalMs must be a number of milliseconds from ${LIMITS.minCpuProfileIntervalMs} to ${LIMITS.maxCpuProfileIntervalMs} (got ${JSON.stringify(cpuProfileIntervalMs)})`);
  }
  if (o.cpuProfileDir !== undefined && (typeof o.cpuProfileDir !== 'string' || o.cpuProfileDir.length === 0)) {
    throw new BadOptionError('options.cpuProfileDir must be the path of a folder');
  }
  if (o.construct !== undefined && (typeof o.construct !== 'string' || o.construct.trim().length === 0)) {
    throw new BadOptionError('options.construct must be a JavaScript expression such as ["-", 3] (the constructor\'s arguments)');
  }
  const precision = o.precision ?? DEFAULTS.precision;
  if (typeof precision !== 'number' || !Number.isFinite(precision) || precision < 0 || precision > LIMITS.maxPrecision) {
    throw new BadOptionError(`options.precision must be a share from 0 to ${LIMITS.maxPrecision}, such as 0.05 for ±5% (got ${JSON.stringify(precision)})`);
  }
  const maxTimeMs = o.maxTimeMs;
  if (maxTimeMs !== undefined && (typeof maxTimeMs !== 'number' || !Number.isFinite(maxTimeMs) || maxTimeMs < 0 || maxTimeMs > 86_400_000)) {
    throw new BadOptionError(`options.maxTimeMs must be a number of milliseconds from 0 to 86400000 (got ${JSON.stringify(maxTimeMs)})`);
  }
  if (o.interleave !== undefined && typeof o.interleave !== 'boolean') throw new BadOptionError(`options.interleave must be true or false (got ${JSON.stringify(o.interleave)})`);
  return {
    file: o.file,
    functionName: hasName ? o.functionName : undefined,
    line: hasLine ? o.line : undefined,
    tasks, workers, repeat, warmup, sampleIntervalMs, memoryLimitMb, timeoutMs, args, modes,
    sweep: o.sweep === true,
    chunk: integer('chunk', o.chunk ?? DEFAULTS.chunk, 1, LIMITS.maxTasks),
    predict: o.predict === true,
    ...(o.networkLatencyMs !== undefined ? { networkLatencyMs: networkLatency(o.networkLatencyMs) } : {}),
    cacheDir: o.cacheDir,
    cpuProfile: o.cpuProfile === true || o.cpuProfileDir !== undefined,
    cpuProfileDir: o.cpuProfileDir,
    cpuProfileIntervalMs,
    interleave: o.interleave ?? DEFAULTS.interleave,
    precision,
    // 0 means "no budget of my own": the default, three times the minimum rounds.
    maxTimeMs: maxTimeMs ? maxTimeMs : undefined,
    ...(o.construct !== undefined ? { construct: o.construct } : {}),
    ...(o.versus !== undefined ? { versus: checkVersus(o.versus, o.interleave ?? DEFAULTS.interleave) } : {}),
    ...(o.queue !== undefined ? { queue: resolveQueue(o.queue, { modes, predict: o.predict === true, versus: o.versus !== undefined, cpuProfile: o.cpuProfile === true || o.cpuProfileDir !== undefined }) } : {}),
  };
}

/** A round trip: 0 (the same machine) to a minute (nothing crosses the planet slower). */
function networkLatency(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 60_000) {
    throw new BadOptionError(`options.networkLatencyMs must be a number of milliseconds from 0 to 60000 (got ${JSON.stringify(ms)})`);
  }
  return ms;
}

function checkVersus(v: VersusOptions, interleave: boolean): VersusOptions {
  if (typeof v !== 'object' || v === null || typeof v.functionName !== 'string' || (v.functionName.length === 0 && v.revision === undefined)) {
    throw new BadOptionError('options.versus.functionName must name the function to compare with');
  }
  if (v.revision !== undefined && (typeof v.revision !== 'string' || !/^[A-Za-z0-9._\/~^@{}-]{1,200}$/.test(v.revision) || v.revision.startsWith('-'))) {
    throw new BadOptionError(`options.versus.revision must be a git revision such as HEAD, HEAD~1, main or a commit hash (got ${JSON.stringify(v.revision)})`);
  }
  if (v.file !== undefined && (typeof v.file !== 'string' || v.file.length === 0)) throw new BadOptionError('options.versus.file must be the path of a TypeScript or JavaScript file');
  if (v.threshold !== undefined && !(typeof v.threshold === 'number' && v.threshold >= 0 && v.threshold <= 10)) {
    throw new BadOptionError(`options.versus.threshold must be a share from 0 to 10 (got ${JSON.stringify(v.threshold)})`);
  }
  if (!interleave) throw new BadOptionError('--versus runs both versions in the same interleaved rounds: drop --no-interleave.');
  return { functionName: v.functionName, ...(v.file !== undefined ? { file: v.file } : {}), ...(v.revision !== undefined ? { revision: v.revision } : {}), ...(v.threshold !== undefined ? { threshold: v.threshold } : {}) };
}

/** Sequential always runs, and first: every speedup is measured against it. */
export function resolveModes(modes: readonly string[]): ModeName[] {
  if (!Array.isArray(modes) || modes.length === 0) throw new BadOptionError(`options.modes must list one or more of ${ALL_MODES.join(', ')}`);
  for (const m of modes) {
    if (!(ALL_MODES as readonly string[]).includes(m)) {
      throw new BadOptionError(`options.modes has an unknown mode ${JSON.stringify(m)}; choose from ${ALL_MODES.join(', ')}`);
    }
  }
  return ALL_MODES.filter((m) => m === 'sequential' || modes.includes(m));
}

function resolveQueue(q: QueueSettings, run: { modes: readonly string[]; predict: boolean; versus: boolean; cpuProfile: boolean }): QueueSettings {
  if (typeof q !== 'object' || q === null) throw new BadOptionError('options.queue must be an object such as { redis: { url: "redis://127.0.0.1:6379" } }');
  // Parsed now so a malformed URL is refused before anything runs (the error never shows a password).
  if (q.redis !== undefined) parseRedisUrl(q.redis.url, q.redis.password);
  if (q.threads !== undefined && typeof q.threads !== 'boolean') throw new BadOptionError(`options.queue.threads must be true or false (got ${JSON.stringify(q.threads)})`);
  if (q.stalledIntervalMs !== undefined) integer('queue.stalledIntervalMs', q.stalledIntervalMs, 100, 3_600_000);
  // No colon or wildcard: the name is matched as `bull:NAME:*` to find and remove the run's keys.
  if (q.queueName !== undefined && (typeof q.queueName !== 'string' || !/^[\w.-]{1,100}$/.test(q.queueName))) throw new BadOptionError(`options.queue.queueName must be 1-100 letters, digits, '_', '.' or '-' (got ${JSON.stringify(q.queueName)})`);
  if (q.remoteWorkers !== undefined && q.remoteWorkers !== 0) {
    integer('queue.remoteWorkers', q.remoteWorkers, 0, 1000);
    if (!run.modes.includes('queue')) throw new BadOptionError('--remote-workers is for the queue mode: add queue to --modes.');
    if (q.redis === undefined) throw new BadOptionError('Remote workers need a Redis they can reach: pass --redis redis://HOST:PORT (the private Redis listens only on a socket on this machine).');
    // Each of these starts more queue runs beside the main one (one-lane, the other version) or holds
    // K profile jobs in a folder on this machine: not with workers elsewhere, for now.
    if (run.predict) throw new BadOptionError('--remote-workers cannot be combined with --predict yet: the prediction\'s one-lane queue run would need the workers too.');
    if (run.versus) throw new BadOptionError('--remote-workers cannot be combined with --versus yet: the other version would need workers of its own.');
    if (run.cpuProfile) throw new BadOptionError('--remote-workers cannot be combined with --cpu-profile yet: remote lanes cannot hand their profiles back.');
  }
  if (q.remoteWaitMs !== undefined) integer('queue.remoteWaitMs', q.remoteWaitMs, 100, 3_600_000);
  return { ...q };
}
