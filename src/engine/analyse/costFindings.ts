// What parallelism costs apart from the work: dispatching tiny tasks, starting the pool, moving data.
import { formatBytes, formatMs, formatPercent, modeLabel } from '../../shared/wording/format';
import type { ModeResult } from '../../shared/report/report';
import { median } from './stats';
import { type Context, type Scored, finding, findingNumber, lanesInWords, medianTaskMs } from './context';
import { sequentialTaskMsPerTask } from './stopRules';

/** Below this median task duration, dispatch (≈40–80 µs on piscina, measured) is a large share of each task. */
export const TINY_TASK_MS = 1;
const VERY_TINY_TASK_MS = 0.2;
/** piscina round trip of a no-op task, measured on the 2-core reference machine. */
const NOMINAL_DISPATCH_MS = 0.06;
/** Start-up as a share of one run (start-up + tasks) worth mentioning, and worth a warning. */
const STARTUP_INFO = 0.1;
const STARTUP_WARN = 0.2;
/**
 * Structured clone speed measured here (Node 20): about 2–4 ms/MB for typed arrays, 7–12 ms/MB for arrays
 * of numbers, 35–55 ms/MB for arrays of small objects. Without a measurement we quote that range.
 */
const CLONE_MS_PER_MB_LOW = 2;
const CLONE_MS_PER_MB_HIGH = 40;
const MB = 1024 * 1024;
/** Task records keep start and end times to 1 µs. */
const TASK_RECORD_RESOLUTION_MS = 0.001;

export function tinyTasksFinding(ctx: Context): Scored | undefined {
  const m = ctx.seq ?? ctx.completed.workers ?? ctx.completed.processes;
  // The median task record: robust to a task preempted by other programs (on a loaded machine the
  // mean of 44 µs tasks read 160 µs). Task records keep 1 µs, so below 10 µs (steps of 10% and more;
  // a no-op's median read 1.00 µs or 0) the sequential rounds' task time over the tasks instead, the
  // measure the stopping rule quotes, named "on average" in the words as it is there.
  const recorded = medianTaskMs(m);
  const rounds = ctx.input.rounds?.rounds;
  const mean = recorded !== undefined && recorded < 10 * TASK_RECORD_RESOLUTION_MS && ctx.seq && rounds ? sequentialTaskMsPerTask(rounds, ctx.input.tasks) : undefined;
  const perTask = mean ?? recorded;
  // At the finding data's own precision, so the headline, which reads the data, quotes the same number.
  const task = perTask === undefined ? undefined : findingNumber(perTask);
  const each = mean !== undefined ? ' on average' : ' (the median)';
  const parallelRan = ctx.completed.workers !== undefined || ctx.completed.processes !== undefined;
  if (task === undefined || task >= TINY_TASK_MS || !parallelRan) return undefined;
  const handOver = laneHandOver(ctx.completed.workers) ?? laneHandOver(ctx.completed.processes) ?? unqueuedHandOver(ctx.seq);
  const dispatch = handOver?.ms ?? NOMINAL_DISPATCH_MS;
  const how = handOver?.how ?? 'handing one to a thread costs about 40–80 µs';
  const measured = handOver?.ms;
  const limit = task / (task + dispatch);
  return {
    limit,
    short: `tasks of ${formatMs(task)}${each} drown in dispatch cost`,
    finding: finding('tiny-tasks', task < VERY_TINY_TASK_MS ? 'problem' : 'warning',
      `Tasks of ${formatMs(task)}${each} drown in dispatch cost: ${how}, a large share of the task itself. Batch several calls into one task (aim for 10 ms or more each).`,
      { taskMs: task, taskMeasure: mean !== undefined ? 'mean' : 'median', dispatchMs: dispatch, dispatchMeasured: measured !== undefined }),
  };
}

/**
 * What one task's hand-over costs in a parallel mode: the median time a lane sat idle between one
 * task's end and the next one's start. The sequential mode may queue every task at once, so its
 * start − dispatch is mostly queue wait, not the hand-over (measured: 28 ms of "dispatch" for 44 µs tasks).
 */
function laneHandOver(m: ModeResult | undefined): { ms: number; how: string } | undefined {
  const byLane = new Map<number, Array<{ startMs: number; endMs: number }>>();
  for (const t of m?.tasks ?? []) if (!t.failed) byLane.set(t.lane, [...(byLane.get(t.lane) ?? []), t]);
  const gaps: number[] = [];
  for (const tasks of byLane.values()) {
    tasks.sort((a, b) => a.startMs - b.startMs);
    for (let i = 1; i < tasks.length; i++) if (tasks[i].startMs >= tasks[i - 1].endMs) gaps.push(tasks[i].startMs - tasks[i - 1].endMs);
  }
  if (!m || gaps.length === 0) return undefined;
  const ms = median(gaps);
  return ms > 0 ? { ms, how: `in ${modeLabel(m.mode)} a lane sat idle ${formatMs(ms)} between one task's end and the next one's start here` } : undefined;
}

/** start − dispatch of sequential tasks handed over one at a time (dispatched after the previous one ended). */
function unqueuedHandOver(seq: ModeResult | undefined): { ms: number; how: string } | undefined {
  const tasks = [...(seq?.tasks ?? [])].filter((t) => !t.failed && t.dispatchMs !== undefined).sort((a, b) => a.startMs - b.startMs);
  const gaps = tasks.filter((t, i) => t.startMs >= t.dispatchMs! && (i === 0 || t.dispatchMs! >= tasks[i - 1].endMs)).map((t) => t.startMs - t.dispatchMs!);
  const ms = gaps.length > 0 ? median(gaps) : 0;
  return ms > 0 ? { ms, how: `handing one to a thread took ${formatMs(ms)} here` } : undefined;
}

/**
 * Start-up of the parallel modes, against one run of their tasks: one finding for both modes, since
 * the advice is the same (one fact, one sentence). Sequential and async start one thread only for isolation.
 */
export function startupFindings(ctx: Context): Scored[] {
  const parts: Array<{ m: ModeResult; share: number }> = [];
  for (const m of [ctx.completed.workers, ctx.completed.processes]) {
    if (!m?.wallMs || m.startupMs === undefined || !(m.startupMs > 0)) continue;
    const share = m.startupMs / (m.startupMs + m.wallMs.median);
    if (share >= STARTUP_INFO) parts.push({ m, share });
  }
  if (parts.length === 0) return [];
  const each = parts.map(({ m, share }) =>
    `starting ${lanesInWords(m.mode, m.lanes)} and loading your module took ${formatMs(m.startupMs)} (${formatPercent(share)} of a run of ${formatMs(m.wallMs!.median)})`);
  const worst = Math.max(...parts.map((p) => p.share));
  const data: Record<string, number | string> = { mode: parts.map((p) => p.m.mode).join(','), share: worst };
  for (const { m, share } of parts) {
    data[`startupMs_${m.mode}`] = m.startupMs!;
    data[`share_${m.mode}`] = share;
  }
  const f = finding('startup-cost', worst >= STARTUP_WARN ? 'warning' : 'info',
    `Start-up: ${each.join('; ')}. The speedups leave it out because a real program pays it once: keep the pool alive across calls rather than starting one per batch.`,
    data);
  f.modes = parts.map((p) => p.m.mode);
  return [{
    short: `start-up takes ${parts.map(({ m }) => `${formatMs(m.startupMs)} in ${modeLabel(m.mode)}`).join(' and ')} (left out of the speedups): keep the pool alive across calls`,
    finding: f,
  }];
}

/**
 * Arguments and results cross the boundary by structured clone; the engine's side of it (serialising
 * arguments, deserialising results) is serial however many lanes run. Judged on workers, else processes.
 */
export function transferFinding(ctx: Context): Scored | undefined {
  const m: ModeResult | undefined = ctx.completed.workers ?? ctx.completed.processes;
  if (!m?.transfer || !m.wallMs) return undefined;
  const bytes = m.transfer.argBytes + m.transfer.resultBytes;
  const mb = bytes / MB;
  const wall = m.wallMs.median;
  const measured = ctx.input.transferMsPerMb;
  const low = mb * (measured ?? CLONE_MS_PER_MB_LOW);
  const high = mb * (measured ?? CLONE_MS_PER_MB_HIGH);
  if (high < 0.02 * wall || bytes < 64 * 1024) return undefined;
  const what = describeBytes(m.transfer.argBytes, m.transfer.resultBytes);
  const cost = measured !== undefined
    ? `cost about ${formatMs(low)} to transfer (${formatPercent(low / wall)} of the ${formatMs(wall)} run)`
    : `cost roughly ${formatMs(low)} to ${formatMs(high)} to transfer, depending on their shape (typed arrays clone fast, many small objects slowly), against a ${formatMs(wall)} run`;
  const severity = low >= 0.1 * wall ? 'warning' : 'info';
  return {
    limit: wall > 0 ? Math.max(0, 1 - low / wall) : undefined,
    short: `${what} ${measured !== undefined ? `cost about ${formatMs(low)}` : `cost ${formatMs(low)}–${formatMs(high)}`} to transfer`,
    finding: finding('transfer-cost', severity,
      `${what} ${cost}. Half of every clone (writing the arguments, reading the results) happens on the engine's one thread, task after task, so it does not shrink with more lanes: send less (indices instead of data, a SharedArrayBuffer, or results reduced inside the task).`,
      { mode: m.mode, argBytes: m.transfer.argBytes, resultBytes: m.transfer.resultBytes, lowMs: low, highMs: high, wallMs: wall, measured: measured !== undefined }),
  };
}

function describeBytes(args: number, results: number): string {
  if (args >= 0.9 * (args + results)) return `${formatBytes(args)} of arguments`;
  if (results >= 0.9 * (args + results)) return `${formatBytes(results)} of results`;
  return `${formatBytes(args + results)} of arguments and results`;
}
