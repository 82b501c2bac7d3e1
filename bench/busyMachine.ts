// 9. Numbers that survive a busy machine: a CPU-bound function that scales about 2× here, profiled
// while a busy-looping competitor (a child process the benchmark controls) takes one core partway
// through; the headline workers speedup against the quiet machine's, and the profile's wall time
// against the quiet one's. Variants: the competitor from a quarter of the way in to the end, and from
// 40% in for as long as a quiet profile lasts; each with interleaved rounds on and off (contrast).
// The check with interleaving off is the contrast: no floor. Other programs' load on a shared machine
// shows in every number, the quiet one's too: the JSON keeps each round's outside load.
import { profile } from '../src/engine';
import type { Report } from '../src/shared/report/report';
import { crunchIterationsFor } from './calibrate';
import { Competitor, type CompetitorPlan } from './competitor';
import { baseOptions, type Benchmark, type BenchContext } from './context';
import { workloadFile } from './paths';
import { round } from './sideBySide';
import type { Row } from './table';

const TASK_MS = 200;
/** The floors: the headline within 10% of the quiet machine's, the wall time within 3×. */
const HEADLINE_FLOOR = 0.1;
const WALL_FLOOR = 3;

interface Measured {
  report: Report;
  headline: number;
  basis: string;
  wallMs: number;
  /** When the competitor ran, ms from the profile's start (absent: it never started). */
  competitor?: { startedAtMs?: number; stoppedAtMs?: number };
}

/**
 * How long the quiet profile's minimum takes (start-up, warm-up and the minimum rounds at their median
 * times): the competitor's schedule is set from it, so on a loaded machine, where the quiet profile
 * adds rounds until its budget runs out, the competitor still starts inside the busy profile.
 */
function minimumMs(report: Report): number {
  const s = report.settings;
  let round = 0;
  let startup = 0;
  for (const m of report.modes) {
    round += m.wallMs?.median ?? 0;
    startup += m.startupMs ?? 0;
  }
  return startup + (s.warmup + s.repeat) * round;
}

/** The workers speedup the verdict's headline quotes: the load-aware estimate when the rounds say so. */
export function headlineWorkers(report: Report): { speedup: number; basis: string } {
  const w = report.modes.find((m) => m.mode === 'workers');
  if (!w || w.speedup === undefined) throw new Error(`workers gave no speedup: ${w?.error?.message ?? report.modes[0].error?.message}`);
  if (report.rounds?.headline === 'load-aware' && w.loadAware) return { speedup: w.loadAware.speedup, basis: 'load-aware' };
  return { speedup: w.speedup, basis: 'measured' };
}

async function measure(ctx: BenchContext, interleave: boolean, iterations: number, plan?: CompetitorPlan): Promise<Measured> {
  const tasks = 4 * ctx.workers;
  const competitor = new Competitor();
  const t0 = performance.now();
  if (plan) competitor.schedule(plan);
  try {
    const report = await profile({
      ...baseOptions(ctx), file: workloadFile('cpu'), functionName: 'crunch',
      tasks, modes: ['sequential', 'workers'], args: `[${iterations}]`, repeat: 3, warmup: 1, interleave,
    });
    const { speedup, basis } = headlineWorkers(report);
    return { report, headline: speedup, basis, wallMs: performance.now() - t0, ...(plan ? { competitor: { startedAtMs: competitor.startedAtMs, stoppedAtMs: competitor.stoppedAtMs } } : {}) };
  } finally {
    competitor.stop();
  }
}

function row(name: string, quiet: Measured, busy: Measured, interleave: boolean, plan: CompetitorPlan): Row {
  const off = Math.abs(busy.headline / quiet.headline - 1);
  const wallRatio = busy.wallMs / quiet.wallMs;
  const w = busy.report.modes.find((m) => m.mode === 'workers')!;
  const rounds = busy.report.rounds;
  const ran = busy.competitor?.startedAtMs !== undefined;
  return {
    name,
    measured: `headline ${round(busy.headline, 2)}× (${busy.basis}; measured ${round(w.speedup ?? NaN, 2)}×) vs quiet ${round(quiet.headline, 2)}×; wall ${(busy.wallMs / 1000).toFixed(1)} s vs ${(quiet.wallMs / 1000).toFixed(1)} s (${round(wallRatio, 2)}×); ${rounds?.rounds.length ?? '?'} rounds, stop: ${rounds?.stop.reason ?? '?'}`,
    ratio: off,
    floor: interleave ? { kind: 'max', value: HEADLINE_FLOOR } : { kind: 'info' },
    // A row where the competitor never ran would pass without testing anything.
    ...(interleave ? {
      checks: [
        { what: 'the competitor ran during the profile', ok: ran },
        { what: `profile wall time within ${WALL_FLOOR}× the quiet one (${round(wallRatio, 2)}×)`, ok: wallRatio <= WALL_FLOOR },
      ],
    } : {}),
    note: interleave ? undefined : `interleaving off, for contrast: no floor${ran ? '' : ' (the competitor never ran)'}`,
    detail: {
      interleave, competitorRan: busy.competitor, plan: { startAfterMs: Math.round(plan.startAfterMs), runForMs: Number.isFinite(plan.runForMs) ? Math.round(plan.runForMs) : 'to the end' },
      quietHeadline: quiet.headline, busyHeadline: busy.headline, basis: busy.basis, measured: w.speedup, measuredCi: w.speedupCi,
      loadAware: w.loadAware, quietWallMs: Math.round(quiet.wallMs), busyWallMs: Math.round(busy.wallMs),
      stop: rounds?.stop, roundLoads: rounds?.rounds.map((r) => r.modes.map((m) => m.externalLoad)),
      summary: busy.report.verdict.summary,
    },
  };
}

export const busyMachine: Benchmark = {
  id: 'busy',
  budgetMs: 240_000,
  async run(ctx) {
    const iterations = crunchIterationsFor(ctx.quick ? 50 : TASK_MS);
    const rows: Row[] = [];
    for (const interleave of [true, false]) {
      const label = interleave ? 'interleaved' : 'interleaving off';
      ctx.log(`busy: quiet profile (${label})`);
      const quiet = await measure(ctx, interleave, iterations);
      // 9a: the competitor starts a quarter of the way into a quiet profile's time and runs to the end.
      const span = minimumMs(quiet.report);
      const late: CompetitorPlan = { startAfterMs: 0.25 * span, runForMs: Infinity };
      ctx.log(`busy: competitor from ${Math.round(late.startAfterMs)} ms to the end (${label})`);
      rows.push(row(`9${interleave ? 'a' : 'c'}. Busy machine: competitor from 25% to the end, ${label}`, quiet, await measure(ctx, interleave, iterations, late), interleave, late));
      // 9b: from 40% in, for as long as a quiet profile lasts.
      const window: CompetitorPlan = { startAfterMs: 0.4 * span, runForMs: span };
      ctx.log(`busy: competitor from ${Math.round(window.startAfterMs)} ms for ${Math.round(window.runForMs)} ms (${label})`);
      rows.push(row(`9${interleave ? 'b' : 'd'}. Busy machine: competitor 40% in for a quiet profile's length, ${label}`, quiet, await measure(ctx, interleave, iterations, window), interleave, window));
    }
    return rows;
  },
};
