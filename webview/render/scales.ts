// Scales shared across modes, so small multiples compare at a glance: every per-mode chart uses
// the same time axis (the longest mode's duration).

import type { ModeResult, Report } from '../../src/shared/report/report';

/** The longest completed repetition's span, ms: the x range every per-mode chart uses. */
export function sharedDurationMs(report: Report): number {
  let max = 0;
  for (const m of report.modes) max = Math.max(max, modeDurationMs(m));
  return niceCeil(max > 0 ? max : 1);
}

/** The next round number at or above x (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten), for clean axis ends. */
export function niceCeil(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const f of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (f * power >= x) return f * power;
  return 10 * power;
}

/** A label on several lines, so category axes need not tilt: 'async-interleaved' → ['async-', 'interleaved']. */
export function wrapLabel(label: string): string[] {
  return label.split(/(?<=[-\s])/).map((part) => part.trim()).filter(Boolean);
}

export function modeDurationMs(m: ModeResult): number {
  let max = 0;
  const t = m.cpu?.t;
  if (t && t.length > 0 && Number.isFinite(t[t.length - 1])) max = t[t.length - 1];
  for (const task of m.tasks ?? []) if (Number.isFinite(task.endMs) && task.endMs > max) max = task.endMs;
  if (max === 0 && m.wallMs && Number.isFinite(m.wallMs.median)) max = m.wallMs.median;
  return max;
}

/** Tick labels for a ms axis that may span µs to minutes. */
export function msTick(value: number | string): string {
  const v = Number(value);
  if (!Number.isFinite(v)) return String(value);
  if (Math.abs(v) >= 10_000) return `${(v / 1000).toFixed(0)} s`;
  if (Math.abs(v) >= 1000) return `${(v / 1000).toFixed(1)} s`;
  return `${Math.round(v * 100) / 100} ms`;
}
