// 9. Prediction: for held-out workloads of known shape, profile() with `predict` predicts the workers
// mode at K lanes from the sequential run and one-lane costs only (no K-lane data), then compares with
// the workers mode it measured at K in the same profile. 9a: the worst |error| over the cases (floor:
// every case within 10%). 9b: for tiny tasks, the recommended chunk size measured against chunk 1,
// side by side (floor: 1.5×). Under other programs' load both drift; the JSON keeps every number.
import { profile } from '../src/engine';
import type { Report } from '../src/shared/report/report';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark } from './context';
import { workloadFile } from './paths';
import { round } from './sideBySide';

interface Case {
  name: string;
  tasks: number;
  /** Arguments expression for shaped(iterations, resultKb); `u` is one unit of iterations. */
  args: (u: number) => string;
  unitMs: number;
}

function cases(workers: number, quick: boolean): Case[] {
  const q = quick ? 0.25 : 1;
  return [
    { name: 'equal', tasks: 4 * workers, args: (u) => `[${u}, 0]`, unitMs: 100 * q },
    { name: 'skewed 1…N', tasks: 4 * workers, args: (u) => `[(i + 1) * ${u}, 0]`, unitMs: 25 * q },
    { name: `${workers + 1} tasks on ${workers} workers`, tasks: workers + 1, args: (u) => `[${u}, 0]`, unitMs: 200 * q },
    { name: 'tiny tasks', tasks: quick ? 2000 : 20_000, args: (u) => `[${u}, 0]`, unitMs: 0.005 },
    { name: 'large results (1 MiB)', tasks: 4 * workers, args: (u) => `[${u}, 1024]`, unitMs: 30 * q },
  ];
}

export const prediction: Benchmark = {
  id: 'prediction',
  budgetMs: 240_000,
  async run(ctx) {
    const perMs = crunchIterationsFor(10) / 10;
    const results: { name: string; report: Report }[] = [];
    for (const c of cases(ctx.workers, ctx.quick)) {
      const unit = Math.max(1, Math.round(perMs * c.unitMs));
      ctx.log(`prediction: ${c.name} (N = ${c.tasks}, ${unit} steps a unit)`);
      const report = await profile({
        ...baseOptions(ctx), file: workloadFile('shapes'), functionName: 'shaped',
        tasks: c.tasks, args: c.args(unit), modes: ['sequential', 'workers'], predict: true, repeat: ctx.quick ? 1 : 3, warmup: 1,
      });
      results.push({ name: c.name, report });
    }
    const checks = results.map(({ name, report }) => {
      const k = report.prediction?.check.find((x) => x.mode === 'workers');
      return { name, predicted: k?.predicted, low: k?.low, high: k?.high, measured: k?.measured, errorPct: k?.errorPct };
    });
    const errors = checks.map((c) => (c.errorPct === undefined ? NaN : Math.abs(c.errorPct) / 100));
    const worst = errors.some((e) => !Number.isFinite(e)) ? undefined : Math.max(...errors);
    const tiny = results.find((r) => r.name === 'tiny tasks')?.report.prediction?.chunk;
    const one = tiny?.measured.find((m) => m.chunk === 1);
    const best = tiny?.measured.find((m) => m.chunk === tiny.recommended);
    const gain = one && best ? one.wallMs / best.wallMs : undefined;
    const inputs = results.map(({ name, report }) => ({ name, inputs: report.prediction?.inputs, workersRuns: report.modes.find((m) => m.mode === 'workers')?.wallMs?.runs, sequentialRuns: report.modes.find((m) => m.mode === 'sequential')?.wallMs?.runs }));
    return [
      {
        name: `11a. Prediction at K = ${ctx.workers} without K-lane data`,
        measured: checks.map((c) => `${c.name}: ${c.predicted ?? '?'}× vs ${c.measured ?? '?'}× (${c.errorPct ?? '?'}%)`).join('; '),
        ratio: worst,
        floor: { kind: 'max', value: 0.1 },
        checks: checks.map((c) => ({ what: `${c.name} within 10%`, ok: c.errorPct !== undefined && Math.abs(c.errorPct) <= 10 })),
        note: 'Every case must be within 10% of the measured workers speedup; taken side by side in one profile each.',
        detail: { checks, inputs },
      },
      {
        name: '11b. Chunk recommendation, tiny tasks',
        measured: tiny ? `recommended ${tiny.recommended}: ${tiny.measured.map((m) => `chunk ${m.chunk} ${round(m.wallMs, 1)} ms`).join(', ')}` : 'no chunk advice',
        ratio: gain,
        floor: { kind: 'min', value: 1.5 },
        detail: { chunk: tiny },
      },
    ];
  },
};
