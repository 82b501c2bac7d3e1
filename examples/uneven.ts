// Uneven task sizes: task i costs (i + 1) units, so the longest lane decides the wall time.
// Try: parallelism-profiler examples/uneven.ts --function weightedWork --tasks 6 --args "[(i + 1) * 40]"
/** @profileArgs [(i + 1) * 40] */
export function weightedWork(ms: number): number {
  const end = performance.now() + ms;
  let x = 1;
  while (performance.now() < end) x = (x * 48271) % 2147483647;
  return x;
}

/** Three equal tasks on two workers: one worker runs two, so the speedup is capped at 1.5×. */
export class Batch {
  /** @profileArgs [200] */
  static equalTask(ms: number): number {
    return weightedWork(ms);
  }
}
