// 7. Fixed cost: from the profile() call to the finished report for a trivial function with the
// engine's defaults (all four modes, 8 tasks, warm-ups until steady, at least 3 rounds): bundling, starting
// pools and processes, sampling, analysis. Cold (an empty bundle cache) and warm (a cache hit), alternating.
// Floor (issue 24): the warm profile() of a no-op within 0.5 s. A no-op's speedups are dispatch noise,
// so its rounds stop at the minimum ('too-short') instead of running until the time budget is spent.
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profile } from '../src/engine';
import type { Report } from '../src/shared/report/report';
import type { Benchmark, BenchContext } from './context';
import { workloadFile } from './paths';
import { alternate, median, round } from './sideBySide';

interface Timed {
  ms: number;
  report: Report;
}

async function timedProfile(ctx: BenchContext, cacheDir: string): Promise<Timed> {
  const t0 = performance.now();
  const report = await profile({ file: workloadFile('noop'), functionName: 'noop', workers: ctx.workers, cacheDir });
  return { ms: performance.now() - t0, report };
}

function breakdown(t: Timed): Record<string, number | boolean | string | undefined> {
  const out: Record<string, number | boolean | string | undefined> = {
    totalMs: round(t.ms, 1), bundleMs: t.report.bundle?.ms, cached: t.report.bundle?.cached,
    rounds: t.report.rounds?.rounds.length, stop: t.report.rounds?.stop.reason,
  };
  for (const m of t.report.modes) out[`${m.mode}StartupMs`] = m.startupMs;
  return out;
}

export const fixedCost: Benchmark = {
  id: 'fixed',
  budgetMs: 40_000,
  async run(ctx) {
    const warmDir = mkdtempSync(path.join(os.tmpdir(), 'pp-bench-warm-'));
    const coldDirs: string[] = [];
    try {
      await timedProfile(ctx, warmDir); // fills the warm cache (and starts esbuild's service once)
      const pairs = await alternate(
        { minPairs: ctx.quick ? 1 : 3, maxPairs: ctx.quick ? 1 : 7, budgetMs: this.budgetMs },
        () => {
          const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-bench-cold-'));
          coldDirs.push(dir);
          return timedProfile(ctx, dir);
        },
        () => timedProfile(ctx, warmDir),
      );
      const cold = median(pairs.a.map((t) => t.ms));
      const warm = median(pairs.b.map((t) => t.ms));
      const coldBundle = median(pairs.a.map((t) => t.report.bundle?.ms ?? NaN));
      const warmBundle = median(pairs.b.map((t) => t.report.bundle?.ms ?? NaN));
      const failed = [...pairs.a, ...pairs.b].flatMap((t) => t.report.modes.filter((m) => m.status !== 'completed').map((m) => `${m.mode}: ${m.error?.message}`));
      return [{
        name: '7. Fixed cost (trivial function)',
        measured: `cold ${Math.round(cold)} ms (bundle ${Math.round(coldBundle)} ms), warm ${Math.round(warm)} ms (bundle ${Math.round(warmBundle)} ms); 4 modes, 8 tasks, ${pairs.a.length} pairs; ratio: warm seconds`,
        ratio: warm / 1000,
        floor: { kind: 'max', value: 0.5 },
        ...(failed.length > 0 ? { note: `modes failed: ${failed.join('; ')}` } : {}),
        detail: { cold: pairs.a.map(breakdown), warm: pairs.b.map(breakdown) },
      }];
    } finally {
      for (const dir of [warmDir, ...coldDirs]) rmSync(dir, { recursive: true, force: true });
    }
  },
};
