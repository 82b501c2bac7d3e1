// Bounds on what one chart draws, so a huge report (long series, 10,000 tasks) renders in
// bounded time. Whatever is cut is said next to the chart.

import type { TaskRecord } from '../../src/shared/report/report';

export const MAX_POINTS_PER_CHART = 2000;
export const MAX_TASKS_DRAWN = 1500;
export const MAX_LANES_DRAWN = 64;
export const MAX_CORE_LINES = 64;

export interface Point { x: number; y: number }

/**
 * Averages `y` over equal buckets of samples so at most `max` points remain. Averaging (not
 * picking) keeps utilisation honest: the area under the line is unchanged.
 */
export function downsampleMean(t: readonly number[], y: readonly number[], max: number): Point[] {
  const n = Math.min(t.length, y.length);
  const out: Point[] = [];
  if (n <= max) {
    for (let i = 0; i < n; i++) if (Number.isFinite(t[i]) && Number.isFinite(y[i])) out.push({ x: t[i], y: y[i] });
    return out;
  }
  const size = n / max;
  for (let b = 0; b < max; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let sum = 0;
    let count = 0;
    for (let i = from; i < to; i++) if (Number.isFinite(y[i])) { sum += y[i]; count++; }
    if (count > 0 && Number.isFinite(t[to - 1])) out.push({ x: t[to - 1], y: sum / count });
  }
  return out;
}

/** Every k-th task so at most `max` remain, keeping the timeline's shape across the whole run. */
export function sampleTasks(tasks: readonly TaskRecord[], max: number): { tasks: TaskRecord[]; step: number } {
  if (tasks.length <= max) return { tasks: tasks.slice(), step: 1 };
  const step = Math.ceil(tasks.length / max);
  const out: TaskRecord[] = [];
  for (let i = 0; i < tasks.length; i += step) out.push(tasks[i]);
  // A failure is what a user looks for: keep every failed task, within the cap.
  for (let i = 0; i < tasks.length && out.length < max * 1.2; i++) if (tasks[i].failed && i % step !== 0) out.push(tasks[i]);
  return { tasks: out, step };
}

/**
 * Tasks in flight over time (a step function), from every task's start and end: what the lanes
 * were doing while the cores were sampled.
 */
export function concurrency(tasks: readonly TaskRecord[], max: number): Point[] {
  const events: [number, number][] = [];
  for (const task of tasks) {
    if (!Number.isFinite(task.startMs) || !Number.isFinite(task.endMs)) continue;
    events.push([task.startMs, 1], [Math.max(task.startMs, task.endMs), -1]);
  }
  // Ends before starts at the same instant, so back-to-back tasks do not count twice.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const steps: Point[] = [{ x: 0, y: 0 }];
  let level = 0;
  for (const [time, delta] of events) {
    level += delta;
    const last = steps[steps.length - 1];
    if (last.x === time) last.y = level;
    else steps.push({ x: time, y: level });
  }
  if (steps.length <= max) return steps;
  // Too many steps: the busiest level per bucket keeps the band's outline visible.
  const out: Point[] = [];
  const size = steps.length / max;
  for (let b = 0; b < max; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(steps.length, Math.floor((b + 1) * size));
    let peak = 0;
    for (let i = from; i < to; i++) peak = Math.max(peak, steps[i].y);
    out.push({ x: steps[from].x, y: peak });
  }
  return out;
}
