// The checks of one mode's results: its spreads and intervals, errors, console, tasks, CPU series,
// and the per-round records of the interleaved rounds. Called by validate.ts for every mode.
// No node, no vscode, no DOM: the webview compiles this file too.
import {
  BANDS, BYTES, COUNT, HEADLINES, INDEX, LINE, MODE_NAMES, MS, RATIO, REPORT_LIMITS, SHARE, STATUSES, STOP_REASONS, STREAMS, TASK_TIME,
  WARNING_KINDS, join, type Checker, type Obj,
} from './checker';
import { checkModeCpuProfile } from './cpuProfile';
import { checkPlacement } from './prediction';
import { checkQueue } from './queue';

import type { WarmupInfo } from '../report/report';
export function checkSpread(c: Checker, s: Obj, path: string): void {
  c.number(s, 'median', path, MS);
  c.number(s, 'min', path, MS);
  c.number(s, 'max', path, MS);
  const runs = c.array(s, 'runs', path, REPORT_LIMITS.runs, (v, p) => c.numberValue(v, p, MS));
  c.number(s, 'mean', path, MS, true);
  c.number(s, 'mad', path, MS, true);
  c.number(s, 'relativeSpread', path, RATIO, true);
  c.array(s, 'outliers', path, REPORT_LIMITS.runs, (v, p) => {
    c.numberValue(v, p, { max: Math.max(0, (runs?.length ?? REPORT_LIMITS.runs) - 1), integer: true });
  }, true);
  const { median, min, max } = s;
  if (typeof median === 'number' && typeof min === 'number' && typeof max === 'number' && !(min <= median && median <= max)) {
    c.fail(path, `must have min ≤ median ≤ max (got ${min}, ${median}, ${max})`);
  }
  if (runs && runs.length === 0) c.fail(join(path, 'runs'), 'must hold at least one run');
}

export function checkInterval(c: Checker, ci: Obj, path: string): void {
  c.number(ci, 'low', path, RATIO);
  c.number(ci, 'high', path, RATIO);
  c.keep(ci, 'level');
  if (ci.level !== 'range') c.number(ci, 'level', path, { min: 0, max: 1 });
  if (typeof ci.low === 'number' && typeof ci.high === 'number' && ci.low > ci.high) {
    c.fail(path, `must have low ≤ high (got ${ci.low}, ${ci.high})`);
  }
}

export function checkError(c: Checker, e: Obj, path: string): void {
  c.string(e, 'name', path);
  c.string(e, 'code', path);
  c.string(e, 'message', path);
  c.string(e, 'stack', path, true);
  c.string(e, 'file', path, true);
  c.number(e, 'line', path, LINE, true);
  c.number(e, 'column', path, LINE, true);
  c.number(e, 'task', path, INDEX, true);
}

export function checkConsole(c: Checker, con: Obj, path: string): void {
  c.array(con, 'lines', path, REPORT_LIMITS.consoleLines, (v, p) => {
    const line = c.object(v, p);
    if (!line) return;
    c.oneOf(line, 'stream', p, STREAMS);
    c.string(line, 'text', p);
    c.number(line, 'task', p, INDEX, true);
  });
  c.number(con, 'droppedLines', path, COUNT);
}

export function checkWarning(c: Checker, value: unknown, path: string): void {
  const w = c.object(value, path);
  if (!w) return;
  c.oneOf(w, 'kind', path, WARNING_KINDS);
  c.string(w, 'message', path);
  c.oneOf(w, 'mode', path, MODE_NAMES, true);
}

function checkTask(c: Checker, value: unknown, path: string): void {
  const t = c.object(value, path);
  if (!t) return;
  c.number(t, 'index', path, INDEX);
  c.number(t, 'lane', path, INDEX);
  c.number(t, 'dispatchMs', path, TASK_TIME, true);
  c.number(t, 'startMs', path, TASK_TIME);
  c.number(t, 'endMs', path, TASK_TIME);
  c.number(t, 'cpuMs', path, MS, true);
  c.number(t, 'waitMs', path, MS, true);
  c.number(t, 'argBytes', path, BYTES, true);
  c.number(t, 'resultBytes', path, BYTES, true);
  c.boolean(t, 'failed', path, true);
  if (typeof t.startMs === 'number' && typeof t.endMs === 'number' && t.endMs < t.startMs) {
    c.fail(path, `must not end before it starts (startMs ${t.startMs}, endMs ${t.endMs})`);
  }
}

export function checkCpu(c: Checker, cpu: Obj, path: string): void {
  c.number(cpu, 'intervalMs', path, { min: 0, max: REPORT_LIMITS.ms });
  const t = c.array(cpu, 't', path, REPORT_LIMITS.samples, (v, p) => c.numberValue(v, p, TASK_TIME));
  const samples = t?.length;
  const cores = c.array(cpu, 'cores', path, REPORT_LIMITS.cores, () => undefined);
  if (cores && samples !== undefined && cores.length * samples > REPORT_LIMITS.cpuCells) {
    c.fail(join(path, 'cores'), `must hold at most ${REPORT_LIMITS.cpuCells} samples in all (got ${cores.length} × ${samples})`);
  } else if (cores) {
    // A for loop, not forEach: forEach skips holes, which JSON then writes as null.
    for (let i = 0; i < cores.length; i++) {
      const series = cores[i];
      const p = `${join(path, 'cores')}[${i}]`;
      const values = c.arrayValue(series, p, REPORT_LIMITS.samples, (v, q) => c.numberValue(v, q, { max: 100 }));
      if (values && samples !== undefined && values.length !== samples) {
        c.fail(p, `must hold one value per sample time (${samples}, got ${values.length})`);
      }
    }
  }
  const proc = c.array(cpu, 'process', path, REPORT_LIMITS.samples,
    (v, p) => c.numberValue(v, p, { max: 100 * REPORT_LIMITS.cores }), true);
  if (proc && samples !== undefined && proc.length !== samples) {
    c.fail(join(path, 'process'), `must hold one value per sample time (${samples}, got ${proc.length})`);
  }
  c.string(cpu, 'source', path, true);
}

export function checkMode(c: Checker, value: unknown, path: string): void {
  const m = c.object(value, path);
  if (!m) return;
  c.oneOf(m, 'mode', path, MODE_NAMES);
  c.oneOf(m, 'status', path, STATUSES);
  c.number(m, 'lanes', path, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true });
  c.number(m, 'chunk', path, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true }, true);
  // Only a completed mode has timings; the others may carry a partial record.
  c.child(m, 'wallMs', path, (s, p) => checkSpread(c, s, p), m.status !== 'completed');
  c.number(m, 'cpuMs', path, MS, true);
  c.number(m, 'engineBusyMs', path, MS, true);
  checkPlacement(c, m, path);
  c.number(m, 'coresBusy', path, { max: REPORT_LIMITS.cores * 100 }, true);
  c.number(m, 'speedup', path, RATIO, true);
  c.child(m, 'speedupCi', path, (ci, p) => checkInterval(c, ci, p), true);
  c.number(m, 'efficiency', path, RATIO, true);
  c.number(m, 'startupMs', path, MS, true);
  c.child(m, 'warmups', path, (w, p) => {
    c.number(w, 'count', p, { min: 0, max: 1000, integer: true });
    c.array(w, 'wallMs', p, 1000, (v, q) => c.numberValue(v, q, MS));
    c.oneOf(w, 'reason', p, WARMUP_REASONS);
    c.number(w, 'fromRounds', p, { min: 1, max: 1000, integer: true }, true);
    c.string(w, 'because', p, true);
    c.string(w, 'own', p, true);
    c.string(w, 'shared', p, true);
    c.string(w, 'message', p);
  }, true);
  c.array(m, 'tasks', path, REPORT_LIMITS.tasksPerMode, (v, p) => checkTask(c, v, p), true);
  c.number(m, 'tasksTotal', path, COUNT, true);
  c.child(m, 'cpu', path, (cpu, p) => checkCpu(c, cpu, p), true);
  c.child(m, 'utilisation', path, (u, p) => {
    c.number(u, 'share', p, SHARE);
    c.oneOf(u, 'band', p, BANDS);
  }, true);
  c.child(m, 'transfer', path, (tr, p) => {
    c.number(tr, 'argBytes', p, BYTES);
    c.number(tr, 'resultBytes', p, BYTES);
  }, true);
  c.child(m, 'error', path, (e, p) => checkError(c, e, p), true);
  c.array(m, 'failedTasks', path, REPORT_LIMITS.tasksPerMode, (v, p) => {
    const f = c.object(v, p);
    if (!f) return;
    c.number(f, 'index', p, INDEX);
    c.string(f, 'message', p);
    c.string(f, 'stack', p, true);
    c.string(f, 'name', p, true);
  }, true);
  c.child(m, 'console', path, (con, p) => checkConsole(c, con, p), true);
  c.array(m, 'warnings', path, REPORT_LIMITS.warnings, (v, p) => checkWarning(c, v, p), true);
  checkModeCpuProfile(c, m, path);
  c.child(m, 'loadAware', path, (la, p) => {
    c.number(la, 'speedup', p, RATIO);
    c.child(la, 'speedupCi', p, (ci, q) => checkInterval(c, ci, q), true);
    c.number(la, 'wallMs', p, MS);
    c.number(la, 'waitShare', p, SHARE);
  }, true);
  c.child(m, 'queue', path, (q, p) => checkQueue(c, q, p), true);
}

const WARMUP_REASONS: Record<WarmupInfo['reason'], true> = { fixed: true, steady: true, cap: true };

function checkRoundMode(c: Checker, value: unknown, path: string): void {
  const r = c.object(value, path);
  if (!r) return;
  c.oneOf(r, 'mode', path, MODE_NAMES);
  c.number(r, 'wallMs', path, MS);
  c.number(r, 'externalLoad', path, { max: REPORT_LIMITS.cores }, true);
  c.array(r, 'externalPerCore', path, REPORT_LIMITS.cores, (v, p) => c.numberValue(v, p, { max: 100 }), true);
  c.number(r, 'stealLoad', path, { max: REPORT_LIMITS.cores }, true);
  c.number(r, 'waitMs', path, MS, true);
  c.number(r, 'taskCpuMs', path, MS, true);
  c.number(r, 'taskMs', path, MS, true);
}

export function checkRounds(c: Checker, r: Obj, path: string): void {
  c.boolean(r, 'interleaved', path);
  c.array(r, 'rounds', path, REPORT_LIMITS.rounds, (value, p) => {
    const round = c.object(value, p);
    if (!round) return;
    c.array(round, 'order', p, 5, (v, q) => c.oneOfValue(v, q, MODE_NAMES));
    c.array(round, 'modes', p, 5, (v, q) => checkRoundMode(c, v, q));
    c.boolean(round, 'flagged', p, true);
  });
  c.child(r, 'stop', path, (st, p) => {
    c.oneOf(st, 'reason', p, STOP_REASONS);
    c.string(st, 'message', p);
    c.number(st, 'precision', p, { max: 1 });
    c.number(st, 'maxTimeMs', p, MS, true);
    c.number(st, 'elapsedMs', p, MS);
  });
  c.oneOf(r, 'headline', path, HEADLINES);
}

