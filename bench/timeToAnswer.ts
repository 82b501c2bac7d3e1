// 14a/14b. Time to the answer (issue 24): the README's example (examples/cpu.ts, countPrimes, 8 tasks)
// profiled with the defaults, five times. (a) The whole profile() ÷ its physical minimum: the slowest
// mode's start-up (the modes start at once), plus each mode's warm-ups and rounds at its median
// repetition time, all from the same report. (b) The moment the first speedup reached the live
// watcher ÷ the start-up plus one warm-up and one round of every mode at those medians. The median
// number of rounds is reported beside them. A ratio per profile; the row's is their median.
import * as path from 'node:path';
import { profile, type LiveEvent } from '../src/engine';
import type { Report } from '../src/shared/report/report';
import { baseOptions, type Benchmark } from './context';
import { REPO_ROOT } from './paths';
import { median, round } from './sideBySide';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'cpu.ts');
const ARGS = '[5_000_000 + i, 5_400_000 + i]';

interface Minimum {
  startupMs: number;
  /** One repetition of every mode, at its median. */
  roundMs: number;
  warmupsMs: number;
}

function minimumOf(report: Report): Minimum | undefined {
  const done = report.modes.filter((m) => m.status === 'completed' && m.wallMs);
  if (done.length !== report.modes.length) return undefined;
  return {
    startupMs: Math.max(...done.map((m) => m.startupMs ?? 0)),
    roundMs: done.reduce((s, m) => s + m.wallMs!.median, 0),
    warmupsMs: done.reduce((s, m) => s + m.wallMs!.median * (m.warmups?.count ?? report.settings.warmup), 0),
  };
}

export const timeToAnswer: Benchmark = {
  id: 'answer',
  budgetMs: 300_000,
  async run(ctx) {
    const runs: Array<{ totalMs: number; firstMs?: number; rounds: number; stop: string; min: Minimum }> = [];
    const failures: string[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : 5); i++) {
      let firstAt: number | undefined;
      const onLive = (e: LiveEvent) => { if (firstAt === undefined && e.kind === 'round-end' && e.speedups && e.speedups.length > 0) firstAt = performance.now(); };
      const t0 = performance.now();
      const report = await profile({ ...baseOptions(ctx), file: EXAMPLE, functionName: 'countPrimes', tasks: 8, args: ARGS }, { onLive });
      const totalMs = performance.now() - t0;
      const min = minimumOf(report);
      if (!min) { failures.push(report.modes.filter((m) => m.status !== 'completed').map((m) => `${m.mode}: ${m.error?.message}`).join('; ')); continue; }
      runs.push({ totalMs, ...(firstAt !== undefined ? { firstMs: firstAt - t0 } : {}), rounds: report.rounds?.rounds.length ?? 0, stop: report.rounds?.stop.reason ?? '', min });
      ctx.log(`answer: profile ${i + 1}: ${Math.round(totalMs)} ms, ${runs.at(-1)!.rounds} rounds (${runs.at(-1)!.stop})`);
    }
    const answer = runs.map((r) => r.totalMs / (r.min.startupMs + r.min.warmupsMs + r.rounds * r.min.roundMs));
    const first = runs.filter((r) => r.firstMs !== undefined).map((r) => r.firstMs! / (r.min.startupMs + 2 * r.min.roundMs));
    const rounds = median(runs.map((r) => r.rounds));
    const note = failures.length > 0 ? { note: `profiles with a failed mode, left out: ${failures.join(' | ')}` } : {};
    const detail = { runs: runs.map((r) => ({ ...r, totalMs: round(r.totalMs, 1), firstMs: r.firstMs !== undefined ? round(r.firstMs, 1) : undefined })) };
    return [
      {
        name: '14a. Time to the answer (README example)',
        measured: `median profile ${Math.round(median(runs.map((r) => r.totalMs)))} ms over ${runs.length}; median ${rounds} rounds (stops: ${runs.map((r) => r.stop).join(', ')})`,
        ratio: answer.length > 0 ? median(answer) : undefined,
        floor: { kind: 'max', value: 1.3 },
        ...note,
        detail,
      },
      {
        name: '14b. Time to the first answer',
        measured: `median first speedup at ${first.length > 0 ? Math.round(median(runs.filter((r) => r.firstMs !== undefined).map((r) => r.firstMs!))) : '—'} ms (minimum: start-up, one warm-up and one round of every mode)`,
        ratio: first.length > 0 ? median(first) : undefined,
        floor: { kind: 'max', value: 1.2 },
        ...note,
      },
    ];
  },
};
