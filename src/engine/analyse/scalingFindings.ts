// Why the parallel modes fall short of min(K, cores)×: task counts, uneven lanes, oversubscription,
// contention between threads, and the serial fraction Amdahl's law or Karp–Flatt infer.
import { formatMs, formatPercent, formatSpeedup, formatSpeedupWithInterval, modeLabel } from '../../shared/wording/format';
import type { ModeResult } from '../../shared/report/report';
import { amdahlSpeedup, fitSweep, karpFlatt } from './amdahl';
import { median } from './stats';
import { waitCause } from './waitCause';
import {
  type Context, type Scored, finding, headlineSpeedup, lanesInWords, medianTaskMs, plural, speedupOf, tasksSampled, taskDurations,
} from './context';

/** A task this much slower in parallel than alone means the lanes contend. */
export const CONTENTION_RATIO = 1.2;
/** Tasks shorter than this alone are within the dispatch cost's reach: no contention is judged from them. */
const CONTENTION_RESOLUTION_MS = 1;
/** Lanes this much more unequal than the task count alone explains mean uneven tasks. */
const IMBALANCE_EXCESS = 1.15;
/** A busiest lane less than this many ms over the average is within the run's resolution (timer reads, dispatch of ~0.05–0.1 ms). */
const IMBALANCE_RESOLUTION_MS = 1;
/** Processes this much faster than threads (median speedups) is worth naming. */
const PROCESSES_BETTER = 1.15;

function parallelModes(ctx: Context): ModeResult[] {
  return [ctx.completed.workers, ctx.completed.processes].filter((m): m is ModeResult => m !== undefined);
}

function requestedParallel(ctx: Context): boolean {
  return ctx.input.modes.some((m) => m.mode === 'workers' || m.mode === 'processes');
}

/** N tasks on p lanes run in ceil(N/p) rounds, so equal tasks cap the speedup at N / ceil(N/p). */
export function taskCountCap(tasks: number, lanes: number): number {
  return tasks / Math.ceil(tasks / lanes);
}

export function tooFewTasksFinding(ctx: Context): Scored | undefined {
  const n = ctx.input.tasks;
  const p = ctx.parallelLanes;
  if (!requestedParallel(ctx) || p < 2 || n % p === 0) return undefined;
  const cap = taskCountCap(n, p);
  const limit = cap / p;
  const on = ctx.input.workers > ctx.input.cores ? `${p} cores` : plural(p, 'worker');
  let message: string;
  if (n < p) {
    message = `Only ${plural(n, 'task')} for ${on}: ${p - n} had nothing to do, which caps the speedup at ${formatSpeedup(cap)}. Split the work into at least ${p} tasks.`;
  } else {
    const rounds = Math.ceil(n / p);
    const last = n - (rounds - 1) * p;
    message = `${n} tasks on ${on} cap the speedup at ${formatSpeedup(cap)}: they run in ${rounds} rounds and the last keeps only ${last} of ${p} busy. Use a multiple of ${p} tasks, or many more tasks than workers.`;
  }
  return {
    limit,
    short: `${n} tasks on ${on} cap the speedup at ${formatSpeedup(cap)}`,
    finding: finding('too-few-tasks', limit < 0.9 ? 'warning' : 'info', message, { tasks: n, lanes: p, cap }),
  };
}

/** The busiest lane decides the wall time; compare it with what the task count alone would give. */
export function loadImbalanceFinding(ctx: Context): Scored | undefined {
  const m = parallelModes(ctx).find((x) => x.lanes > 1 && !tasksSampled(x) && (x.tasks?.length ?? 0) > 1);
  if (!m?.tasks) return undefined;
  const busy = new Map<number, number>();
  for (const t of m.tasks) if (!t.failed) busy.set(t.lane, (busy.get(t.lane) ?? 0) + (t.endMs - t.startMs));
  const lanes = [...busy.values()];
  if (lanes.length < 2) return undefined;
  const maxLane = Math.max(...lanes);
  const meanLane = lanes.reduce((a, b) => a + b, 0) / lanes.length;
  if (!(meanLane > 0)) return undefined;
  const ratio = maxLane / meanLane;
  const n = m.tasks.filter((t) => !t.failed).length;
  const expected = Math.ceil(n / lanes.length) / (n / lanes.length);
  if (ratio <= expected * IMBALANCE_EXCESS) return undefined;
  // Below the clock's and the dispatch's resolution an imbalance is not a finding (issue 23).
  if (maxLane - meanLane < IMBALANCE_RESOLUTION_MS) return undefined;

  const durations = taskDurations(ctx.seq).length > 1 ? taskDurations(ctx.seq) : taskDurations(m);
  const longest = Math.max(...durations);
  const typical = median(durations);
  const uneven = typical > 0 ? longest / typical : 1;
  const lead = uneven >= 1.5
    ? `Tasks are uneven: the longest took ${formatSpeedup(uneven)} the median (${formatMs(longest)} against ${formatMs(typical)}), so in ${modeLabel(m.mode)} the busiest lane worked ${formatMs(maxLane)} while the average lane worked ${formatMs(meanLane)}.`
    : `In ${modeLabel(m.mode)} the lanes were unevenly loaded: the busiest worked ${formatMs(maxLane)} while the average lane worked ${formatMs(meanLane)}.`;
  const limit = meanLane / maxLane;
  return {
    limit,
    short: `the busiest lane worked ${formatSpeedup(ratio)} the average, and the longest lane decides`,
    finding: finding('load-imbalance', limit < 0.8 ? 'warning' : 'info',
      `${lead} The longest lane decides the wall time: split the big tasks, or hand out many small ones so the lanes even out.`,
      { mode: m.mode, maxLaneMs: maxLane, meanLaneMs: meanLane, laneRatio: ratio, expectedRatio: expected, longestTaskMs: longest, medianTaskMs: typical }),
  };
}

export function oversubscribedFinding(ctx: Context): Scored | undefined {
  const { workers: k, cores, tasks: n } = ctx.input;
  if (k <= cores || !requestedParallel(ctx)) return undefined;
  return {
    finding: finding('oversubscribed', ctx.bound === 'io' ? 'info' : 'warning',
      `${k} workers on ${plural(cores, 'core')}: only ${cores} run at once and the rest take turns, so the ideal is ${Math.min(cores, n)}×, not ${Math.min(k, n)}×, and task times in the parallel modes include waiting for a core.`,
      { workers: k, cores }),
  };
}

/** Tasks slower in parallel than alone: the lanes share something. Judged only when every lane has its own core. */
export function contentionFindings(ctx: Context): Scored[] {
  const alone = medianTaskMs(ctx.seq);
  // Tasks under a millisecond measure the hand-over, not the work (the tiny-tasks finding says so).
  if (alone === undefined || alone < CONTENTION_RESOLUTION_MS) return [];
  if (Math.min(ctx.input.workers, ctx.input.tasks) > ctx.input.cores) return [];
  const workers = ctx.completed.workers;
  const procs = ctx.completed.processes;
  const out: Scored[] = [];
  const slow = (m: ModeResult | undefined) => {
    const t = medianTaskMs(m);
    return t === undefined ? undefined : t / alone;
  };
  const wSlow = slow(workers);
  const pSlow = slow(procs);

  if (workers && wSlow !== undefined && wSlow >= CONTENTION_RATIO) {
    let tail = '';
    if (pSlow !== undefined) {
      tail = pSlow < CONTENTION_RATIO
        ? ` In child processes each task took only ${formatSpeedup(pSlow)} its time alone, so separate processes escape it.`
        : ctx.completed.processes?.cpuProfile && workers.cpuProfile
          // Each mode's own profile says what slowed in it; one cause is not claimed for both.
          ? ` In child processes tasks were slowed too (${formatSpeedup(pSlow)}); each mode's CPU profile says what slowed in it.`
          : ` In child processes tasks were slowed too (${formatSpeedup(pSlow)}); whether for the same reason needs a CPU profile of each mode (--cpu-profile).`;
    }
    const queued = runQueueShare(ctx.seq, workers, alone);
    if (queued !== undefined && queued.share >= 0.5) {
      // The thread was runnable but had no core: who held the cores decides what it is. Other programs:
      // a busy machine, not contention. The process's own threads: a real cost of the mode here.
      const cause = waitCause(ctx, 'workers');
      const meaning = cause.who === 'own'
        ? 'That is the process competing with itself for the cores, a cost of this mode on this machine, not contention inside your code.'
        : 'That is a busy machine, not contention inside your code; profile on a quieter machine.';
      out.push({
        // Other programs' doing, not the function's: it says how far the timings can be trusted. The
        // process's own threads are a reason for the speedup like any other.
        ...(cause.who === 'own' ? {} : { group: 'measurement' as const }),
        short: `each task waited ${formatMs(queued.extraWaitMs)} for a free core in worker threads (${cause.words})`,
        finding: finding('contention', 'warning',
          `Each task ran ${formatSpeedup(wSlow)} slower in worker threads than alone (median ${formatMs(medianTaskMs(workers))} against ${formatMs(alone)}), but ${formatPercent(queued.share)} of the extra time was spent runnable and waiting for a core (${formatMs(queued.extraWaitMs)} per task, from the kernel's run-queue accounting): ${cause.words}. ${meaning}`,
          { mode: 'workers', slowdown: wSlow, aloneMs: alone, parallelMs: medianTaskMs(workers), runQueueShare: queued.share, extraWaitMs: queued.extraWaitMs, cause: 'run-queue', heldBy: cause.who }),
      });
      const escapeOnly = processesEscape(ctx);
      if (escapeOnly) out.push(escapeOnly);
      return out;
    }
    const cpuNote = cpuGrowth(ctx.seq, workers);
    const seen = contentionInCpu(ctx);
    const data = { mode: 'workers', slowdown: wSlow, aloneMs: alone, parallelMs: medianTaskMs(workers), processesSlowdown: pSlow, cpuGrowth: cpuNote.ratio, cpuRoundsSeen: seen.seen, rounds: seen.of };
    const lead = `Each task ran ${formatSpeedup(wSlow)} slower in worker threads than alone (median ${formatMs(medianTaskMs(workers))} against ${formatMs(alone)} in the sequential mode)`;
    if (seen.seen >= 2) {
      out.push({
        limit: 1 / wSlow,
        short: `each task ran ${formatSpeedup(wSlow)} slower in worker threads than alone (contention)`,
        finding: finding('contention', 'warning',
          `${lead}, so the threads contend for something they share: a lock in native code, the allocator, memory bandwidth, or V8's garbage-collector threads.${cpuNote.text} Seen in the threads' own CPU time per task in ${seen.seen} of ${seen.of} rounds.${tail}`,
          { ...data, confirmed: true }),
      });
    } else {
      // Wall time alone includes waiting for a core: contention is claimed only when the threads'
      // own CPU per task grows, round after round.
      const why = cpuNote.ratio === undefined
        ? "the threads' own CPU time per task was not measured (or the tasks were too short for its 10 ms ticks), and wall time alone cannot tell contention from waiting for a core"
        : cpuNote.ratio < CONTENTION_RATIO
          ? `each task used about the same CPU as alone (${formatSpeedup(cpuNote.ratio)}), so the extra time was spent waiting (a lock, or a core busy with another program), not working`
          : `the CPU per task grew in only ${seen.seen} of ${seen.of} round${seen.of === 1 ? '' : 's'}`;
      out.push({
        limit: 1 / wSlow,
        short: `each task ran ${formatSpeedup(wSlow)} slower in worker threads than alone (cause not established)`,
        finding: finding('contention', 'info',
          `${lead}. That may be contention for something the threads share, but ${why}. To confirm, profile again with more rounds (--repeat 5) on a quieter machine: contention shows as more CPU per task in every round.${tail}`,
          { ...data, confirmed: false }),
      });
    }
  } else if (!workers && procs && pSlow !== undefined && pSlow >= CONTENTION_RATIO) {
    out.push({
      limit: 1 / pSlow,
      short: `each task ran ${formatSpeedup(pSlow)} slower in child processes than alone`,
      finding: finding('contention', 'warning',
        `Each task ran ${formatSpeedup(pSlow)} slower in child processes than alone (median ${formatMs(medianTaskMs(procs))} against ${formatMs(alone)}), so the processes compete for something the machine shares: memory bandwidth, caches, the garbage collector's helper threads' cores${otherLoadClause(ctx)}.`,
        { mode: 'processes', slowdown: pSlow, aloneMs: alone, parallelMs: medianTaskMs(procs) }),
    });
  }

  const escape = processesEscape(ctx);
  if (escape) out.push(escape);
  return out;
}

/** How much of a parallel task's extra time (over its time alone) was run-queue wait, from per-task schedstat. */
function runQueueShare(seq: ModeResult | undefined, par: ModeResult, aloneMs: number): { share: number; extraWaitMs: number } | undefined {
  const waits = (m: ModeResult | undefined) => (m?.tasks ?? []).filter((t) => !t.failed && t.waitMs !== undefined).map((t) => t.waitMs as number);
  const a = waits(seq);
  const b = waits(par);
  const parMs = medianTaskMs(par);
  if (a.length === 0 || b.length === 0 || parMs === undefined || parMs <= aloneMs) return undefined;
  const extraWaitMs = Math.max(0, median(b) - median(a));
  return { share: Math.min(1, extraWaitMs / (parMs - aloneMs)), extraWaitMs };
}

/** CPU per task in parallel against alone, from per-thread CPU; only when tasks are long enough for 10 ms ticks. */
function cpuGrowth(seq: ModeResult | undefined, par: ModeResult): { text: string; ratio?: number } {
  const cpuOf = (m: ModeResult | undefined) => (m?.tasks ?? []).filter((t) => !t.failed && t.cpuMs !== undefined).map((t) => t.cpuMs as number);
  const a = cpuOf(seq);
  const b = cpuOf(par);
  if (a.length === 0 || b.length === 0) return { text: '' };
  const ma = median(a);
  const mb = median(b);
  if (ma < 50) return { text: '' };
  const ratio = mb / ma;
  if (ratio >= CONTENTION_RATIO) return { ratio, text: ` Each task also burned ${formatSpeedup(ratio)} the CPU, so the threads stalled on shared memory or spun rather than slept.` };
  return { ratio, text: ` Each task used about the same CPU as alone (${formatSpeedup(ratio)}), so the extra time was spent waiting (a lock, or a core busy with another thread).` };
}

/** Fewer paired runs than this cannot carry advice to change how the work runs. */
const RUNS_FOR_ADVICE = 3;

function processesEscape(ctx: Context): Scored | undefined {
  const w = ctx.completed.workers;
  const p = ctx.completed.processes;
  if (!w || !p) return undefined;
  const sw = speedupOf(ctx, w);
  const sp = speedupOf(ctx, p);
  if (sw === undefined || sp === undefined || sp < sw * PROCESSES_BETTER) return undefined;
  const clear = p.speedupCi && w.speedupCi ? p.speedupCi.low > w.speedupCi.high : false;
  const runs = Math.min(ctx.seq?.wallMs?.runs.length ?? 0, w.wallMs?.runs.length ?? 0, p.wallMs?.runs.length ?? 0);
  const busy = ctx.input.rounds?.headline === 'load-aware';
  const ideal = Math.max(1, Math.min(ctx.parallelLanes, ctx.input.tasks));
  const superlinear = sp > ideal * 1.05;
  const both = `child processes reached ${formatSpeedupWithInterval(sp, p.speedupCi)} where worker threads reached ${formatSpeedupWithInterval(sw, w.speedupCi)}`;
  const data = { processesSpeedup: sp, workersSpeedup: sw, clear, runs, busy, superlinear };
  if (clear && runs >= RUNS_FOR_ADVICE && !busy && !superlinear) {
    const paired = ctx.input.rounds?.interleaved ? `${runs} paired rounds` : `${runs} runs of each`;
    return {
      finding: finding('processes-escape-contention', 'warning',
        `Separate processes escape what slows the threads: ${both}, over ${paired} whose intervals do not overlap. Threads of one process share native state (OpenSSL's, the allocator, V8's platform threads) that processes do not, which is the likely reason; for this function child processes are the faster choice.`,
        data),
    };
  }
  const doubts: string[] = [];
  if (!clear) doubts.push('their intervals overlap');
  if (runs < RUNS_FOR_ADVICE) doubts.push(`it rests on ${runs === 1 ? 'one run' : `${runs} runs`} of each`);
  if (busy) doubts.push('other programs held the cores while they ran');
  if (superlinear) doubts.push(`the processes' speedup is above the ideal ${formatSpeedup(ideal)}, a sign of a disturbed baseline`);
  return {
    finding: finding('processes-escape-contention', 'info',
      `Child processes looked faster than worker threads (${both}), but ${doubts.join(', and ')}, so this may be noise; profile again with --repeat 5 on a quieter machine to tell.`,
      data),
  };
}

/**
 * In how many rounds the workers' own CPU per task grew by CONTENTION_RATIO over the sequential's
 * (the rounds' per-task CPU sums). A report without rounds has one repetition's tasks: one at most.
 */
function contentionInCpu(ctx: Context): { seen: number; of: number } {
  const rounds = ctx.input.rounds?.rounds;
  if (rounds && rounds.length > 0) {
    let seen = 0;
    let of = 0;
    for (const r of rounds) {
      const a = r.modes.find((m) => m.mode === 'sequential')?.taskCpuMs;
      const b = r.modes.find((m) => m.mode === 'workers')?.taskCpuMs;
      if (a === undefined || b === undefined || !(a > 0)) continue;
      of++;
      if (b / a >= CONTENTION_RATIO) seen++;
    }
    return { seen, of };
  }
  const g = cpuGrowth(ctx.seq, ctx.completed.workers!);
  return { seen: g.ratio !== undefined && g.ratio >= CONTENTION_RATIO ? 1 : 0, of: 1 };
}

/** Amdahl's serial fraction from the sweep, or Karp–Flatt at K from the workers speedup when there is no sweep. */
export function serialFractionFinding(ctx: Context): Scored | undefined {
  const { sweep, cores } = ctx.input;
  const fit = sweep && sweep.length > 0 ? fitSweep(sweep, cores) : ctx.input.sweepFit;
  const p = Math.max(1, Math.min(ctx.parallelLanes, ctx.input.tasks));
  if (fit) {
    const s = fit.serialFraction;
    const points = sweep ? sweep.filter((x) => x.workers <= cores) : [];
    const from = points.length > 0 ? `the sweep (${plural(points.length, 'point')} up to ${plural(Math.max(...points.map((x) => x.workers)), 'worker')})` : 'the sweep';
    if (s < 0.01) {
      return {
        finding: finding('serial-fraction', 'info',
          `Amdahl's law fitted to ${from} finds almost no serial fraction (${formatPercent(s)}, fit error ±${formatSpeedup(fit.rmse)}): the speedup should keep growing with more cores.`,
          { serialFraction: s, rmse: fit.rmse, source: 'sweep' }),
      };
    }
    return {
      limit: p > 1 ? amdahlSpeedup(s, p) / p : undefined,
      short: `a serial fraction of ${formatPercent(s)} (Amdahl fit)`,
      finding: finding('serial-fraction', s >= 0.1 ? 'warning' : 'info',
        `Amdahl's law fitted to ${from} gives a serial fraction of ${formatPercent(s)}, which caps the speedup at ${formatSpeedup(fit.maxSpeedup)} however many cores (fit error ±${formatSpeedup(fit.rmse)}).`,
        { serialFraction: s, maxSpeedup: fit.maxSpeedup, rmse: fit.rmse, source: 'sweep' }),
    };
  }
  const w = ctx.completed.workers;
  // On a busy machine the measured speedup holds other programs' share: judge the estimate on free cores.
  const sw = w ? headlineSpeedup(ctx, w)?.speedup : undefined;
  if (!w || sw === undefined || p < 2 || ctx.input.workers > cores) return undefined;
  // Near the ideal there is no gap to explain, and a one-point serial fraction of 2% is mostly noise.
  if (sw / p >= 0.9) return undefined;
  const e = karpFlatt(sw, p);
  // Karp–Flatt means something only for 1 < S ≤ p; at or below 1× the overheads (start-up,
  // dispatch, contention, a busy machine) outweigh the parallel work, which other findings name.
  if (!Number.isFinite(e) || e < 0.01 || e >= 1 || sw <= 1) return undefined;
  return {
    finding: finding('serial-fraction', e >= 0.1 ? 'warning' : 'info',
      `The worker-thread speedup of ${formatSpeedup(sw)} on ${lanesInWords('workers', p)} gives a Karp–Flatt serial fraction of ${formatPercent(e)}: as if that share of the work could not run in parallel, which by Amdahl's law would cap the speedup at ${formatSpeedup(1 / e)} however many cores. One point lumps every overhead together (dispatch, imbalance, contention); --sweep measures it properly.`,
      { serialFraction: e, maxSpeedup: 1 / e, workers: p, speedup: sw, source: 'karp-flatt' }),
  };
}

/** ", or other programs' load (N cores)" only where the rounds measured that load. */
function otherLoadClause(ctx: Context): string {
  const loads = (ctx.input.rounds?.rounds ?? []).flatMap((r) => r.modes.filter((m) => m.mode === 'processes').map((m) => m.externalLoad)).filter((x): x is number => x !== undefined);
  const most = loads.length > 0 ? Math.max(...loads) : undefined;
  return most !== undefined && most >= 0.5 ? `, or other programs' load (up to ${most.toFixed(2)} cores)` : '';
}
