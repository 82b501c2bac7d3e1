// Structural validation of a report that came from outside the engine (a file the user opens, a
// message from the host). Everything here only reads types and ranges: no text of a report is ever
// evaluated. Strings pass through as strings; whoever renders them escapes them. The top level and
// the verdict are checked here, each mode in validateModes.ts, with the machinery of reportChecker.ts.
// No node, no vscode, no DOM: the webview validates what it is sent with this same file.
import type { ErrorInfo, Report } from '../report/report';
import { checkComparison } from './comparison';
import { checkCpuProfileSettings } from './cpuProfile';
import { checkPrediction, checkUsl } from './prediction';
import {
  BOUNDS, BYTES, Checker, FINDING_KINDS, FUNCTION_KINDS, LINE, MAX_REPORT_BYTES, MODE_NAMES, MS, RATIO, REPORT_LIMITS, SEVERITIES, SHARE, describe, join, type Obj,
} from './checker';
import { checkConsole, checkError, checkInterval, checkMode, checkRounds, checkSpread, checkWarning } from './modes';

const FINDING_GROUPS: Record<'reason' | 'measurement' | 'context', true> = { reason: true, measurement: true, context: true };
const BASES: Record<'measured' | 'load-aware', true> = { measured: true, 'load-aware': true };

export { MAX_REPORT_BYTES, REPORT_LIMITS, Checker, join, type NumberRule, type Obj } from './checker';

export type ValidationResult = { ok: true; report: Report } | { ok: false; errors: string[] };

function checkSweepPoint(c: Checker, value: unknown, path: string): void {
  const s = c.object(value, path);
  if (!s) return;
  c.number(s, 'workers', path, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true });
  if (typeof s.wallMs === 'number' || s.wallMs === undefined) c.number(s, 'wallMs', path, MS);
  else c.child(s, 'wallMs', path, (w, p) => checkSpread(c, w, p));
  c.number(s, 'speedup', path, RATIO);
  c.number(s, 'efficiency', path, RATIO);
  // Karp–Flatt goes negative with superlinear speedup, so only finiteness is checked.
  c.number(s, 'karpFlatt', path, { min: -REPORT_LIMITS.ratio, max: REPORT_LIMITS.ratio }, true);
}

function checkVerdict(c: Checker, v: Obj, path: string): void {
  c.oneOf(v, 'bound', path, BOUNDS);
  c.keep(v, 'best');
  if (v.best !== null) c.oneOf(v, 'best', path, MODE_NAMES);
  c.string(v, 'summary', path);
  c.child(v, 'winner', path, (w, p) => {
    c.oneOf(w, 'mode', p, MODE_NAMES);
    c.number(w, 'speedup', p, RATIO);
    c.child(w, 'ci', p, (ci, q) => checkInterval(c, ci, q), true);
    c.oneOf(w, 'basis', p, BASES);
    c.number(w, 'ideal', p, RATIO);
    c.array(w, 'tiedWith', p, 4, (m, q) => c.oneOfValue(m, q, MODE_NAMES));
  }, true);
  c.array(v, 'findings', path, REPORT_LIMITS.findings, (value, p) => {
    const f = c.object(value, p);
    if (!f) return;
    c.oneOf(f, 'kind', p, FINDING_KINDS);
    c.oneOf(f, 'severity', p, SEVERITIES);
    c.string(f, 'message', p);
    // Issue 23's fields, absent from older reports.
    c.oneOf(f, 'group', p, FINDING_GROUPS, true);
    c.number(f, 'rank', p, { min: 1, max: REPORT_LIMITS.findings, integer: true }, true);
    c.string(f, 'line', p, true);
    c.array(f, 'modes', p, 4, (m, q) => c.oneOfValue(m, q, MODE_NAMES), true);
    c.child(f, 'effect', p, (e, ep) => {
      c.number(e, 'speedupWithout', ep, RATIO);
      c.number(e, 'shareOfGap', ep, SHARE);
    }, true);
    c.child(f, 'data', p, (data, dp) => {
      const keys = Object.keys(data);
      if (keys.length > 1000) {
        c.fail(dp, `must hold at most 1000 entries (got ${keys.length})`);
        return;
      }
      for (const key of keys) {
        c.keep(data, key);
        const d = data[key];
        const kp = join(dp, key.length > 64 ? `${key.slice(0, 64)}…` : key);
        if (typeof d === 'number') c.numberValue(d, kp, { min: -REPORT_LIMITS.bytes, max: REPORT_LIMITS.bytes });
        else if (typeof d === 'string') c.stringValue(d, kp);
        else if (typeof d !== 'boolean') c.fail(kp, `must be a number, string or boolean (got ${describe(d)})`);
      }
    }, true);
  });
}

function checkReport(c: Checker, r: Obj): void {
  c.keep(r, 'schemaVersion');
  if (r.schemaVersion !== 1) c.fail('schemaVersion', `must be 1 (got ${describe(r.schemaVersion)})`);
  c.string(r, 'createdAt', '');
  c.child(r, 'tool', '', (t, p) => {
    c.keep(t, 'name');
    if (t.name !== 'parallelism-profiler') c.fail(join(p, 'name'), `must be 'parallelism-profiler' (got ${describe(t.name)})`);
    c.string(t, 'version', p);
  });
  c.child(r, 'function', '', (f, p) => {
    c.string(f, 'name', p);
    c.string(f, 'file', p);
    c.number(f, 'line', p, LINE);
    c.number(f, 'column', p, LINE, true);
    c.boolean(f, 'async', p);
    c.oneOf(f, 'kind', p, FUNCTION_KINDS, true);
    c.string(f, 'className', p, true);
  });
  c.child(r, 'machine', '', (m, p) => {
    c.number(m, 'cores', p, { min: 1, max: REPORT_LIMITS.cores * 4, integer: true });
    c.string(m, 'cpuModel', p);
    c.string(m, 'platform', p);
    c.string(m, 'arch', p, true);
    c.string(m, 'node', p);
    c.number(m, 'memoryBytes', p, BYTES, true);
    c.string(m, 'electron', p, true);
    c.string(m, 'hostname', p, true);
  });
  c.child(r, 'settings', '', (s, p) => {
    c.number(s, 'tasks', p, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true });
    c.number(s, 'workers', p, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true });
    c.number(s, 'repeat', p, { min: 1, max: REPORT_LIMITS.runs, integer: true });
    c.number(s, 'warmup', p, { max: REPORT_LIMITS.runs, integer: true });
    c.string(s, 'args', p);
    c.array(s, 'modes', p, 4, (v, q) => c.oneOfValue(v, q, MODE_NAMES));
    c.number(s, 'timeoutMs', p, MS);
    c.number(s, 'sampleIntervalMs', p, MS);
    c.number(s, 'memoryLimitMb', p, { max: REPORT_LIMITS.bytes, integer: true });
    c.boolean(s, 'sweep', p);
    checkCpuProfileSettings(c, s, p);
    c.string(s, 'construct', p, true);
    c.boolean(s, 'interleave', p, true);
    c.number(s, 'precision', p, { max: 1 }, true);
    c.number(s, 'maxTimeMs', p, MS, true);
    c.number(s, 'chunk', p, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true }, true);
    c.boolean(s, 'predict', p, true);
  });
  const modes = c.array(r, 'modes', '', 4, (v, p) => checkMode(c, v, p));
  const seen = new Set<unknown>();
  modes?.forEach((m, i) => {
    const name = (m as Obj | null)?.mode;
    if (typeof name === 'string' && seen.has(name)) c.fail(`modes[${i}].mode`, `must not repeat an earlier mode ('${name}')`);
    seen.add(name);
  });
  c.array(r, 'sweep', '', REPORT_LIMITS.sweepPoints, (v, p) => checkSweepPoint(c, v, p), true);
  c.child(r, 'sweepFit', '', (f, p) => {
    c.number(f, 'serialFraction', p, SHARE);
    c.number(f, 'maxSpeedup', p, RATIO);
    c.number(f, 'rmse', p, RATIO);
  }, true);
  c.child(r, 'sweepUsl', '', (v, p) => checkUsl(c, v, p), true);
  c.child(r, 'prediction', '', (v, p) => checkPrediction(c, v, p), true);
  c.child(r, 'verdict', '', (v, p) => checkVerdict(c, v, p));
  c.array(r, 'warnings', '', REPORT_LIMITS.warnings, (v, p) => checkWarning(c, v, p));
  c.child(r, 'moduleLoadOutput', '', (con, p) => checkConsole(c, con, p), true);
  c.child(r, 'bundle', '', (b, p) => {
    c.number(b, 'ms', p, MS);
    c.boolean(b, 'cached', p);
    c.number(b, 'bytes', p, BYTES);
    c.oneOf(b, 'format', p, { esm: true, cjs: true }, true);
    c.string(b, 'formatReason', p, true);
    c.array(b, 'nativePackages', p, 50, (v, q) => c.stringValue(v, q), true);
  }, true);
  c.child(r, 'rounds', '', (x, p) => checkRounds(c, x, p), true);
  c.child(r, 'comparison', '', (x, p) => checkComparison(c, x, p), true);
}

/**
 * Checks every field of the schema (types, enums, ranges, bounded lengths) and, only when all of it
 * holds, returns a copy rebuilt from the schema's fields. Unknown fields are accepted (a newer
 * version may add some) but left out of the copy: nothing unchecked reaches JSON.stringify,
 * structuredClone, postMessage or the panel.
 */
export function validateReport(value: unknown): ValidationResult {
  const c = new Checker();
  const r = c.object(value, 'report');
  if (r) checkReport(c, r);
  const errors = c.result();
  return errors.length === 0 ? { ok: true, report: c.rebuild(value) as Report } : { ok: false, errors };
}

/** Size first (cheap), then JSON.parse inside a try, then the schema. */
export function parseReportText(text: string): ValidationResult {
  if (typeof text !== 'string') return { ok: false, errors: ['report must be text'] };
  // Each UTF-16 unit is at least one UTF-8 byte, so a longer string is certainly over the limit.
  if (text.length > MAX_REPORT_BYTES) {
    return { ok: false, errors: [`report is too large (${text.length} characters; the limit is ${MAX_REPORT_BYTES} bytes)`] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message.slice(0, 200) : 'unreadable';
    return { ok: false, errors: [`report is not valid JSON: ${reason}`] };
  }
  return validateReport(value);
}

/** Checks an ErrorInfo sent on its own (the panel's error message), with the report's rules. */
export function validateErrorInfo(value: unknown): { ok: true; error: ErrorInfo } | { ok: false; errors: string[] } {
  const c = new Checker();
  const e = c.object(value, 'error');
  if (e) checkError(c, e, 'error');
  const errors = c.result();
  return errors.length === 0 ? { ok: true, error: value as ErrorInfo } : { ok: false, errors };
}
