// 3. Dispatch cost: N no-op tasks in the workers mode (measureMode, as profile() runs it: the CPU
// sampler on, per-task timing, arguments and results serialised) against N no-op tasks submitted
// all at once to a bare piscina pool of the same K threads, alternating. Also µs per task.
import { serialize } from 'node:v8';
import Piscina from 'piscina';
import { measureMode } from '../src/engine/measureMode';
import { baseOptions, type Benchmark } from './context';
import { benchScript } from './paths';
import { alternate, median, round } from './sideBySide';
import { bundleWorkload } from './workloadBundle';

const TASKS = 4000;
const REPEAT = 5;

async function barePool(threads: number, tasks: number): Promise<number> {
  const pool = new Piscina({ filename: benchScript('bareWorker'), minThreads: threads, maxThreads: threads, idleTimeout: 2 ** 31 - 1 });
  try {
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: tasks }, (_, i) => pool.run(i)));
      return performance.now() - t0;
    };
    await once(); // warm-up, as the engine's
    const wall: number[] = [];
    for (let r = 0; r < REPEAT; r++) wall.push(await once());
    return median(wall);
  } finally {
    await pool.destroy();
  }
}

export const dispatch: Benchmark = {
  id: 'dispatch',
  budgetMs: 30_000,
  async run(ctx) {
    const tasks = ctx.quick ? 500 : TASKS;
    const bundle = await bundleWorkload('noop', 'noop', ctx.cacheDir);
    try {
      const taskArgs = Array.from({ length: tasks }, () => [] as unknown[]);
      const argBytes = taskArgs.map((a) => serialize(a).length);
      const pairs = await alternate(
        { minPairs: ctx.quick ? 1 : 3, maxPairs: ctx.quick ? 1 : 7, budgetMs: this.budgetMs },
        async () => {
          const { result } = await measureMode({
            mode: 'workers', load: bundle.load, lanes: ctx.workers, taskArgs, argBytes, warmup: 1, repeat: REPEAT,
            timeoutMs: baseOptions(ctx).timeoutMs as number, memoryLimitMb: 512, sampleIntervalMs: 50, cores: ctx.cores,
            signal: new AbortController().signal,
          });
          if (!result.wallMs) throw new Error(`workers mode did not complete: ${result.error?.message}`);
          return result.wallMs.median;
        },
        () => barePool(ctx.workers, tasks),
      );
      const tool = median(pairs.a);
      const bare = median(pairs.b);
      const us = (ms: number) => round((ms * 1000) / tasks, 1);
      return [{
        name: '3. Dispatch cost',
        measured: `${us(tool)} µs/task in the workers mode vs ${us(bare)} µs on bare piscina (N = ${tasks}, K = ${ctx.workers}, ${pairs.a.length} pairs)`,
        ratio: tool / bare,
        floor: { kind: 'max', value: 1.1 },
        detail: { tasks, workers: ctx.workers, profilerMs: pairs.a, bareMs: pairs.b, profilerUsPerTask: us(tool), bareUsPerTask: us(bare) },
      }];
    } finally {
      await bundle.dispose();
    }
  },
};
