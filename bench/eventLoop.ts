// 17. The engine's event loop during a profile: how long the thread that calls profile() (the
// extension host's, in VS Code) stood still while a CPU-bound profile ran. User code never runs on
// it; bundling, pool start-up and the report's analysis do. Two numbers per profile:
// the event loop's longest delay (monitorEventLoopDelay, which also counts waiting for a core on a
// busy machine) and the thread's own longest run of CPU between two 10 ms timer ticks (schedstat,
// Linux), which is the thread's work alone. Reported, not held to a floor: the promise users read
// is the extension host's (README, "never busy for more than 300 ms at a stretch"), checked in the
// integration tests; this row is the engine's share of it, measured where the machine is known.
// (Moved here from a system test's "< 1000 ms" bound, which no user was promised: issue 27.)
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { profile } from '../src/engine';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark, type BenchContext } from './context';
import { workloadFile } from './paths';
import { median, round } from './sideBySide';

const TASK_MS = 200;

interface Sample {
  wallMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  /** Longest own CPU between two ticks of a 10 ms timer; undefined off Linux. */
  ownMs: number | undefined;
}

const SCHEDSTAT = '/proc/thread-self/schedstat';

/** This thread's CPU, ns, from the kernel's scheduler statistics (undefined where there are none). */
function runNs(): number | undefined {
  try {
    return Number(fs.readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

async function one(ctx: BenchContext, iterations: number): Promise<Sample> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let last = runNs();
  let ownMs: number | undefined = last === undefined ? undefined : 0;
  const tick = setInterval(() => {
    const now = runNs();
    if (now !== undefined && last !== undefined) ownMs = Math.max(ownMs ?? 0, (now - last) / 1e6);
    last = now;
  }, 10);
  delay.enable();
  const t0 = performance.now();
  try {
    const report = await profile({
      ...baseOptions(ctx), file: workloadFile('cpu'), functionName: 'crunch', tasks: 2 * ctx.workers, args: `[${iterations}]`,
      repeat: 1, warmup: 0, precision: 0,
    });
    const failed = report.modes.filter((m) => m.status !== 'completed');
    if (failed.length > 0) throw new Error(`modes did not complete: ${failed.map((m) => `${m.mode} ${m.status}`).join(', ')}`);
  } finally {
    delay.disable();
    clearInterval(tick);
  }
  return { wallMs: performance.now() - t0, loopMaxMs: delay.max / 1e6, loopP99Ms: delay.percentile(99) / 1e6, ownMs };
}

export const eventLoop: Benchmark = {
  id: 'loop',
  budgetMs: 60_000,
  async run(ctx) {
    const taskMs = ctx.quick ? 20 : TASK_MS;
    const iterations = crunchIterationsFor(taskMs);
    const samples: Sample[] = [];
    const started = performance.now();
    const most = ctx.quick ? 1 : 5;
    while (samples.length < most) {
      samples.push(await one(ctx, iterations));
      ctx.log(`loop: profile ${samples.length}: wall ${round(samples.at(-1)!.wallMs, 0)} ms, loop max ${round(samples.at(-1)!.loopMaxMs, 1)} ms`);
      // At least three, then only while one more fits the budget.
      const each = (performance.now() - started) / samples.length;
      if (samples.length >= 3 && performance.now() - started + each > this.budgetMs) break;
    }
    const maxMs = median(samples.map((s) => s.loopMaxMs));
    const p99Ms = median(samples.map((s) => s.loopP99Ms));
    const wallMs = median(samples.map((s) => s.wallMs));
    const owns = samples.map((s) => s.ownMs).filter((x): x is number => x !== undefined);
    const ownMs = owns.length > 0 ? median(owns) : undefined;
    return [{
      name: '17. Event loop during a profile',
      measured: `longest stall ${round(maxMs, 0)} ms (p99 ${round(p99Ms, 0)} ms) in a ${round(wallMs / 1000, 1)} s CPU-bound profile (${2 * ctx.workers} tasks of ~${taskMs} ms, 4 modes)` +
        (ownMs !== undefined ? `; the thread's own longest run between 10 ms ticks ${round(ownMs, 0)} ms` : '') + `; median of ${samples.length}`,
      ratio: round(maxMs / wallMs, 4),
      floor: { kind: 'info' },
      detail: { samples, iterations, taskMs },
    }];
  },
};
