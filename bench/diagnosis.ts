// 5. Accuracy of the diagnosis: workloads whose answer is known by construction, profiled as a user
// would, with the verdict checked every time (each case runs twice when the budget allows).
//   a. a serial section of known fraction f (a readers–writer lock): Karp–Flatt within ±0.05 of f;
//   b. 3 equal tasks on 2 workers: speedup near 1.5 and a too-few-tasks or load-imbalance finding;
//   c. I/O-bound (timers): async near N×, bound 'io', async the best mode;
//   d. libuv pool work (crypto.pbkdf2): bound 'cpu' and the libuv-pool finding.
import { setEnvironmentData } from 'node:worker_threads';
import { profile } from '../src/engine';
import type { ModeName, Report } from '../src/shared/report/report';
import { pbkdf2IterationsFor } from './calibrate';
import { baseOptions, type BenchContext, type Benchmark } from './context';
import { workloadFile } from './paths';
import { median, round } from './sideBySide';
import type { Check, Row } from './table';
import { LOCK_KEY } from './workloads/diagnosis';

const SERIAL_FRACTION = 0.2;

interface Case {
  name: string;
  run(ctx: BenchContext): Promise<Report>;
  judge(reports: Report[], ctx: BenchContext): Row;
}

function modeOf(r: Report, mode: ModeName) {
  return r.modes.find((m) => m.mode === mode);
}

function findingKinds(r: Report): string[] {
  return r.verdict.findings.map((f) => f.kind);
}

/** One check per report, so "every time" is visible in the JSON. */
function everyTime(reports: Report[], what: string, ok: (r: Report) => boolean): Check {
  const results = reports.map(ok);
  return { what: `${what} (${results.filter(Boolean).length} of ${reports.length} runs)`, ok: results.every(Boolean) };
}

function diagnosisDetail(reports: Report[]): Record<string, unknown> {
  return {
    verdicts: reports.map((r) => ({ bound: r.verdict.bound, best: r.verdict.best, summary: r.verdict.summary, findings: findingKinds(r) })),
    modes: reports.map((r) => r.modes.map((m) => ({ mode: m.mode, status: m.status, speedup: m.speedup, coresBusy: m.coresBusy, wallMs: m.wallMs?.runs, error: m.error?.message }))),
  };
}

const serialSection: Case = {
  name: '5a. Diagnosis: serial fraction',
  run(ctx) {
    // A fresh lock per profile: a stale one (a task stopped inside it) would deadlock the next.
    setEnvironmentData(LOCK_KEY, new SharedArrayBuffer(12));
    return profile({
      ...baseOptions(ctx), file: workloadFile('diagnosis'), functionName: 'serialSection',
      tasks: 4 * ctx.workers, modes: ['sequential', 'workers'], args: `[${ctx.quick ? 40 : 100}, ${SERIAL_FRACTION}]`, repeat: 3, warmup: 1,
    });
  },
  judge(reports, ctx) {
    const kf = (r: Report) => r.verdict.findings.find((f) => f.kind === 'serial-fraction' && f.data?.source === 'karp-flatt')?.data?.serialFraction;
    const estimates = reports.map(kf).filter((x): x is number => typeof x === 'number');
    const speedups = reports.map((r) => modeOf(r, 'workers')?.speedup ?? NaN);
    const p = Math.min(ctx.workers, ctx.cores);
    const expected = p / (1 - SERIAL_FRACTION + p * SERIAL_FRACTION);
    const worst = estimates.length === reports.length ? Math.max(...estimates.map((e) => Math.abs(e - SERIAL_FRACTION))) : undefined;
    return {
      name: this.name,
      measured: `Karp–Flatt ${estimates.map((e) => round(e, 3)).join(', ') || 'absent'} for f = ${SERIAL_FRACTION}; speedup ${speedups.map((s) => round(s, 2)).join(', ')} (expected ${round(expected, 2)}×)`,
      ratio: worst,
      floor: { kind: 'max', value: 0.05 },
      checks: [
        everyTime(reports, "bound is 'cpu'", (r) => r.verdict.bound === 'cpu'),
        everyTime(reports, 'a Karp–Flatt serial-fraction finding', (r) => kf(r) !== undefined),
      ],
      detail: { serialFraction: SERIAL_FRACTION, expectedSpeedup: expected, estimates, ...diagnosisDetail(reports) },
    };
  },
};

const unevenTasks: Case = {
  name: '5b. Diagnosis: 3 tasks on 2 workers',
  run(ctx) {
    return profile({
      ...baseOptions(ctx), workers: 2, file: workloadFile('diagnosis'), functionName: 'equalTask',
      tasks: 3, modes: ['sequential', 'workers'], args: `[${ctx.quick ? 60 : 200}]`, repeat: 3, warmup: 1,
    });
  },
  judge(reports) {
    const speedups = reports.map((r) => modeOf(r, 'workers')?.speedup ?? NaN);
    const worst = Math.max(...speedups.map((s) => Math.abs(s / 1.5 - 1)));
    return {
      name: this.name,
      measured: `speedup ${speedups.map((s) => round(s, 3)).join(', ')} (expected 1.5×)`,
      ratio: Number.isFinite(worst) ? worst : undefined,
      floor: { kind: 'max', value: 0.05 },
      checks: [
        everyTime(reports, "bound is 'cpu'", (r) => r.verdict.bound === 'cpu'),
        everyTime(reports, 'a too-few-tasks or load-imbalance finding', (r) => findingKinds(r).some((k) => k === 'too-few-tasks' || k === 'load-imbalance')),
      ],
      detail: diagnosisDetail(reports),
    };
  },
};

const ioBound: Case = {
  name: '5c. Diagnosis: I/O-bound',
  run(ctx) {
    return profile({
      ...baseOptions(ctx), file: workloadFile('diagnosis'), functionName: 'waitFor',
      tasks: 8, modes: ['sequential', 'async'], args: `[${ctx.quick ? 30 : 100}]`, repeat: 3, warmup: 1,
    });
  },
  judge(reports) {
    const speedups = reports.map((r) => modeOf(r, 'async')?.speedup ?? NaN);
    const worst = Math.min(...speedups.map((s) => s / 8));
    return {
      name: this.name,
      measured: `async ${speedups.map((s) => round(s, 2)).join(', ')}× of an ideal 8×`,
      ratio: Number.isFinite(worst) ? worst : undefined,
      floor: { kind: 'min', value: 0.9 },
      checks: [
        everyTime(reports, "bound is 'io'", (r) => r.verdict.bound === 'io'),
        everyTime(reports, 'best mode is async', (r) => r.verdict.best === 'async'),
        everyTime(reports, 'an async-overlap finding', (r) => findingKinds(r).includes('async-overlap')),
      ],
      detail: diagnosisDetail(reports),
    };
  },
};

const libuvPool: Case = {
  name: '5d. Diagnosis: libuv pool',
  run(ctx) {
    const iterations = pbkdf2IterationsFor(ctx.quick ? 30 : 100);
    return profile({
      ...baseOptions(ctx), file: workloadFile('diagnosis'), functionName: 'deriveKey',
      tasks: 8, modes: ['sequential', 'async'], args: `['secret' + i, ${iterations}]`, repeat: 3, warmup: 1,
    });
  },
  judge(reports, ctx) {
    const speedups = reports.map((r) => modeOf(r, 'async')?.speedup ?? NaN);
    // libuv runs 4 calls at once by default; fewer cores cap it lower.
    const ideal = Math.min(4, ctx.cores, 8);
    return {
      name: this.name,
      measured: `async ${speedups.map((s) => round(s, 2)).join(', ')}× (libuv's 4 threads on ${ctx.cores} cores: ideal ${ideal}×)`,
      ratio: median(speedups) / ideal,
      floor: { kind: 'info' },
      checks: [
        everyTime(reports, "bound is 'cpu'", (r) => r.verdict.bound === 'cpu'),
        everyTime(reports, 'a libuv-pool finding', (r) => findingKinds(r).includes('libuv-pool')),
      ],
      detail: diagnosisDetail(reports),
    };
  },
};

const CASES: Case[] = [serialSection, unevenTasks, ioBound, libuvPool];

export const diagnosis: Benchmark = {
  id: 'diagnosis',
  budgetMs: 75_000,
  async run(ctx) {
    const started = performance.now();
    const reports: Report[][] = CASES.map(() => []);
    const rounds = ctx.quick ? 1 : 2;
    for (let round = 0; round < rounds; round++) {
      const elapsed = performance.now() - started;
      if (round >= 1 && elapsed * (round + 1) / round > this.budgetMs) break;
      for (let c = 0; c < CASES.length; c++) {
        ctx.log(`diagnosis: ${CASES[c].name}, run ${round + 1}`);
        reports[c].push(await CASES[c].run(ctx));
      }
    }
    return CASES.map((c, i) => c.judge(reports[i], ctx));
  },
};
