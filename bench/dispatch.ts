// 3. Dispatch cost: N no-op tasks in the workers mode against N no-op tasks submitted all at once to a
// bare piscina pool of the same K threads. Both stay warm and their repetitions alternate one by one
// (engine, bare, bare, engine, …): on a shared VM the load changes within seconds, and whole
// measureMode() calls side by side spread 0.7–1.5× pair to pair. Each engine repetition runs as
// measureMode() runs it: a workers session started with the task count (so its shared table of task
// numbers is used), the CPU sampler on, per-task timing, results sized. Also µs per task.
// Floor (issue 24): 1.05.
import { serialize } from 'node:v8';
import Piscina from 'piscina';
import { startMode, CpuSampler, DEFAULTS } from '../src/engine';
import { baseOptions, type Benchmark } from './context';
import { benchScript } from './paths';
import { median, round } from './sideBySide';
import { bundleWorkload } from './workloadBundle';

const TASKS = 4000;
const MIN_PAIRS = 9;
const MAX_PAIRS = 41;

export const dispatch: Benchmark = {
  id: 'dispatch',
  budgetMs: 30_000,
  async run(ctx) {
    const tasks = ctx.quick ? 500 : TASKS;
    const bundle = await bundleWorkload('noop', 'noop', ctx.cacheDir);
    const taskArgs = Array.from({ length: tasks }, () => [] as unknown[]);
    const session = await startMode('workers', {
      load: bundle.load, lanes: ctx.workers, memoryLimitMb: DEFAULTS.memoryLimitMb, timeoutMs: baseOptions(ctx).timeoutMs as number,
      signal: new AbortController().signal, taskCapacity: tasks,
    });
    const pool = new Piscina({ filename: benchScript('bareWorker'), minThreads: ctx.workers, maxThreads: ctx.workers, idleTimeout: 2 ** 31 - 1 });
    try {
      const engine = async (): Promise<number> => {
        const sampler = new CpuSampler({ intervalMs: DEFAULTS.sampleIntervalMs, pids: () => session.pids });
        sampler.start();
        try {
          const rep = await session.runRepetition(taskArgs, new AbortController().signal);
          if (rep.failures.length > 0) throw new Error(`workers mode: ${rep.failures[0].message}`);
          return rep.endedAt - rep.startedAt;
        } finally {
          sampler.stop();
        }
      };
      const bare = async (): Promise<number> => {
        const t0 = performance.now();
        await Promise.all(Array.from({ length: tasks }, (_, i) => pool.run(i)));
        return performance.now() - t0;
      };
      await engine(); // warm-ups, as the engine's
      await bare();
      const a: number[] = [];
      const b: number[] = [];
      const started = performance.now();
      const pairs = ctx.quick ? 1 : MAX_PAIRS;
      for (let i = 0; i < pairs; i++) {
        if (i >= MIN_PAIRS && performance.now() - started > this.budgetMs * 0.8) break;
        if (i % 2 === 0) {
          a.push(await engine());
          b.push(await bare());
        } else {
          b.push(await bare());
          a.push(await engine());
        }
      }
      const tool = median(a);
      const base = median(b);
      // Paired: each engine repetition against the bare one beside it, under the same load.
      const ratio = median(a.map((x, i) => x / b[i]));
      const us = (ms: number) => round((ms * 1000) / tasks, 1);
      return [{
        name: '3. Dispatch cost',
        measured: `${us(tool)} µs/task in the workers mode vs ${us(base)} µs on bare piscina (medians; N = ${tasks}, K = ${ctx.workers}; ratio: median of ${a.length} paired repetitions)`,
        ratio,
        floor: { kind: 'max', value: 1.05 },
        detail: { tasks, workers: ctx.workers, ratioOfMedians: tool / base, argBytesPerTask: serialize([]).length, profilerMs: a, bareMs: b, profilerUsPerTask: us(tool), bareUsPerTask: us(base) },
      }];
    } finally {
      await session.close();
      await pool.destroy();
      await bundle.dispose();
    }
  },
};
