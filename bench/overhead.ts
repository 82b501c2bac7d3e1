// 2. Overhead on the function: the sequential mode's time per task against the same bundle timed in
// a bare loop in a plain Node process (no profiler), alternating, 10 ms tasks (the claim's lower end).
import { profile } from '../src/engine';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark } from './context';
import { workloadFile } from './paths';
import { runPlain } from './plainProcess';
import { alternate, median, round } from './sideBySide';
import { bundleWorkload } from './workloadBundle';

const TASK_MS = 10;
const TASKS = 20;
const REPEAT = 5;

export const overhead: Benchmark = {
  id: 'overhead',
  budgetMs: 45_000,
  async run(ctx) {
    const iterations = crunchIterationsFor(TASK_MS);
    const bundle = await bundleWorkload('cpu', 'crunch', ctx.cacheDir);
    try {
      const args = Array.from({ length: TASKS }, () => [iterations]);
      const pairs = await alternate(
        { minPairs: ctx.quick ? 1 : 3, maxPairs: ctx.quick ? 1 : 9, budgetMs: this.budgetMs },
        async () => {
          const r = await profile({
            ...baseOptions(ctx), file: workloadFile('cpu'), functionName: 'crunch',
            tasks: TASKS, modes: ['sequential'], args: `[${iterations}]`, repeat: REPEAT, warmup: 1,
          });
          const seq = r.modes[0];
          if (!seq.wallMs) throw new Error(`sequential mode did not complete: ${seq.error?.message}`);
          return seq.wallMs.median / TASKS;
        },
        async () => median(await runPlain({ bundlePath: bundle.load.bundlePath, exportName: bundle.load.exportName, how: 'loop', args, warmup: 1, repeat: REPEAT })) / TASKS,
      );
      const tool = median(pairs.a);
      const plain = median(pairs.b);
      return [{
        name: '2. Overhead on the function',
        measured: `${round(tool, 3)} ms/task in the sequential mode vs ${round(plain, 3)} ms in a bare loop (${pairs.a.length} pairs)`,
        ratio: tool / plain,
        floor: { kind: 'max', value: 1.03 },
        detail: { taskMs: TASK_MS, tasks: TASKS, iterations, profilerMsPerTask: pairs.a, plainMsPerTask: pairs.b, pairRatios: pairs.a.map((a, i) => a / pairs.b[i]) },
      }];
    } finally {
      await bundle.dispose();
    }
  },
};
