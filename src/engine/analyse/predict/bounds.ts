// Cilkscale's bounds for a pool of tasks: work T₁ = the sum of the task times, span = the longest task
// plus the fixed cost of its message; on K lanes the speedup is at most min(K, N, T₁ ÷ span). Pure.
import type { PredictionBounds } from '../../../shared/report/report';

export function workSpan(taskMs: readonly number[], fixedMs: number): PredictionBounds {
  let work = 0;
  let longest = 0;
  for (const t of taskMs) {
    work += t;
    if (t > longest) longest = t;
  }
  const span = longest + Math.max(0, fixedMs);
  return { workMs: work, spanMs: span, parallelism: span > 0 ? work / span : taskMs.length, tasks: taskMs.length };
}

/** The ceiling on K lanes, and which of the three bounds sets it. */
export function speedupBound(b: PredictionBounds, workers: number): { bound: number; by: 'cores' | 'tasks' | 'span' } {
  const options = [
    { bound: workers, by: 'cores' as const },
    { bound: b.tasks, by: 'tasks' as const },
    { bound: b.parallelism, by: 'span' as const },
  ];
  return options.reduce((a, c) => (c.bound < a.bound ? c : a));
}
