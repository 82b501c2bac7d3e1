// How every number looks, in one place: the CLI table, the CSV's labels, the trace's track names
// and the panel all call these, so "412 ms [398–431]" reads the same everywhere.
// No node, no vscode, no DOM: the webview compiles this file too.
import type { Interval, ModeName, ModeStatus, Spread, UtilisationBand } from '../report/report';

/** What a number that is missing or not finite shows as. */
export const NO_VALUE = '—';

type TimeUnit = 'µs' | 'ms' | 's';
const UNIT_FACTOR: Record<TimeUnit, number> = { µs: 1000, ms: 1, s: 0.001 };

/** Decimals that give about three significant digits for a value already in its display unit. */
function decimalsFor(value: number): number {
  const a = Math.abs(value);
  if (a >= 100) return 0;
  if (a >= 10) return 1;
  return 2;
}

/**
 * The unit a duration shows in, chosen after rounding so that 999.7 ms becomes "1.00 s", not "1000 ms".
 * Seconds stay seconds past a minute: a profile is rarely that long, and one unit keeps columns comparable.
 */
function timeUnitFor(ms: number): { unit: TimeUnit; decimals: number } {
  const a = Math.abs(ms);
  if (a === 0) return { unit: 'ms', decimals: 0 };
  const us = a * 1000;
  if (us < 999.5) return { unit: 'µs', decimals: decimalsFor(Number(us.toFixed(decimalsFor(us)))) };
  if (a < 999.5) return { unit: 'ms', decimals: decimalsFor(Number(a.toFixed(decimalsFor(a)))) };
  const s = a / 1000;
  return { unit: 's', decimals: decimalsFor(Number(s.toFixed(decimalsFor(s)))) };
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function inUnit(ms: number, unit: TimeUnit, decimals: number): string {
  const v = ms * UNIT_FACTOR[unit];
  const text = v.toFixed(decimals);
  // "-0" after rounding a tiny negative reads as a bug.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A duration in milliseconds: "42.0 µs", "4.12 ms", "412 ms", "1.93 s", "125 s". */
export function formatMs(ms: number | undefined): string {
  if (!isNumber(ms)) return NO_VALUE;
  const { unit, decimals } = timeUnitFor(ms);
  return `${inUnit(ms, unit, decimals)} ${unit}`;
}

/**
 * A time limit or an elapsed time the user set or waits on, in the fewest digits: "2 s", "1.5 s",
 * "500 ms". Unlike formatMs it drops trailing zeros: "timed out after 2 s", not "after 2.00 s".
 */
export function formatLimit(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Median with its range, all in the median's unit: "412 ms [398–431]". */
export function formatSpread(spread: Pick<Spread, 'median' | 'min' | 'max'> | undefined): string {
  if (!spread || !isNumber(spread.median)) return NO_VALUE;
  const { unit, decimals } = timeUnitFor(spread.median);
  const median = inUnit(spread.median, unit, decimals);
  if (!isNumber(spread.min) || !isNumber(spread.max)) return `${median} ${unit}`;
  return `${median} ${unit} [${inUnit(spread.min, unit, decimals)}–${inUnit(spread.max, unit, decimals)}]`;
}

/** A plain number to about three significant digits: 1.93, 12.3, 412. */
export function formatNumber(x: number | undefined): string {
  if (!isNumber(x)) return NO_VALUE;
  const text = x.toFixed(decimalsFor(Number(x.toFixed(decimalsFor(x)))));
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A speedup or any ratio against the sequential mode: "1.93×". */
export function formatSpeedup(x: number | undefined): string {
  if (!isNumber(x)) return NO_VALUE;
  return `${formatNumber(x)}×`;
}

/** "1.85–2.01 (95% CI)", or "(min–max)" when the interval was built from the range only. */
export function formatInterval(ci: Interval | undefined, format: (x: number) => string = formatNumber): string {
  if (!ci || !isNumber(ci.low) || !isNumber(ci.high)) return NO_VALUE;
  const level = ci.level === 'range' ? 'min–max' : `${formatPercent(ci.level)} CI`;
  return `${format(ci.low)}–${format(ci.high)} (${level})`;
}

/** A speedup with its interval, compact enough for a table cell: "1.93× [1.85–2.01]". */
export function formatSpeedupWithInterval(x: number | undefined, ci: Interval | undefined): string {
  if (!isNumber(x)) return NO_VALUE;
  if (!ci || !isNumber(ci.low) || !isNumber(ci.high)) return formatSpeedup(x);
  return `${formatSpeedup(x)} [${formatNumber(ci.low)}–${formatNumber(ci.high)}]`;
}

/** A share where 1 is 100%: "87%", "4.2%", "0.35%". */
export function formatPercent(share: number | undefined): string {
  if (!isNumber(share)) return NO_VALUE;
  const pct = share * 100;
  if (pct === 0) return '0%';
  const a = Math.abs(pct);
  const decimals = a >= 9.95 ? 0 : a >= 0.995 ? 1 : 2;
  return `${pct.toFixed(decimals)}%`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * Bytes in powers of 1024, labelled KB/MB/GB as Node and the memoryLimitMb setting do: "512 B", "1.5 KB", "8.0 MB".
 */
export function formatBytes(n: number | undefined): string {
  if (!isNumber(n)) return NO_VALUE;
  if (n < 0) return `-${formatBytes(-n)}`;
  let value = n;
  let unit = 0;
  // Move up a unit when the rounded value would print as 1024 or more.
  while (unit < BYTE_UNITS.length - 1 && Number(value.toFixed(unit === 0 ? 0 : 1)) >= 1024) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

const MODE_LABELS: Record<ModeName, string> = {
  sequential: 'sequential',
  async: 'async-interleaved',
  workers: 'worker threads',
  processes: 'child processes',
  queue: 'BullMQ queue',
};

/** The mode as a user reads it: 'async' → 'async-interleaved'. */
export function modeLabel(mode: ModeName): string {
  return MODE_LABELS[mode] ?? String(mode);
}

/** A lane of a mode, 1-based for people: "thread 1", "async slot 3", "process 2". */
/** A lane's name; `localLanes` (the queue mode's K) tells its remote workers' lanes, numbered after the K, apart. */
export function laneLabel(mode: ModeName, lane: number, localLanes?: number): string {
  const n = lane + 1;
  switch (mode) {
    case 'async': return `async slot ${n}`;
    case 'processes': return `process ${n}`;
    case 'queue': return localLanes !== undefined && lane >= localLanes ? `remote queue lane ${lane - localLanes + 1}` : `queue lane ${n}`;
    default: return `thread ${n}`;
  }
}

const BAND_LABELS: Record<UtilisationBand, string> = {
  idle: 'idle (< ½ core)',
  poor: 'poor (≤ 50%)',
  ok: 'ok (51–85%)',
  ideal: 'ideal (86–100%)',
};

/** VTune's effective-utilisation bands, with the thresholds spelled out. */
export function bandLabel(band: UtilisationBand): string {
  return BAND_LABELS[band] ?? String(band);
}

const STATUS_LABELS: Record<ModeStatus, string> = {
  completed: 'ok',
  failed: 'failed',
  timeout: 'timed out',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

export function statusLabel(status: ModeStatus): string {
  return STATUS_LABELS[status] ?? String(status);
}
