// What bounds the function (CPU or waiting), what one task really costs in cores, and what async did.
import { formatMs, formatNumber, formatPercent, formatSpeedup } from '../../shared/wording/format';
import type { Bound, ModeResult, TaskRecord } from '../../shared/report/report';
import { type Context, type Scored, finding, speedupOf } from './context';
import { BUSY_MACHINE_CORES, otherLoadCores } from './runFindings';
import { waitCause } from './waitCause';

/** CPU time over wall time at or above this (one task at a time) means CPU-bound; at or below IO_RATIO, I/O-bound. */
export const CPU_RATIO = 0.8;
export const IO_RATIO = 0.2;
/** One task at a time keeping more cores than this busy means background threads (GC helpers) work too. */
export const GC_HELPER_CORES = 1.05;
/** Async speedups within this of 1 count as "nothing". */
const ASYNC_NOTHING = 1.2;
/** An async speedup this large on a CPU-bound function means the work ran outside the JavaScript thread. */
export const ASYNC_LIBUV = 1.3;
/** libuv's thread pool runs this many calls at once by default (UV_THREADPOOL_SIZE). */
export const LIBUV_POOL_THREADS = 4;

/** Cores busy while the mode ran: its coresBusy, else CPU time over the median wall time. */
export function coresBusy(m: ModeResult): number | undefined {
  if (m.coresBusy !== undefined && Number.isFinite(m.coresBusy)) return m.coresBusy;
  if (m.cpuMs === undefined || !m.wallMs || m.wallMs.median <= 0) return undefined;
  return m.cpuMs / m.wallMs.median;
}

/** Below this much wall time (one task at a time, all tasks) the bound is not judged: 10 ms is one tick of /proc's CPU clocks. */
export const BOUND_RESOLUTION_MS = 10;

/** A run-queue wait at least this share of the tasks' time is worth telling: other programs held the cores. */
export const WAIT_SHARE_SHOWN = 0.05;

/** What the tasks of a one-at-a-time mode did with their wall time, summed over the tasks that report both. */
export interface TaskTimeShares {
  /** On a core, ms. */
  cpuMs: number;
  /** Runnable but waiting for a core (other programs held them), ms. */
  waitMs: number;
  /** The tasks' own wall time, start to end, ms. */
  wallMs: number;
  tasks: number;
}

/**
 * From the tasks' own thread readings (schedstat: CPU and run-queue wait), which the sequential mode
 * gives per task. On a loaded machine a CPU-bound task is runnable all the time but on a core only
 * part of it: CPU over wall alone would call it mixed or I/O-bound. Undefined where the tasks do not
 * report both (async, other platforms) or their time is too small to judge.
 */
export function taskTimeShares(m: ModeResult): TaskTimeShares | undefined {
  if (m.mode !== 'sequential' || !m.tasks) return undefined;
  let cpu = 0;
  let wait = 0;
  let wall = 0;
  let tasks = 0;
  for (const t of m.tasks) {
    if (t.failed || t.cpuMs === undefined || t.waitMs === undefined) continue;
    cpu += t.cpuMs;
    wait += t.waitMs;
    wall += t.endMs - t.startMs;
    tasks++;
  }
  return tasks > 0 && wall > 0 ? { cpuMs: cpu, waitMs: wait, wallMs: wall, tasks } : undefined;
}

/**
 * CPU-bound, I/O-bound or mixed, from the sequential mode's CPU time against its wall time; where
 * its tasks report run-queue wait, from their CPU over their wall time less that wait too: the share
 * of the time they could run that they computed, as on free cores. Time spent runnable but waiting
 * for a core is neither computing nor waiting for I/O, so it counts for neither. ((CPU + wait) ÷ wall
 * counted it as computing: an I/O-bound function whose timers fired on a loaded CI machine, each
 * wake-up then waiting for a core, read "mixed".)
 */
export function classifyBound(seq: ModeResult): Bound {
  const busy = coresBusy(seq);
  const shares = taskTimeShares(seq);
  const running = shares ? shares.wallMs - shares.waitMs : 0;
  const wanting = shares && running > 0 ? Math.min(1, shares.cpuMs / running) : undefined;
  if (busy === undefined && wanting === undefined) return 'mixed';
  if ((busy ?? 0) >= CPU_RATIO || (wanting ?? 0) >= CPU_RATIO) return 'cpu';
  if ((wanting ?? busy!) <= IO_RATIO) return 'io';
  return 'mixed';
}

/** The mode that ran one task at a time, to judge the bound by: sequential, else async (still one thread). */
export function aloneMode(ctx: Pick<Context, 'completed'>): ModeResult | undefined {
  const seq = ctx.completed.sequential;
  if (seq && coresBusy(seq) !== undefined) return seq;
  const asy = ctx.completed.async;
  return asy && coresBusy(asy) !== undefined ? asy : undefined;
}

export function boundFinding(ctx: Context): Scored {
  const m = aloneMode(ctx);
  if (!m || ctx.coresBusyAlone === undefined) {
    // A measured mode too short to judge is a different answer from none measured: say which.
    const wall = m?.wallMs?.median;
    const why = m && wall !== undefined && wall < BOUND_RESOLUTION_MS
      ? `the ${m.mode} mode's run (${formatMs(wall)}) is shorter than ${BOUND_RESOLUTION_MS} ms, one tick of the CPU clocks it is judged by; give the tasks more work (--tasks, --args) to learn it`
      : 'no mode that runs one thing at a time (sequential or async) completed with a CPU measurement';
    return { finding: finding('other', 'info', `Could not tell what bounds the function: ${why}.`, {}) };
  }
  const busy = ctx.coresBusyAlone;
  const cpu = m.cpuMs ?? busy * (m.wallMs?.median ?? 0);
  const wall = m.wallMs?.median ?? 0;
  const how = `${formatNumber(busy)} cores busy: ${formatMs(cpu)} of CPU in ${formatMs(wall)} of wall time in the ${m.mode} mode`;
  const other = otherLoadCores(m);
  const shares = taskTimeShares(m);
  const waitShare = shares ? shares.waitMs / shares.wallMs : undefined;
  const data: Record<string, string | number | boolean | undefined> = { coresBusy: busy, cpuMs: cpu, wallMs: wall, from: m.mode, otherLoadCores: other };
  if (shares) Object.assign(data, { taskCpuMs: shares.cpuMs, taskWaitMs: shares.waitMs, taskWallMs: shares.wallMs, waitShare });
  const starved = waitShare !== undefined && waitShare >= WAIT_SHARE_SHOWN;
  // The tasks' own run-queue wait says how much of their time other programs took; without it, CPU
  // over wall time cannot tell waiting for I/O from waiting for a core, so only a mixed ratio on a
  // busy machine is doubted (a function that uses under a fifth of a core is not explained by that).
  const held = waitCause(ctx, m.mode);
  const crowded = starved
    ? ` The tasks were ready to run but waited for a core ${formatPercent(waitShare)} of their time: ${held.words}.`
    : ctx.bound === 'mixed' && !shares && other !== undefined && other >= BUSY_MACHINE_CORES
      ? ` But other programs kept ${formatNumber(other)} cores busy meanwhile, so part of that waiting may be waiting for a core: profile on a quieter machine to be sure.`
      : '';
  // A few hundred microseconds of CPU against a little wall time is the clocks and the task start-up
  // talking, not the function: no bound is claimed below the run's resolution (issue 23).
  if (wall < BOUND_RESOLUTION_MS) {
    return {
      finding: finding('other', 'info',
        `Too short to tell what bounds the function: one task at a time ran ${formatMs(wall)} in all (${formatMs(cpu)} of CPU), within the resolution of the clocks and of starting each task.`,
        { ...data, unresolved: true }),
    };
  }
  switch (ctx.bound) {
    case 'cpu':
      if (starved) {
        const waited = `${formatMs(shares!.waitMs)} waiting, ${formatMs(shares!.cpuMs)} computing, in ${formatMs(shares!.wallMs)} of task time; ${how}`;
        if (held.who === 'own') {
          return { finding: finding('cpu-bound', 'info', `CPU-bound: the function computes all the time it runs, and its tasks waited for a core ${formatPercent(waitShare)} of their time (${waited}): ${held.words}. Only more cores make it faster.`, data) };
        }
        return { finding: finding('cpu-bound', 'warning', `CPU-bound: the tasks were CPU-bound, but waited for a core ${formatPercent(waitShare)} of their time (${waited}): ${held.words}. Only more cores make it faster, and every timing here is slowed by that load: profile on a quieter machine for true numbers.`, data) };
      }
      return { finding: finding('cpu-bound', 'info', `CPU-bound: the function computes all the time it runs (${how}), so only more cores make it faster.`, data) };
    case 'io':
      return { finding: finding('io-bound', 'info', `I/O-bound: the function mostly waits (${how}), for timers, files or the network; overlapping the waits helps, more cores barely do.${crowded}`, data) };
    default: {
      const part = shares
        ? `computes about ${formatPercent(shares.cpuMs / shares.wallMs)} of the time${starved ? `, waits for a core ${formatPercent(waitShare)}` : ''} and waits for I/O the rest`
        : `computes about ${formatPercent(Math.min(busy, 1))} of the time and waits the rest`;
      return { finding: finding('mixed-bound', 'info', `Mixed: the function ${part} (${how}); overlapping waits and more cores each help only in part.${starved ? '' : crowded}`, data) };
    }
  }
}

/**
 * V8's concurrent GC helper threads make one JavaScript thread use more than one core; on K cores
 * K copies then cannot each get that much, so K ÷ (cores busy alone) is the honest ceiling.
 */
export function gcHelperFinding(ctx: Context): Scored | undefined {
  const busy = ctx.coresBusyAlone;
  const p = Math.min(ctx.parallelLanes, ctx.input.tasks);
  if (busy === undefined || busy <= GC_HELPER_CORES || p < 2 || ctx.bound !== 'cpu') return undefined;
  const ceiling = p / busy;
  const limit = 1 / busy;
  return {
    limit,
    short: `one task alone already keeps ${formatNumber(busy)} cores busy (V8's garbage-collector threads), so ${p} cores allow about ${formatSpeedup(ceiling)}`,
    finding: finding('gc-helper-threads', limit < 0.9 ? 'warning' : 'info',
      `One task at a time kept ${formatNumber(busy)} cores busy, not 1: V8's garbage-collector helper threads (and other background threads) worked on other cores. On ${p} cores the honest ceiling is ${p} ÷ ${formatNumber(busy)} = ${formatSpeedup(ceiling)}, not ${p}×. Allocating less raises it.`,
      { coresBusyAlone: busy, cores: p, ceiling }),
  };
}

/** True when the records show the calls ran strictly one after another (undefined without records). */
export function neverOverlapped(tasks: readonly TaskRecord[] | undefined): boolean | undefined {
  if (!tasks || tasks.length < 2) return undefined;
  const byStart = [...tasks].sort((a, b) => a.startMs - b.startMs);
  let end = byStart[0].endMs;
  for (const t of byStart.slice(1)) {
    // 0.05 ms of slack: the clock is read after a call returns and before the next begins.
    if (t.startMs < end - 0.05) return false;
    end = Math.max(end, t.endMs);
  }
  return true;
}

/** Async on a CPU-bound function gives nothing; on an I/O-bound one it overlaps the waits; a CPU-bound one that still speeds up runs in libuv's pool. */
export function asyncFindings(ctx: Context): Scored[] {
  const asy = ctx.completed.async;
  if (!asy || !ctx.seq) return [];
  const s = speedupOf(ctx, asy);
  if (s === undefined) return [];
  const n = ctx.input.tasks;
  const asyncBusy = coresBusy(asy);
  // The timeline is the direct evidence: if no async call started before the previous one ended,
  // the function never yielded, whatever a noisy speedup says.
  if (n > 1 && neverOverlapped(asy.tasks)) {
    const noise = s > ASYNC_NOTHING ? ` The ${formatSpeedup(s)} against sequential is the machine's noise, not overlap.` : '';
    return [{
      finding: finding('async-no-await', 'info',
        `async gives nothing because the function never yields while it works: no call started before the previous one had finished, so ${n} calls started together with Promise.all still ran one after another on one thread.${noise} Use worker threads or processes.`,
        { asyncSpeedup: s, tasks: n, overlapped: false }),
    }];
  }
  if (ctx.bound === 'cpu') {
    if (s <= ASYNC_NOTHING) {
      return [{
        finding: finding('async-no-await', 'info',
          `async gives nothing (${formatSpeedup(s)} over sequential) because the function never yields while it works: it is CPU-bound and awaits nothing slow, so ${n} calls started together with Promise.all still run one after another on one thread. Use worker threads or processes.`,
          { asyncSpeedup: s, tasks: n }),
      }];
    }
    if (s >= ASYNC_LIBUV && asyncBusy !== undefined && asyncBusy >= ASYNC_LIBUV) {
      return [{
        finding: finding('libuv-pool', 'info',
          `async reached ${formatSpeedup(s)} although the function is CPU-bound, keeping ${formatNumber(asyncBusy)} cores busy from one JavaScript thread: its work runs in libuv's thread pool (crypto.pbkdf2, zlib and fs do), which runs 4 calls at once by default (UV_THREADPOOL_SIZE).`,
          { asyncSpeedup: s, asyncCoresBusy: asyncBusy }),
      }];
    }
    return [];
  }
  if (s >= 1.5) {
    const share = s / n;
    const rest = share < 0.5
      ? ' The rest is the CPU work between the awaits, which one thread cannot overlap.'
      : '';
    return [{
      finding: finding('async-overlap', 'info',
        `async reached ${formatSpeedup(s)} of an ideal ${n}×: the ${n} tasks overlapped at their awaits on one thread.${rest}`,
        { asyncSpeedup: s, ideal: n, share }),
    }];
  }
  return [];
}
