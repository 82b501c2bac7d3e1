// Runs one mode the honest way: start its lanes (timed apart), warm every lane, then R measured
// repetitions each under the CPU sampler; keep the median repetition's detail.
import type { ConsoleCapture, CpuSeries, ModeName, ModeResult, TaskRecord, Warning } from '../../shared/report';
import { CancelledError, toErrorInfo } from '../errors';
import { startMode } from '../modes';
import { rememberTaskArgSizes } from '../arguments/argumentSizes';
import type { LoadSpec, RepetitionResult } from '../modes/types';
import { treeCpuMs } from './processCpu';
import { CpuSampler, effectiveUtilisation, rebaseSeries, utilisationBand } from './sampler';
import { summarise } from '../analyse/stats';
import { boundSeries, boundTaskIndices, type BoundedTasks } from './reportBounds';
import type { LiveEvent } from '../../shared/live';
import { epochNow } from '../runtime/clock';
import { LiveTaskBatcher } from './liveTasks';

export interface MeasureModeOptions {
  mode: ModeName;
  load: LoadSpec;
  lanes: number;
  taskArgs: unknown[][];
  /** Serialised size of each task's arguments, as the arguments evaluator measured it. */
  argBytes: number[];
  warmup: number;
  repeat: number;
  timeoutMs: number;
  memoryLimitMb: number;
  sampleIntervalMs: number;
  cores: number;
  signal: AbortSignal;
  onProgress?: (stage: string) => void;
  /** Live events (repetition boundaries, CPU samples, task batches) for a watcher; never throws. */
  live?: (e: LiveEvent) => void;
}

export interface MeasuredMode {
  result: ModeResult;
  loadOutput?: ConsoleCapture;
}

export async function measureMode(o: MeasureModeOptions): Promise<MeasuredMode> {
  const base: ModeResult = { mode: o.mode, status: 'completed', lanes: o.lanes };
  // The session enforces the whole-mode timeout; the same signal also carries the user's cancel.
  const session = await startMode(o.mode, {
    load: o.load, lanes: o.lanes, memoryLimitMb: o.memoryLimitMb, timeoutMs: o.timeoutMs, signal: o.signal, taskCapacity: o.taskArgs.length,
  }).catch((err: unknown) => err as Error);
  if (session instanceof Error) {
    if (session instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    return { result: failed(base, session) };
  }
  rememberTaskArgSizes(o.taskArgs, o.argBytes);
  try {
    const warnings: Warning[] = [];
    for (let w = 0; w < o.warmup; w++) {
      o.onProgress?.(`${o.mode}: warm-up ${w + 1} of ${o.warmup}`);
      const live = liveRepetition(o, true, w + 1, o.warmup);
      const rep = await session.runRepetition(o.taskArgs, o.signal, live?.batcher.sink).finally(() => live?.batcher.flush());
      live?.end(rep);
      if (rep.failures.length > 0) return { result: withFailures(base, rep, o), loadOutput: session.loadOutput };
    }
    // Each repetition is condensed as soon as it ends (the report's bounded sample of its tasks, its
    // sums): only one repetition's task table is alive at a time, whatever the number of repetitions.
    const reps: Condensed[] = [];
    for (let r = 0; r < o.repeat; r++) {
      o.onProgress?.(`${o.mode}: repetition ${r + 1} of ${o.repeat}`);
      const live = liveRepetition(o, false, r + 1, o.repeat);
      let sampleShift = 0;
      const onSample = live && ((t: number, cores: number[], processPct: number) => o.live!({ kind: 'cpu', mode: o.mode, t: t + sampleShift, cores, process: processPct }));
      const sampler = new CpuSampler({ intervalMs: o.sampleIntervalMs, pids: () => session.pids, ...(onSample ? { onSample } : {}) });
      const cpuBefore = treeCpuMs(session.pids);
      sampler.start();
      if (live) sampleShift = sampler.startedAt - live.origin;
      let rep: RepetitionResult;
      let series!: CpuSeries;
      try {
        rep = await session.runRepetition(o.taskArgs, o.signal, live?.batcher.sink);
      } finally {
        series = sampler.stop();
        live?.batcher.flush();
      }
      live?.end(rep);
      const cpuMs = treeCpuMs(session.pids) - cpuBefore;
      if (rep.failures.length > 0) return { result: withFailures(base, rep, o), loadOutput: session.loadOutput };
      reps.push({
        wallMs: rep.endedAt - rep.startedAt,
        cpuMs,
        series: rebaseSeries(series, sampler.startedAt, rep.startedAt),
        records: boundedRecords(rep, o.argBytes),
        resultBytes: rep.table.sum(rep.table.resultBytes),
        console: rep.console,
      });
    }
    const wallMs = summarise(reps.map((r) => r.wallMs));
    const median = reps[medianIndex(reps.map((r) => r.wallMs))];
    const { tasks, total, cut } = median.records;
    if (cut) warnings.push({ kind: 'truncated', mode: o.mode, message: `${o.mode}: ${total} tasks ran; the report keeps ${tasks.length} of them (evenly spaced) to stay small. Totals use all of them.` });
    const cpu = boundSeries(median.series);
    const transfer = { argBytes: sum(o.argBytes), resultBytes: median.resultBytes };
    const result: ModeResult = {
      ...base,
      wallMs,
      cpuMs: round(median.cpuMs),
      coresBusy: median.wallMs > 0 ? round(median.cpuMs / median.wallMs, 3) : 0,
      startupMs: round(session.startupMs),
      tasks,
      ...(cut ? { tasksTotal: total } : {}),
      cpu,
      utilisation: utilisationOf(cpu, median.cpuMs, median.wallMs, o.cores),
      transfer,
      console: median.console,
      warnings,
    };
    return { result, loadOutput: session.loadOutput };
  } catch (err) {
    if (err instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    return { result: failed(base, err), loadOutput: session.loadOutput };
  } finally {
    await session.close();
  }
}

/** The live side of one repetition, or undefined when nobody watches (then the engine does nothing extra). */
function liveRepetition(o: MeasureModeOptions, warmup: boolean, index: number, of: number) {
  const emit = o.live;
  if (!emit) return undefined;
  const origin = epochNow();
  emit({ kind: 'repetition-start', mode: o.mode, warmup, index, of, at: origin });
  return {
    origin,
    batcher: new LiveTaskBatcher(o.mode, origin, emit),
    end: (rep: RepetitionResult) => emit({ kind: 'repetition-end', mode: o.mode, warmup, index, wallMs: round(rep.endedAt - rep.startedAt) }),
  };
}

function failed(base: ModeResult, err: unknown): ModeResult {
  const info = toErrorInfo(err);
  return { ...base, status: info.code === 'TIMEOUT' ? 'timeout' : 'failed', error: info };
}

function withFailures(base: ModeResult, rep: RepetitionResult, o: MeasureModeOptions): ModeResult {
  const indices = rep.failures.map((f) => f.index).sort((a, b) => a - b);
  const shown = indices.slice(0, 10).join(', ') + (indices.length > 10 ? ', …' : '');
  const first = rep.failures[0];
  return {
    ...base,
    status: 'failed',
    error: {
      name: first.name ?? 'Error',
      code: 'TASK_FAILED',
      message: `${indices.length} of ${o.taskArgs.length} tasks failed (task ${shown}): ${first.message}`,
      stack: first.stack,
      task: first.index,
    },
    failedTasks: rep.failures.slice(0, 100),
    tasks: boundedRecords(rep, o.argBytes).tasks,
    console: rep.console,
  };
}

/** What is kept of one measured repetition once it has ended. */
interface Condensed {
  wallMs: number;
  cpuMs: number;
  series: CpuSeries;
  records: BoundedTasks;
  resultBytes: number;
  console: ConsoleCapture;
}

/** The report's records of a repetition: every task up to MAX_TASKS_IN_REPORT, else a sample (boundTaskIndices). */
function boundedRecords(rep: RepetitionResult, argBytes: number[]): BoundedTasks {
  const table = rep.table;
  const { keep, total, cut } = boundTaskIndices(table.indices(), (i) => table.failed(i));
  const t0 = rep.startedAt;
  const tasks = keep.map((i): TaskRecord => {
    const t = table.row(i);
    return {
      index: i,
      lane: t.lane,
      dispatchMs: round(t.dispatchedAt - t0, 3),
      startMs: round(t.startedAt - t0, 3),
      endMs: round(t.endedAt - t0, 3),
      ...(t.cpuMs !== undefined ? { cpuMs: round(t.cpuMs, 3) } : {}),
      ...(t.waitMs !== undefined ? { waitMs: round(t.waitMs, 3) } : {}),
      argBytes: t.argBytes ?? argBytes[i],
      ...(t.resultBytes !== undefined ? { resultBytes: t.resultBytes } : {}),
      ...(t.failed ? { failed: true } : {}),
    };
  });
  return { tasks, total, cut };
}

/**
 * A repetition shorter than one sampling interval has no samples: judge it by its measured CPU over
 * wall time instead of calling it idle.
 */
function utilisationOf(cpu: CpuSeries, cpuMs: number, wallMs: number, cores: number): ModeResult['utilisation'] {
  if (cpu.t.length > 0 || !(wallMs > 0)) return effectiveUtilisation(cpu, cores);
  const busy = cpuMs / wallMs;
  const share = Math.min(1, busy / cores);
  return { share, band: utilisationBand(share, busy) };
}

/** The repetition whose wall time is the median (the lower middle for an even count). */
export function medianIndex(values: number[]): number {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)][1];
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
