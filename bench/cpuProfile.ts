// 12. The CPU profile's cost (issue 15). (a) The workers speedup with --cpu-profile against without,
// profiles alternating in one run: the profiled repetition runs after the measured ones, so the
// measured numbers must not move (floor: within 3%). (b) What the profiler costs the repetition it
// profiles: its wall time against the same mode's measured median (reported, no floor: it is not
// counted anywhere, but a user waits for it).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profile } from '../src/engine';
import type { ModeResult, Report } from '../src/shared/report/report';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark } from './context';
import { workloadFile } from './paths';
import { alternate, median, round } from './sideBySide';

const TASK_MS = 100;

function mode(r: Report, name: ModeResult['mode']): ModeResult | undefined {
  return r.modes.find((m) => m.mode === name && m.status === 'completed');
}

export const cpuProfileCost: Benchmark = {
  id: 'cpuprof',
  budgetMs: 120_000,
  async run(ctx) {
    const tasks = 2 * ctx.workers;
    const iterations = crunchIterationsFor(ctx.quick ? 20 : TASK_MS);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-bench-cpuprof-'));
    try {
      const run = (cpuProfile: boolean) => (): Promise<Report> => profile({
        ...baseOptions(ctx), file: workloadFile('cpu'), functionName: 'crunch', tasks, modes: ['sequential', 'workers'],
        args: `[${iterations}]`, repeat: 3, warmup: 1, ...(cpuProfile ? { cpuProfile: true, cpuProfileDir: dir } : {}),
      });
      ctx.log(`cpuprof: profiles with and without --cpu-profile, alternating (N = ${tasks}, K = ${ctx.workers})`);
      const pairs = await alternate({ minPairs: ctx.quick ? 1 : 3, maxPairs: ctx.quick ? 1 : 6, budgetMs: this.budgetMs }, run(true), run(false));
      const speedup = (rs: Report[]) => median(rs.map((r) => mode(r, 'workers')?.speedup ?? NaN).filter(Number.isFinite));
      const on = speedup(pairs.a);
      const off = speedup(pairs.b);
      const drift = Math.abs(on / off - 1);
      const overheadOf = (name: ModeResult['mode']) => median(pairs.a.map((r) => {
        const m = mode(r, name);
        return m?.cpuProfile && m.wallMs ? m.cpuProfile.wallMs / m.wallMs.median : NaN;
      }).filter(Number.isFinite));
      const startMs = median(pairs.a.map((r) => mode(r, 'workers')?.cpuProfile?.startMs ?? NaN).filter(Number.isFinite));
      const stopMs = median(pairs.a.map((r) => mode(r, 'workers')?.cpuProfile?.stopMs ?? NaN).filter(Number.isFinite));
      const seqOverhead = overheadOf('sequential');
      const workersOverhead = overheadOf('workers');
      return [
        {
          name: '12a. Speedup with a CPU profile',
          measured: `workers ${round(on, 2)}× with --cpu-profile, ${round(off, 2)}× without (${pairs.a.length} pairs): ${round(drift * 100, 1)}% apart`,
          ratio: drift,
          floor: { kind: 'max', value: 0.03 },
          detail: { tasks, iterations, speedupsOn: pairs.a.map((r) => mode(r, 'workers')?.speedup), speedupsOff: pairs.b.map((r) => mode(r, 'workers')?.speedup) },
        },
        {
          name: '12b. Profiled repetition cost',
          measured: `the profiled repetition took ${round(seqOverhead, 2)}× the measured median (sequential), ${round(workersOverhead, 2)}× (workers); Profiler.start ${Math.round(startMs)} ms, stop ${Math.round(stopMs)} ms per lane (slowest)`,
          ratio: workersOverhead,
          floor: { kind: 'info' },
          detail: { sequential: seqOverhead, workers: workersOverhead, startMs, stopMs },
        },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
