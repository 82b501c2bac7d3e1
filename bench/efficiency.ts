// 1. Parallel efficiency: N = 4K equal CPU tasks of ~200 ms, the workers mode's speedup over the
// sequential mode divided by min(K, N). Both modes run inside one profile(), as a user's would.
import { profile } from '../src/engine';
import type { Report } from '../src/shared/report/report';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark } from './context';
import { workloadFile } from './paths';
import { median, round } from './sideBySide';

const TASK_MS = 200;

export const efficiency: Benchmark = {
  id: 'efficiency',
  budgetMs: 60_000,
  async run(ctx) {
    const tasks = 4 * ctx.workers;
    const iterations = crunchIterationsFor(ctx.quick ? 50 : TASK_MS);
    const reports: Report[] = [];
    const started = performance.now();
    const runs = ctx.quick ? 1 : 3;
    for (let i = 0; i < runs; i++) {
      // A second or third profile only while the budget lasts: each one is a complete measurement.
      if (i >= 1 && (performance.now() - started) * (i + 1) / i > this.budgetMs) break;
      ctx.log(`efficiency: profile ${i + 1} (N = ${tasks}, K = ${ctx.workers}, ${iterations} steps per task)`);
      reports.push(await profile({
        ...baseOptions(ctx), file: workloadFile('cpu'), functionName: 'crunch',
        tasks, modes: ['sequential', 'workers'], args: `[${iterations}]`, repeat: 3, warmup: 1,
      }));
    }
    const workers = reports.map((r) => r.modes.find((m) => m.mode === 'workers'));
    const seq = reports.map((r) => r.modes.find((m) => m.mode === 'sequential'));
    const effs = workers.map((w) => w?.efficiency).filter((e): e is number => e !== undefined);
    const speedups = workers.map((w) => w?.speedup).filter((e): e is number => e !== undefined);
    const taskMs = seq.map((s) => (s?.wallMs ? s.wallMs.median / tasks : NaN));
    const seqBusy = seq.map((s) => s?.coresBusy ?? NaN);
    const eff = effs.length > 0 ? median(effs) : undefined;
    return [{
      name: '1. Parallel efficiency',
      measured: `${round(median(speedups), 2)}× on ${ctx.workers} workers, N = ${tasks}, ${Math.round(median(taskMs))} ms/task (${effs.length} profiles)`,
      ratio: eff,
      floor: { kind: 'min', value: 0.9 },
      detail: {
        tasks, workers: ctx.workers, iterations, efficiencies: effs, speedups, taskMs,
        sequentialCoresBusy: seqBusy,
        workersCoresBusy: workers.map((w) => w?.coresBusy ?? NaN),
        sequentialRuns: seq.map((s) => s?.wallMs?.runs), workersRuns: workers.map((w) => w?.wallMs?.runs),
        findings: reports.map((r) => r.verdict.findings.map((f) => f.kind)),
        errors: reports.flatMap((r) => r.modes.filter((m) => m.error).map((m) => `${m.mode}: ${m.error?.message}`)),
      },
    }];
  },
};
