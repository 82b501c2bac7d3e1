// A mode's result from its measured repetitions (the median one's detail, every one's wall time),
// and the results of a mode that failed: a task that threw, a timeout, a crash.
import type { CpuSeries, ModeResult, Warning } from '../../shared/report/report';
import { clipReportText, toErrorInfo } from '../errors';
import type { ModeSession, RepetitionResult } from '../modes/types';
import { summarise } from '../analyse/stats';
import { boundedRecords, type Condensed } from './measuredRepetition';
import { boundSeries } from './reportBounds';
import { effectiveUtilisation, utilisationBand } from './utilisation';

export interface ResultContext {
  mode: ModeResult['mode'];
  taskArgs: unknown[][];
  argBytes: number[];
  cores: number;
}

/** The completed mode: wall times of every repetition, the rest from the median one. */
export function completedResult(base: ModeResult, reps: readonly Condensed[], session: ModeSession, o: ResultContext): ModeResult {
  const warnings: Warning[] = [];
  const wallMs = summarise(reps.map((r) => r.wallMs));
  const median = reps[medianIndex(reps.map((r) => r.wallMs))];
  const { tasks, total, cut } = median.records;
  if (cut) warnings.push({ kind: 'truncated', mode: o.mode, message: `${o.mode}: ${total} tasks ran; the report keeps ${tasks.length} of them (evenly spaced) to stay small. Totals use all of them.` });
  const cpu = boundSeries(median.series);
  const placement = reps.every((r) => r.placement) ? median.placement : undefined;
  const queue = session.queueInfo?.();
  return {
    ...base,
    ...(queue ? { queue } : {}),
    wallMs,
    cpuMs: round(median.cpuMs),
    engineBusyMs: round(median.engineBusyMs),
    ...(placement ? { placement } : {}),
    coresBusy: median.wallMs > 0 ? round(median.cpuMs / median.wallMs, 3) : 0,
    startupMs: round(session.startupMs),
    tasks,
    ...(cut ? { tasksTotal: total } : {}),
    cpu,
    utilisation: utilisationOf(cpu, median.cpuMs, median.wallMs, o.cores),
    transfer: { argBytes: sum(o.argBytes), resultBytes: median.resultBytes },
    console: median.console,
    warnings,
  };
}

/** A mode that could not finish: the error as the report carries it (a TimeoutError words its own limit and phase). */
export function failedResult(base: ModeResult, err: unknown): ModeResult {
  const info = toErrorInfo(err);
  // QUEUE_UNAVAILABLE: the queue mode found no Redis; it is skipped and says how to get one.
  const status = info.code === 'TIMEOUT' ? 'timeout' : info.code === 'QUEUE_UNAVAILABLE' ? 'skipped' : 'failed';
  return { ...base, status, error: info };
}

export function withFailures(base: ModeResult, rep: RepetitionResult, o: Pick<ResultContext, 'taskArgs' | 'argBytes'>): ModeResult {
  // The kept failures are the lowest indices (at most MAX_KEPT_FAILURES); the count covers them all.
  const indices = rep.failures.map((f) => f.index).sort((a, b) => a - b);
  const count = Math.max(rep.failedCount ?? 0, indices.length);
  const shown = indices.slice(0, 10).join(', ') + (count > 10 ? ', …' : '');
  const first = rep.failures[0];
  return {
    ...base,
    status: 'failed',
    error: {
      name: first.name ?? 'Error',
      code: 'TASK_FAILED',
      message: clipReportText(`${count} of ${o.taskArgs.length} tasks failed (task ${shown}): ${first.message}`),
      ...(first.stack !== undefined ? { stack: first.stack } : {}),
      task: first.index,
    },
    failedTasks: rep.failures.slice(0, 100),
    tasks: boundedRecords(rep, o.argBytes).tasks,
    console: rep.console,
  };
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
