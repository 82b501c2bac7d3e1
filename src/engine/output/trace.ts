// `--trace`: Chrome Trace Event JSON (object form) that Perfetto, chrome://tracing and speedscope open.
// One process track per mode, one thread track per lane, one complete slice per task, a counter per core.
// Times are integer microseconds (a fractional `dur` has hung speedscope), the modes are laid one
// after another so they never overlap, and slices on a lane are clipped so they always nest.
import { laneLabel, modeLabel } from '../../shared/wording/format';
import type { ModeResult, Report, TaskRecord } from '../../shared/report/report';

export interface TraceEvent {
  name: string;
  ph: 'X' | 'M' | 'C';
  /** Microseconds, integer. */
  ts: number;
  /** Microseconds, integer ≥ 1; complete ('X') events only. */
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: Record<string, string | number | boolean>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

/** The thread id of the counter and sampler track in each mode's process (lanes use lane + 1). */
const SAMPLES_TID = 0;

const us = (ms: number): number => Math.round(ms * 1000);

/** Earliest and latest time the mode's record touches, ms from its repetition's start. */
function extent(m: ModeResult): { start: number; end: number } {
  let start = 0;
  let end = m.wallMs?.median ?? 0;
  for (const t of m.tasks ?? []) {
    start = Math.min(start, t.dispatchMs ?? t.startMs, t.startMs);
    end = Math.max(end, t.endMs);
  }
  const times = m.cpu?.t ?? [];
  if (times.length > 0) {
    start = Math.min(start, times[0] - (m.cpu?.intervalMs ?? 0));
    end = Math.max(end, times[times.length - 1]);
  }
  return { start, end };
}

function metadata(name: 'process_name' | 'process_sort_index' | 'thread_name' | 'thread_sort_index', pid: number, tid: number, value: string | number): TraceEvent {
  const args: Record<string, string | number> = typeof value === 'string' ? { name: value } : { sort_index: value };
  return { name, ph: 'M', ts: 0, pid, tid, args };
}

/** Task slices of one lane, in start order, each clipped to begin no earlier than the previous one ended. */
function laneSlices(events: TraceEvent[], tasks: TaskRecord[], pid: number, tid: number, originUs: number): void {
  let cursor = -Infinity;
  for (const t of [...tasks].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)) {
    const ts = Math.max(originUs + us(t.startMs), cursor);
    const end = Math.max(originUs + us(t.endMs), ts + 1);
    const args: Record<string, number | boolean> = { index: t.index, startMs: t.startMs, endMs: t.endMs };
    if (t.dispatchMs !== undefined) args.queuedMs = Math.max(0, t.startMs - t.dispatchMs);
    if (t.cpuMs !== undefined) args.cpuMs = t.cpuMs;
    if (t.argBytes !== undefined) args.argBytes = t.argBytes;
    if (t.resultBytes !== undefined) args.resultBytes = t.resultBytes;
    args.failed = t.failed === true;
    events.push({ name: `task ${t.index}`, cat: 'task', ph: 'X', ts, dur: end - ts, pid, tid, args });
    cursor = end;
  }
}

/** Counter samples; each value is drawn from the start of its interval (t is the interval's end). */
function counters(events: TraceEvent[], m: ModeResult, pid: number, originUs: number): void {
  const cpu = m.cpu;
  if (!cpu || cpu.t.length === 0) return;
  const startOf = (s: number): number => originUs + us(Math.max(cpu.t[s] - cpu.intervalMs, s > 0 ? cpu.t[s - 1] : -Infinity));
  const endUs = originUs + us(cpu.t[cpu.t.length - 1]);
  const track = (name: string, key: string, values: number[]): void => {
    for (let s = 0; s < cpu.t.length && s < values.length; s++) {
      events.push({ name, cat: 'cpu', ph: 'C', ts: startOf(s), pid, tid: SAMPLES_TID, args: { [key]: Math.round(values[s] * 10) / 10 } });
    }
    // Nothing was measured after the last sample: end the track instead of stretching its last value.
    events.push({ name, cat: 'cpu', ph: 'C', ts: endUs, pid, tid: SAMPLES_TID, args: { [key]: 0 } });
  };
  cpu.cores.forEach((values, core) => track(`cpu ${core}`, 'busy', values));
  if (cpu.process) track('profiled processes (% of one core)', 'percent', cpu.process);
}

/** The whole report as a trace object; `JSON.stringify` it to write the file. */
export function renderTrace(report: Report): TraceFile {
  const events: TraceEvent[] = [];
  const extents = report.modes.map(extent);
  const longest = Math.max(1, ...extents.map((e) => e.end - e.start));
  // A gap that reads as a gap at any zoom that fits the whole run.
  const gapMs = Math.max(1, longest * 0.05);
  let offsetMs = 0;

  report.modes.forEach((m, i) => {
    const pid = i + 1;
    const { start, end } = extents[i];
    // The mode's own time 0 lands at originUs, shifted so its earliest event is at offsetMs.
    const originUs = us(offsetMs - start);
    const label = `${modeLabel(m.mode)}${m.status === 'completed' ? '' : ` (${m.status})`}`;
    events.push(metadata('process_name', pid, SAMPLES_TID, label), metadata('process_sort_index', pid, SAMPLES_TID, i));
    events.push(metadata('thread_name', pid, SAMPLES_TID, 'cpu samples'), metadata('thread_sort_index', pid, SAMPLES_TID, -1));

    const byLane = new Map<number, TaskRecord[]>();
    for (const t of m.tasks ?? []) {
      const list = byLane.get(t.lane) ?? [];
      list.push(t);
      byLane.set(t.lane, list);
    }
    for (const lane of [...byLane.keys()].sort((a, b) => a - b)) {
      const tid = lane + 1;
      events.push(metadata('thread_name', pid, tid, laneLabel(m.mode, lane, m.lanes)), metadata('thread_sort_index', pid, tid, lane));
      laneSlices(events, byLane.get(lane) ?? [], pid, tid, originUs);
    }
    // Appended in place: spreading 100k events into push() overflows the call stack.
    counters(events, m, pid, originUs);
    offsetMs += end - start + gapMs;
  });

  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    otherData: {
      tool: `${report.tool.name} ${report.tool.version}`,
      function: `${report.function.name} (${report.function.file}:${report.function.line})`,
      createdAt: report.createdAt,
      note: 'Modes ran one after another; each is placed after the previous on this time axis, so gaps between modes are not measured time.',
    },
  };
}
