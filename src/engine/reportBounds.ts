// Keeps a report small enough for the panel and a file: past these sizes the report holds an
// evenly spaced sample (failed tasks always kept) and says what was cut.
import type { CpuSeries, TaskRecord } from '../shared/report';

export const MAX_TASKS_IN_REPORT = 2000;
export const MAX_SAMPLES_IN_REPORT = 4000;

export function boundTasks(tasks: TaskRecord[]): { tasks: TaskRecord[]; total: number; cut: boolean } {
  if (tasks.length <= MAX_TASKS_IN_REPORT) return { tasks, total: tasks.length, cut: false };
  const failed = tasks.filter((t) => t.failed).slice(0, MAX_TASKS_IN_REPORT / 2);
  const room = MAX_TASKS_IN_REPORT - failed.length;
  const step = tasks.length / room;
  const kept = new Map<number, TaskRecord>();
  for (const t of failed) kept.set(t.index, t);
  for (let k = 0; k < room; k++) {
    const t = tasks[Math.floor(k * step)];
    kept.set(t.index, t);
  }
  return { tasks: [...kept.values()].sort((a, b) => a.index - b.index), total: tasks.length, cut: true };
}

/** Long runs: average neighbouring samples so at most MAX_SAMPLES_IN_REPORT remain. */
export function boundSeries(s: CpuSeries): CpuSeries {
  const n = s.t.length;
  if (n <= MAX_SAMPLES_IN_REPORT) return s;
  const factor = Math.ceil(n / MAX_SAMPLES_IN_REPORT);
  const pick = (xs: number[]) => {
    const out: number[] = [];
    for (let i = 0; i < n; i += factor) {
      const chunk = xs.slice(i, i + factor);
      out.push(chunk.reduce((a, b) => a + b, 0) / chunk.length);
    }
    return out;
  };
  const t: number[] = [];
  for (let i = 0; i < n; i += factor) t.push(s.t[Math.min(i + factor, n) - 1]);
  return {
    ...s,
    intervalMs: s.intervalMs * factor,
    t,
    cores: s.cores.map(pick),
    ...(s.process ? { process: pick(s.process) } : {}),
  };
}
