// What every benchmark gets: the machine's size, the worker count, a private bundle cache, and the
// shape of a benchmark (a name, a time budget, rows out).
import type { ProfileOptions } from '../src/engine';
import type { Row } from './table';

export interface BenchContext {
  /** Logical cores (os.availableParallelism()). */
  cores: number;
  /** K for the parallel modes: one per core, the profiler's default. */
  workers: number;
  /** A bundle cache of the bench's own, so other runs' caches do not affect it. */
  cacheDir: string;
  /** --quick: fewest pairs and smaller workloads, for checking the suite itself. */
  quick: boolean;
  /** Logs one progress line to stderr (the table goes to stdout). */
  log(message: string): void;
}

export interface Benchmark {
  /** Short id for --only. */
  id: string;
  /** How long it may take on the 2-core reference machine, ms; pairs stop being added past it. */
  budgetMs: number;
  run(ctx: BenchContext): Promise<Row[]>;
}

/** The options every profile in the bench shares, on top of the engine's defaults. */
export function baseOptions(ctx: BenchContext): Pick<ProfileOptions, 'cacheDir' | 'workers' | 'timeoutMs'> {
  return { cacheDir: ctx.cacheDir, workers: ctx.workers, timeoutMs: 300_000 };
}
