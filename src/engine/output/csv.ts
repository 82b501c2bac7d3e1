// `--csv`: one row per mode, per task and per sweep point, in RFC 4180 (CRLF, quoted where needed).
// Text cells starting with = + - @ (or a tab or carriage return) get a leading apostrophe, so a
// spreadsheet shows a thrown message such as "=HYPERLINK(…)" as text instead of running it as a formula.
import type { ModeResult, Report, TaskFailure, TaskRecord } from '../../shared/report/report';

export const CSV_COLUMNS = [
  'kind', 'mode', 'status', 'workers', 'task', 'lane',
  'wall_median_ms', 'wall_min_ms', 'wall_max_ms', 'cpu_ms', 'cores_busy',
  'speedup', 'speedup_ci_low', 'speedup_ci_high', 'efficiency', 'utilisation', 'startup_ms',
  'dispatch_ms', 'start_ms', 'end_ms', 'task_cpu_ms', 'arg_bytes', 'result_bytes', 'failed', 'error_name', 'message',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | boolean | undefined>>;

/** Numbers rounded to a nanosecond (ms values) or 1e-6 (ratios): enough, without 0.30000000000000004. */
function numberCell(n: number): string {
  if (!Number.isFinite(n)) return '';
  return String(Math.round(n * 1e6) / 1e6);
}

/** A text cell, defused against formula injection and quoted per RFC 4180. */
export function csvText(text: string): string {
  const defused = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

function cell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return numberCell(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvText(value);
}

function line(row: Row): string {
  return CSV_COLUMNS.map((c) => cell(row[c])).join(',');
}

function modeRow(m: ModeResult): Row {
  return {
    kind: 'mode', mode: m.mode, status: m.status, workers: m.lanes,
    wall_median_ms: m.wallMs?.median, wall_min_ms: m.wallMs?.min, wall_max_ms: m.wallMs?.max,
    cpu_ms: m.cpuMs, cores_busy: m.coresBusy, speedup: m.speedup,
    speedup_ci_low: m.speedupCi?.low, speedup_ci_high: m.speedupCi?.high,
    efficiency: m.efficiency, utilisation: m.utilisation?.share, startup_ms: m.startupMs,
    arg_bytes: m.transfer?.argBytes, result_bytes: m.transfer?.resultBytes,
    failed: m.failedTasks && m.failedTasks.length > 0 ? true : undefined,
    error_name: m.error?.name, message: m.error?.message,
  };
}

function taskRow(m: ModeResult, t: TaskRecord, failure: TaskFailure | undefined): Row {
  return {
    kind: 'task', mode: m.mode, status: t.failed || failure ? 'failed' : 'completed', task: t.index, lane: t.lane,
    dispatch_ms: t.dispatchMs, start_ms: t.startMs, end_ms: t.endMs, task_cpu_ms: t.cpuMs,
    arg_bytes: t.argBytes, result_bytes: t.resultBytes, failed: t.failed ?? (failure ? true : false),
    error_name: failure?.name, message: failure?.message,
  };
}

/** The whole report as CSV text (header first, CRLF line ends, a final CRLF). */
export function renderCsv(report: Report): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const m of report.modes) {
    lines.push(line(modeRow(m)));
    const failures = new Map((m.failedTasks ?? []).map((f) => [f.index, f]));
    const recorded = new Set<number>();
    for (const t of m.tasks ?? []) {
      recorded.add(t.index);
      lines.push(line(taskRow(m, t, failures.get(t.index))));
    }
    // A failure whose timing was not kept (tasks sampled, or the lane died) still gets its row.
    for (const f of m.failedTasks ?? []) {
      if (!recorded.has(f.index)) {
        lines.push(line({ kind: 'task', mode: m.mode, status: 'failed', task: f.index, failed: true, error_name: f.name, message: f.message }));
      }
    }
  }
  for (const p of report.sweep ?? []) {
    const wall = typeof p.wallMs === 'number' ? { median: p.wallMs, min: undefined, max: undefined } : p.wallMs;
    lines.push(line({
      kind: 'sweep', mode: 'workers', status: 'completed', workers: p.workers,
      wall_median_ms: wall.median, wall_min_ms: wall.min, wall_max_ms: wall.max,
      speedup: p.speedup, efficiency: p.efficiency,
    }));
  }
  return `${lines.join('\r\n')}\r\n`;
}
