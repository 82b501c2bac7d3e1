// One measured repetition of a started mode: run every task once under the CPU sampler, then condense
// it at once (the report's bounded sample of its tasks, its sums, the load other programs put on the
// cores meanwhile), so only one repetition's task table is alive at a time.
import type { ConsoleCapture, CorePlacement, CpuSeries, RoundModeRecord, TaskRecord } from '../../shared/report/report';
import type { ModeSession, RepetitionResult } from '../modes/types';
import { treeCpuMs } from './processCpu';
import { stealMs } from './cpuReaders';
import { boundTaskIndices, type BoundedTasks } from './reportBounds';
import { CpuSampler } from './sampler';
import { rebaseSeries } from './utilisation';
import type { LiveEvent } from '../../shared/live/events';
import { liveRepetition } from './liveRepetition';
import { placeApart, type CoreMover } from './placement';

/** What is kept of one measured repetition once it has ended. */
export interface Condensed {
  wallMs: number;
  cpuMs: number;
  /** Time the engine's own thread was busy (not waiting for events) during it, ms. */
  engineBusyMs: number;
  series: CpuSeries;
  records: BoundedTasks;
  resultBytes: number;
  console: ConsoleCapture;
  /** The repetition as a round sees it: wall time, other programs' load, the tasks' wait and CPU. */
  round: RoundModeRecord;
  /** With a placer, when it could place them: the cores the engine's thread and the lanes' were held on. */
  placement?: CorePlacement;
}

export interface MeasuredRepetitionOptions {
  taskArgs: unknown[][];
  argBytes: number[];
  sampleIntervalMs: number;
  signal: AbortSignal;
  live?: (e: LiveEvent) => void;
  /** Given: hold the engine's thread and each lane's on cores of their own while the repetition runs (placement.ts). */
  placer?: CoreMover;
}

/**
 * Runs one repetition under the sampler; `condensed` is absent when a task failed (the caller reports `rep`).
 * `position` (1-based, of; of 0 when open-ended) is what a live watcher is told.
 */
export async function runMeasuredRepetition(session: ModeSession, o: MeasuredRepetitionOptions, position = { index: 1, of: 0 }): Promise<{ rep: RepetitionResult; condensed?: Condensed }> {
  // Placed before the engine's busy time is first read and put back after it is last: moving threads
  // is not dispatch.
  const placed = o.placer && session.osThreadIds.length === session.lanes ? await placeApart(o.placer, session.osThreadIds) : undefined;
  try {
    const out = await measuredRepetition(session, o, position);
    if (out.condensed && placed) out.condensed.placement = { engineCore: placed.engineCore, laneCores: placed.laneCores };
    return out;
  } finally {
    await placed?.restore();
  }
}

async function measuredRepetition(session: ModeSession, o: MeasuredRepetitionOptions, position: { index: number; of: number }): Promise<{ rep: RepetitionResult; condensed?: Condensed }> {
  const live = liveRepetition(o.live, session.mode, false, position.index, position.of);
  const sampler: CpuSampler = new CpuSampler({
    intervalMs: o.sampleIntervalMs, pids: () => session.pids,
    ...(live ? { onSample: (t: number, cores: number[], processPct: number) => live.cpu(sampler.startedAt + t, cores, processPct) } : {}),
  });
  const cpuBefore = treeCpuMs(session.pids);
  const stealBefore = stealMs();
  const stealFrom = performance.now();
  // The engine thread hands every message over and takes every reply: its busy time is the part of the
  // dispatch cost that lanes cannot overlap (the prediction's serial share).
  const eluBefore = performance.eventLoopUtilization();
  sampler.start();
  let rep: RepetitionResult;
  let series!: CpuSeries;
  try {
    rep = await session.runRepetition(o.taskArgs, o.signal, live?.batcher.sink);
  } finally {
    series = sampler.stop();
    live?.batcher.close();
  }
  live?.end(rep);
  const cpuMs = treeCpuMs(session.pids) - cpuBefore;
  const stealAfter = stealMs();
  const stealSpan = performance.now() - stealFrom;
  const stealLoad = stealBefore !== undefined && stealAfter !== undefined && stealSpan > 0 ? round(Math.max(0, stealAfter - stealBefore) / stealSpan, 3) : undefined;
  const engineBusyMs = performance.eventLoopUtilization(eluBefore).active;
  if (rep.failures.length > 0) return { rep };
  const wallMs = rep.endedAt - rep.startedAt;
  return {
    rep,
    condensed: {
      wallMs,
      cpuMs,
      engineBusyMs,
      series: rebaseSeries(series, sampler.startedAt, rep.startedAt),
      records: boundedRecords(rep, o.argBytes),
      resultBytes: rep.table.sum(rep.table.resultBytes),
      console: rep.console,
      round: { mode: session.mode, wallMs: round(wallMs, 3), ...externalLoad(series), ...(stealLoad !== undefined ? { stealLoad } : {}), ...taskSums(rep) },
    },
  };
}

/**
 * Other programs' load during the repetition: every core's busy share minus the profiled process
 * tree's, weighted by each sample's duration. Absent without samples (a repetition shorter than one
 * interval) or without the tree's CPU.
 */
export function externalLoad(series: CpuSeries): Pick<RoundModeRecord, 'externalLoad' | 'externalPerCore'> {
  const n = series.t.length;
  if (n === 0 || !series.process || series.process.length !== n || series.cores.length === 0) return {};
  let weighted = 0;
  let duration = 0;
  const perCore = new Array<number>(series.cores.length).fill(0);
  const coreBusy = new Array<number>(series.cores.length).fill(0);
  for (let s = 0; s < n; s++) {
    const dt = s === 0 ? (series.t[0] > 0 ? Math.min(series.t[0], series.intervalMs) : series.intervalMs) : series.t[s] - series.t[s - 1];
    if (!(dt > 0)) continue;
    let all = 0;
    for (let c = 0; c < series.cores.length; c++) {
      const v = series.cores[c][s] ?? 0;
      all += v;
      coreBusy[c] += v * dt;
    }
    const other = Math.max(0, all - series.process[s]);
    weighted += other * dt;
    duration += dt;
    // The tree's CPU is not known per core: take it off each core in proportion to that core's busy share.
    for (let c = 0; c < series.cores.length; c++) {
      const v = series.cores[c][s] ?? 0;
      perCore[c] += all > 0 ? (v * other / all) * dt : 0;
    }
  }
  if (!(duration > 0)) return {};
  return {
    externalLoad: round(weighted / duration / 100, 3),
    externalPerCore: perCore.map((x) => round(Math.min(100, x / duration), 1)),
  };
}

/** The tasks' run-queue wait, on-CPU time and own wall time, summed over the tasks that report them. */
function taskSums(rep: RepetitionResult): Pick<RoundModeRecord, 'waitMs' | 'taskCpuMs' | 'taskMs'> {
  const t = rep.table;
  let wait = 0;
  let cpu = 0;
  let dur = 0;
  let withWait = 0;
  let withCpu = 0;
  for (let i = 0; i < t.n; i++) {
    if (!t.has(i) || t.failed(i)) continue;
    dur += t.endedAt[i] - t.startedAt[i];
    const w = t.waitMs[i];
    const c = t.cpuMs[i];
    if (w === w) { wait += w; withWait++; }
    if (c === c) { cpu += c; withCpu++; }
  }
  const all = t.recorded;
  return {
    taskMs: round(dur, 3),
    // Only when every task reports it: a partial sum would read as less waiting than there was.
    ...(withWait === all && all > 0 ? { waitMs: round(wait, 3) } : {}),
    ...(withCpu === all && all > 0 ? { taskCpuMs: round(cpu, 3) } : {}),
  };
}

/** The report's records of a repetition: every task up to MAX_TASKS_IN_REPORT, else a sample (boundTaskIndices). */
export function boundedRecords(rep: RepetitionResult, argBytes: number[]): BoundedTasks {
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

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
