// The panel checks a live snapshot before drawing it, as it checks a report: numbers are finite,
// arrays within LiveState's bounds, names among the known ones. What fails is not drawn.
import { ALL_MODES, type ModeName } from '../report/report';
import { LIVE_TASK_FIELDS, RUNNING_FIELDS } from '../live/events';
import { MAX_LIVE_CORES, MAX_LIVE_LANES, MAX_LIVE_SAMPLES, MAX_LIVE_SPEEDUPS, MAX_LIVE_TASKS, type LiveSnapshot } from '../live/state';

const OUTCOMES = ['running', 'done', 'failed', 'cancelled'];
const STATUSES = ['completed', 'failed', 'timeout', 'skipped', 'cancelled'];

export function isLiveSnapshot(v: unknown): v is LiveSnapshot {
  const s = v as Partial<LiveSnapshot> | null;
  if (typeof s !== 'object' || s === null) return false;
  if (typeof s.functionName !== 'string' || s.functionName.length > 1000) return false;
  if (!Array.isArray(s.modes) || !s.modes.every(isMode) || s.modes.length > 4) return false;
  if (![s.tasks, s.workers, s.warmup, s.repeat, s.cores, s.sampleIntervalMs, s.startedAt, s.now].every(finite)) return false;
  if (!numbers(s.sweepWorkers, 64) || !OUTCOMES.includes(s.outcome as string)) return false;
  if (s.etaMs !== undefined && !finite(s.etaMs)) return false;
  if (s.etaKind !== undefined && !['about', 'at-least', 'at-most'].includes(s.etaKind)) return false;
  if (!Array.isArray(s.finished) || s.finished.length > 64) return false;
  for (const f of s.finished) {
    if (typeof f !== 'object' || f === null || !isMode(f.mode) || !finite(f.lanes) || !STATUSES.includes(f.status)) return false;
    for (const x of [f.medianMs, f.minMs, f.maxMs, f.speedup]) if (x !== undefined && !finite(x)) return false;
  }
  if (s.soFar !== undefined && !isSoFar(s.soFar)) return false;
  const cur = s.current;
  if (cur === undefined) return true;
  if (typeof cur !== 'object' || cur === null || !isMode(cur.mode) || !finite(cur.lanes) || !finite(cur.startedAt)) return false;
  const rep = cur.repetition;
  if (rep === undefined) return true;
  if (typeof rep !== 'object' || rep === null || ![rep.index, rep.of, rep.startedAt, rep.done, rep.failed, rep.taskStride].every(finite)) return false;
  if (rep.wallMs !== undefined && !finite(rep.wallMs)) return false;
  const cpu = rep.cpu;
  if (typeof cpu !== 'object' || cpu === null || !numbers(cpu.t, MAX_LIVE_SAMPLES) || !numbers(cpu.process, MAX_LIVE_SAMPLES)) return false;
  if (!Array.isArray(cpu.cores) || cpu.cores.length > MAX_LIVE_CORES || !cpu.cores.every((c) => numbers(c, MAX_LIVE_SAMPLES))) return false;
  if (!numbers(rep.running, MAX_LIVE_LANES * RUNNING_FIELDS) || rep.running.length % RUNNING_FIELDS !== 0) return false;
  return numbers(rep.tasks, MAX_LIVE_TASKS * 1.2 * LIVE_TASK_FIELDS) && rep.tasks.length % LIVE_TASK_FIELDS === 0 && numbers(rep.laneEnds, MAX_LIVE_LANES);
}

function isSoFar(x: unknown): boolean {
  const f = x as LiveSnapshot['soFar'] | null;
  if (typeof f !== 'object' || f === null || !finite(f.round) || !Array.isArray(f.speedups) || f.speedups.length > MAX_LIVE_SPEEDUPS) return false;
  return f.speedups.every((p) => typeof p === 'object' && p !== null && isMode(p.mode) && [p.lanes, p.speedup, p.rounds].every(finite)
    && (p.low === undefined) === (p.high === undefined) && (p.low === undefined || (finite(p.low) && finite(p.high))));
}

function isMode(m: unknown): m is ModeName {
  return (ALL_MODES as readonly unknown[]).includes(m);
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function numbers(xs: unknown, max: number): xs is number[] {
  return Array.isArray(xs) && xs.length <= max && xs.every(finite);
}
