// What bounds the function (CPU or waiting), what one task really costs in cores, and what async did.
import { formatMs, formatNumber, formatPercent, formatSpeedup } from '../../shared/format';
import type { Bound, ModeResult } from '../../shared/report';
import { type Context, type Scored, finding, speedupOf } from './context';
import { BUSY_MACHINE_CORES, otherLoadCores } from './runFindings';

/** CPU time over wall time at or above this (one task at a time) means CPU-bound; at or below IO_RATIO, I/O-bound. */
export const CPU_RATIO = 0.8;
export const IO_RATIO = 0.2;
/** One task at a time keeping more cores than this busy means background threads (GC helpers) work too. */
export const GC_HELPER_CORES = 1.05;
/** Async speedups within this of 1 count as "nothing". */
const ASYNC_NOTHING = 1.2;
/** An async speedup this large on a CPU-bound function means the work ran outside the JavaScript thread. */
const ASYNC_LIBUV = 1.3;

/** Cores busy while the mode ran: its coresBusy, else CPU time over the median wall time. */
export function coresBusy(m: ModeResult): number | undefined {
  if (m.coresBusy !== undefined && Number.isFinite(m.coresBusy)) return m.coresBusy;
  if (m.cpuMs === undefined || !m.wallMs || m.wallMs.median <= 0) return undefined;
  return m.cpuMs / m.wallMs.median;
}

/** CPU-bound, I/O-bound or mixed, from the sequential mode's CPU time against its wall time. */
export function classifyBound(seq: ModeResult): Bound {
  const busy = coresBusy(seq);
  if (busy === undefined) return 'mixed';
  if (busy >= CPU_RATIO) return 'cpu';
  if (busy <= IO_RATIO) return 'io';
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
    return {
      finding: finding('other', 'info',
        'Could not tell what bounds the function: no mode that runs one thing at a time (sequential or async) completed with a CPU measurement.',
        {}),
    };
  }
  const busy = ctx.coresBusyAlone;
  const cpu = m.cpuMs ?? busy * (m.wallMs?.median ?? 0);
  const wall = m.wallMs?.median ?? 0;
  const how = `${formatNumber(busy)} cores busy: ${formatMs(cpu)} of CPU in ${formatMs(wall)} of wall time in the ${m.mode} mode`;
  const other = otherLoadCores(m);
  const data = { coresBusy: busy, cpuMs: cpu, wallMs: wall, from: m.mode, otherLoadCores: other };
  // CPU over wall time cannot tell waiting for I/O from waiting for a core that other programs hold.
  // Only for a mixed ratio: a function that uses under a fifth of a core is not explained by a shortage of cores.
  const crowded = ctx.bound === 'mixed' && other !== undefined && other >= BUSY_MACHINE_CORES
    ? ` But other programs kept ${formatNumber(other)} cores busy meanwhile, so part of that waiting may be waiting for a core: profile on a quieter machine to be sure.`
    : '';
  switch (ctx.bound) {
    case 'cpu':
      return { finding: finding('cpu-bound', 'info', `CPU-bound: the function computes all the time it runs (${how}), so only more cores make it faster.`, data) };
    case 'io':
      return { finding: finding('io-bound', 'info', `I/O-bound: the function mostly waits (${how}), for timers, files or the network; overlapping the waits helps, more cores barely do.`, data) };
    default:
      return { finding: finding('mixed-bound', 'info', `Mixed: the function computes about ${formatPercent(Math.min(busy, 1))} of the time and waits the rest (${how}); overlapping waits and more cores each help only in part.${crowded}`, data) };
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

/** Async on a CPU-bound function gives nothing; on an I/O-bound one it overlaps the waits; a CPU-bound one that still speeds up runs in libuv's pool. */
export function asyncFindings(ctx: Context): Scored[] {
  const asy = ctx.completed.async;
  if (!asy || !ctx.seq) return [];
  const s = speedupOf(ctx, asy);
  if (s === undefined) return [];
  const n = ctx.input.tasks;
  const asyncBusy = coresBusy(asy);
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
