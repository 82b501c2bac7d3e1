// 4. Accuracy of the speedup: the workers-mode speedup profile() reports against one measured
// independently by plain Node processes (no profiler) running the same bundle: a bare loop, and K raw
// worker_threads pulling tasks. Alternating; the row is |reported / independent − 1|.
import { profile } from '../src/engine';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark } from './context';
import { workloadFile } from './paths';
import { runPlain } from './plainProcess';
import { alternate, median, round } from './sideBySide';
import { bundleWorkload } from './workloadBundle';

const TASK_MS = 100;
const REPEAT = 3;

export const accuracy: Benchmark = {
  id: 'accuracy',
  budgetMs: 60_000,
  async run(ctx) {
    const tasks = 4 * ctx.workers;
    const iterations = crunchIterationsFor(ctx.quick ? 30 : TASK_MS);
    const bundle = await bundleWorkload('cpu', 'crunch', ctx.cacheDir);
    try {
      const args = Array.from({ length: tasks }, () => [iterations]);
      const plain = { bundlePath: bundle.load.bundlePath, exportName: bundle.load.exportName, args, warmup: 1, repeat: REPEAT };
      const pairs = await alternate(
        { minPairs: ctx.quick ? 1 : 3, maxPairs: ctx.quick ? 1 : 5, budgetMs: this.budgetMs },
        async () => {
          const r = await profile({
            ...baseOptions(ctx), file: workloadFile('cpu'), functionName: 'crunch',
            tasks, modes: ['sequential', 'workers'], args: `[${iterations}]`, repeat: REPEAT, warmup: 1,
          });
          const w = r.modes.find((m) => m.mode === 'workers');
          if (w?.speedup === undefined) throw new Error(`workers mode gave no speedup: ${w?.error?.message ?? r.modes[0].error?.message}`);
          return w.speedup;
        },
        async () => {
          const loop = median(await runPlain({ ...plain, how: 'loop' }));
          const threads = median(await runPlain({ ...plain, how: 'threads', threads: ctx.workers }));
          return loop / threads;
        },
      );
      const tool = median(pairs.a);
      const independent = median(pairs.b);
      return [{
        name: '4. Accuracy of the speedup',
        measured: `reported ${round(tool, 3)}× vs independent ${round(independent, 3)}× (N = ${tasks}, K = ${ctx.workers}, ${pairs.a.length} pairs)`,
        ratio: Math.abs(tool / independent - 1),
        floor: { kind: 'max', value: 0.05 },
        detail: { tasks, workers: ctx.workers, iterations, reported: pairs.a, independent: pairs.b },
      }];
    } finally {
      await bundle.dispose();
    }
  },
};
