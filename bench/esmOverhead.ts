// 9. An ES module at its true speed: the sequential mode's time per task on an .mts source against
// the same source as a plain ES module (esbuild's transform of that one file, nothing else) timed
// in a bare loop in a plain Node process, alternating, 10 ms tasks. Loading ES code as CommonJS
// cost 6-7% on a call-heavy loop (NOTES); the floor allows 3%.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import { profile } from '../src/engine';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type Benchmark } from './context';
import { REPO_ROOT } from './paths';
import { runPlain } from './plainProcess';
import { alternate, median, round } from './sideBySide';

const TASK_MS = 10;
const TASKS = 20;
const REPEAT = 5;
const SOURCE = path.join(REPO_ROOT, 'bench', 'workloads', 'esm', 'crunch.mts');

export const esmOverhead: Benchmark = {
  id: 'esm',
  budgetMs: 45_000,
  async run(ctx) {
    const iterations = crunchIterationsFor(TASK_MS);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof Esbuild;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-bench-esm-'));
    const plainModule = path.join(dir, 'crunch.mjs');
    fs.writeFileSync(plainModule, esbuild.transformSync(fs.readFileSync(SOURCE, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' }).code);
    try {
      const args = Array.from({ length: TASKS }, () => [iterations]);
      let format: string | undefined;
      const pairs = await alternate(
        { minPairs: ctx.quick ? 1 : 3, maxPairs: ctx.quick ? 1 : 9, budgetMs: this.budgetMs },
        async () => {
          const r = await profile({
            ...baseOptions(ctx), file: SOURCE, functionName: 'crunch',
            tasks: TASKS, modes: ['sequential'], args: `[${iterations}]`, repeat: REPEAT, warmup: 1,
          });
          format = r.bundle?.format;
          if (format !== 'esm') throw new Error(`the profiler loaded ${SOURCE} as ${format}, not as an ES module`);
          const seq = r.modes[0];
          if (!seq.wallMs) throw new Error(`sequential mode did not complete: ${seq.error?.message}`);
          return seq.wallMs.median / TASKS;
        },
        async () => median(await runPlain({ bundlePath: plainModule, exportName: 'crunch', module: 'esm', direct: true, how: 'loop', args, warmup: 1, repeat: REPEAT })) / TASKS,
      );
      const tool = median(pairs.a);
      const plain = median(pairs.b);
      return [{
        name: '9. ES module at its true speed',
        measured: `${round(tool, 3)} ms/task in the sequential mode (loaded as ${format}) vs ${round(plain, 3)} ms as a plain ES module in a bare loop (${pairs.a.length} pairs)`,
        ratio: tool / plain,
        floor: { kind: 'max', value: 1.03 },
        detail: { taskMs: TASK_MS, tasks: TASKS, iterations, profilerMsPerTask: pairs.a, plainMsPerTask: pairs.b, pairRatios: pairs.a.map((a, i) => a / pairs.b[i]) },
      }];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
