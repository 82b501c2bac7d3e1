// Keeps a report small enough for the panel and a file: past these sizes the report holds an
// evenly spaced sample (failed tasks always kept) and says what was cut.
import type { CpuSeries, TaskRecord } from '../../shared/report/report';

export const MAX_TASKS_IN_REPORT = 2000;
export const MAX_SAMPLES_IN_REPORT = 4000;

export interface BoundedTasks {
  tasks: TaskRecord[];
  /** Tasks that ran. */
  total: number;
  /** True when `tasks` is a sample. */
  cut: boolean;
}

/**
 * Which tasks the report keeps, given the recorded task indices (ascending) and which failed: all of
 * them up to MAX_TASKS_IN_REPORT, else the failed ones (up to half the room) and an evenly spaced
 * sample of the rest. Indices, ascending.
 */
export function boundTaskIndices(indices: readonly number[], failed: (index: number) => boolean): { keep: number[]; total: number; cut: boolean } {
  const total = indices.length;
  if (total <= MAX_TASKS_IN_REPORT) return { keep: [...indices], total, cut: false };
  const kept = new Set<number>();
  for (const i of indices) {
    if (kept.size >= MAX_TASKS_IN_REPORT / 2) break;
    if (failed(i)) kept.add(i);
  }
  const room = MAX_TASKS_IN_REPORT - kept.size;
  const step = total / room;
  for (let k = 0; k < room; k++) kept.add(indices[Math.floor(k * step)]);
  return { keep: [...kept].sort((a, b) => a - b), total, cut: true };
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
