// 16b. Machines what-if: the queue mode's K-lane speedup predicted from its one-lane run (the report's
// own check, prediction.machines.check), on work-bound shapes, against a private Redis the mode
// starts. The model assumes free cores, so where the run's tasks waited for a core the yardstick is
// the run's own estimate on free cores, as the check gives it. Floor (issue 26): every case within
// 10%. The system test (test/system/queuePredict.test.ts) checks what the report carries; how close
// the model comes is measured here, on a quiet machine, where CI's neighbours cannot spoil it.
// Skipped (reported, no ratio) without redis-server on the PATH.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { profile } from '../src/engine';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark } from './context';
import { workloadFile } from './paths';

function redisOnPath(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && ['redis-server', 'valkey-server'].some((n) => existsSync(join(dir, n))));
}

export const queuePrediction: Benchmark = {
  id: 'queuePredict',
  budgetMs: 120_000,
  async run(ctx) {
    const name = `16b. Machines what-if at K = ${ctx.workers} lanes from the one-lane queue run`;
    if (!redisOnPath()) return [{ name, measured: 'not measured', ratio: undefined, floor: { kind: 'info' }, note: 'no redis-server or valkey-server on the PATH (Debian: apt-get install redis-server)' }];
    const perMs = crunchIterationsFor(10) / 10;
    const q = ctx.quick ? 0.25 : 1;
    const cases = [
      { name: 'equal', tasks: 6 * ctx.workers, args: (u: number) => `[${u}, 0]`, unitMs: 60 * q },
      { name: 'uneven', tasks: 6 * ctx.workers, args: (u: number) => `[(1 + (i % 4)) * ${u}, 0]`, unitMs: 25 * q },
    ];
    const checks = [];
    for (const c of cases) {
      const unit = Math.max(1, Math.round(perMs * c.unitMs));
      ctx.log(`machines what-if: ${c.name} (N = ${c.tasks}, ${unit} steps a unit)`);
      const report = await profile({
        ...baseOptions(ctx), file: workloadFile('shapes'), functionName: 'shaped', tasks: c.tasks, args: c.args(unit),
        modes: ['queue'], predict: true, repeat: ctx.quick ? 1 : 3, warmup: 1, precision: 0,
      });
      const k = report.prediction?.machines?.check;
      const error = k ? (k.errorOnFreeCoresPct ?? k.errorPct) : undefined;
      checks.push({ name: c.name, predicted: k?.predicted, measured: k?.measured, onFreeCores: k?.measuredOnFreeCores, errorPct: error, rawErrorPct: k?.errorPct, warnings: report.warnings.map((w) => w.message) });
    }
    const errors = checks.map((c) => (c.errorPct === undefined ? NaN : Math.abs(c.errorPct) / 100));
    return [{
      name,
      measured: checks.map((c) => `${c.name}: ${c.predicted ?? '?'}× vs ${c.measured ?? '?'}×${c.onFreeCores !== undefined ? ` (${c.onFreeCores}× on free cores)` : ''}, ${c.errorPct ?? '?'}%`).join('; '),
      ratio: errors.some((e) => !Number.isFinite(e)) ? undefined : Math.max(...errors),
      floor: { kind: 'max', value: 0.1 },
      checks: checks.map((c) => ({ what: `${c.name} within 10%`, ok: c.errorPct !== undefined && Math.abs(c.errorPct) <= 10 })),
      detail: { checks },
    }];
  },
};
