// Structural validation of a report that came from outside the engine (a file the user opens, a
// message from the host). Everything here only reads types and ranges: no text of a report is ever
// evaluated. Strings pass through as strings; whoever renders them escapes them.
// No node, no vscode, no DOM: the webview validates what it is sent with this same file.
import type {
  Bound, ErrorInfo, FindingKind, FunctionKind, ModeName, ModeStatus, Report, RoundsInfo, StopInfo, UtilisationBand, Warning,
} from './report';

/** Larger report files are refused before parsing: the engine keeps its own reports far smaller. */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

/** Bounds that keep a crafted report from hanging whoever draws it. */
export const REPORT_LIMITS = {
  stringChars: 100_000,
  tasksPerMode: 100_000,
  /** Samples per CPU series, and cores per series. */
  samples: 100_000,
  cores: 1024,
  /** cores × samples in one series (64 cores × 100k samples). */
  cpuCells: 64 * 100_000,
  runs: 10_000,
  consoleLines: 100_000,
  findings: 1_000,
  warnings: 10_000,
  sweepPoints: 64,
  /** Measured rounds (the engine allows 100). */
  rounds: 1_000,
  /** Any duration, ms (about 11.6 days: far past the longest allowed timeout). */
  ms: 1e9,
  /** Task times are ms from the repetition's start; clocks read in other processes may sit a hair before it. */
  clockSkewMs: 1_000,
  ratio: 1e7,
  bytes: 1e15,
  count: 1e9,
  errors: 100,
} as const;

export type ValidationResult = { ok: true; report: Report } | { ok: false; errors: string[] };

// Records keyed by the union make the compiler insist these lists grow with report.ts.
const MODE_NAMES: Record<ModeName, true> = { sequential: true, async: true, workers: true, processes: true };
const STATUSES: Record<ModeStatus, true> = { completed: true, failed: true, timeout: true, skipped: true, cancelled: true };
const BANDS: Record<UtilisationBand, true> = { idle: true, poor: true, ok: true, ideal: true };
const BOUNDS: Record<Bound, true> = { cpu: true, io: true, mixed: true };
const FUNCTION_KINDS: Record<FunctionKind, true> = {
  function: true, variable: true, default: true, 'static-method': true, 'instance-method': true,
};
const FINDING_KINDS: Record<FindingKind, true> = {
  'cpu-bound': true, 'io-bound': true, 'mixed-bound': true, 'async-no-await': true, 'async-overlap': true,
  'too-few-tasks': true, 'load-imbalance': true, 'tiny-tasks': true, 'startup-cost': true, 'transfer-cost': true,
  contention: true, 'processes-escape-contention': true, 'serial-fraction': true, 'gc-helper-threads': true,
  noisy: true, oversubscribed: true, failed: true, timeout: true, 'libuv-pool': true, other: true,
  superlinear: true, 'busy-machine': true, 'disturbed-rounds': true,
};
const STOP_REASONS: Record<StopInfo['reason'], true> = { stable: true, time: true, 'max-rounds': true, fixed: true };
const HEADLINES: Record<RoundsInfo['headline'], true> = { measured: true, 'load-aware': true };
const SEVERITIES: Record<'info' | 'warning' | 'problem', true> = { info: true, warning: true, problem: true };
const WARNING_KINDS: Record<Warning['kind'], true> = {
  noisy: true, outliers: true, 'slow-first-run': true, 'module-output': true, 'module-side-effects': true,
  truncated: true, 'tiny-tasks': true, timeout: true, other: true,
};
const STREAMS: Record<'out' | 'err', true> = { out: true, err: true };

type Obj = Record<string, unknown>;
interface NumberRule { min?: number; max?: number; integer?: boolean }

/**
 * Collects errors with JSON paths; stops recording (but keeps counting) past REPORT_LIMITS.errors.
 * It also remembers, for every object it checks, the fields a check named: `rebuild` then copies
 * the value with those fields only. So a field is kept exactly when a check below names it
 * (c.number, c.string, c.child, c.array, … or c.keep for a field read directly).
 */
class Checker {
  readonly errors: string[] = [];
  private omitted = 0;
  private readonly known = new Map<object, Set<string>>();

  /** Marks `key` of `o` as a field of the schema (for fields a check reads without the helpers below). */
  keep(o: Obj, key: string): void {
    let keys = this.known.get(o);
    if (!keys) this.known.set(o, (keys = new Set()));
    keys.add(key);
  }

  /**
   * A copy of a checked value with the schema's fields only: unknown fields (which no check bounded,
   * so may be 200,000 levels deep) are left behind. Its depth is the schema's, never the input's.
   */
  rebuild(value: unknown): unknown {
    // Array.from, not map: a hole (which JSON cannot hold) becomes undefined, never a hole kept.
    if (Array.isArray(value)) return Array.from(value, (v) => this.rebuild(v));
    if (typeof value !== 'object' || value === null) return value;
    const keys = this.known.get(value);
    const out: Obj = {};
    if (!keys) return out;
    for (const key of Object.keys(value)) {
      const v = (value as Obj)[key];
      if (!keys.has(key) || v === undefined) continue;
      // defineProperty: a data key named "__proto__" (finding data may hold any key) stays a plain field.
      Object.defineProperty(out, key, { value: this.rebuild(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  fail(path: string, message: string): void {
    if (this.errors.length < REPORT_LIMITS.errors) this.errors.push(`${path} ${message}`);
    else this.omitted++;
  }

  result(): string[] {
    return this.omitted > 0 ? [...this.errors, `… and ${this.omitted} more errors`] : this.errors;
  }

  object(value: unknown, path: string): Obj | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (!this.known.has(value)) this.known.set(value, new Set());
      return value as Obj;
    }
    this.fail(path, `must be an object (got ${describe(value)})`);
    return undefined;
  }

  /** A field that must be present, or, with `optional`, may be absent (undefined) but not of another type. */
  private present(o: Obj, key: string, path: string, optional: boolean): boolean {
    this.keep(o, key);
    if (o[key] !== undefined) return true;
    if (!optional) this.fail(join(path, key), 'is required');
    return false;
  }

  number(o: Obj, key: string, path: string, rule: NumberRule, optional = false): void {
    if (this.present(o, key, path, optional)) this.numberValue(o[key], join(path, key), rule);
  }

  numberValue(value: unknown, path: string, rule: NumberRule): boolean {
    const min = rule.min ?? 0;
    const max = rule.max ?? REPORT_LIMITS.count;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `must be a finite number${min === 0 ? ' ≥ 0' : ''} (got ${describe(value)})`);
      return false;
    }
    if (rule.integer && !Number.isInteger(value)) {
      this.fail(path, `must be an integer (got ${value})`);
      return false;
    }
    if (value < min || value > max) {
      this.fail(path, `must be between ${min} and ${max} (got ${value})`);
      return false;
    }
    return true;
  }

  string(o: Obj, key: string, path: string, optional = false): void {
    if (this.present(o, key, path, optional)) this.stringValue(o[key], join(path, key));
  }

  stringValue(value: unknown, path: string): boolean {
    if (typeof value !== 'string') {
      this.fail(path, `must be a string (got ${describe(value)})`);
      return false;
    }
    if (value.length > REPORT_LIMITS.stringChars) {
      this.fail(path, `must be at most ${REPORT_LIMITS.stringChars} characters (got ${value.length})`);
      return false;
    }
    return true;
  }

  boolean(o: Obj, key: string, path: string, optional = false): void {
    if (this.present(o, key, path, optional) && typeof o[key] !== 'boolean') {
      this.fail(join(path, key), `must be true or false (got ${describe(o[key])})`);
    }
  }

  oneOf(o: Obj, key: string, path: string, allowed: Record<string, true>, optional = false): void {
    if (this.present(o, key, path, optional)) this.oneOfValue(o[key], join(path, key), allowed);
  }

  oneOfValue(value: unknown, path: string, allowed: Record<string, true>): boolean {
    if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(allowed, value)) return true;
    const names = Object.keys(allowed).map((k) => `'${k}'`).join(', ');
    this.fail(path, `must be one of ${names} (got ${describe(value)})`);
    return false;
  }

  /** Checks a bounded array and each item; returns the array (or undefined when absent or wrong). */
  array(
    o: Obj, key: string, path: string, maxLength: number,
    item: (value: unknown, path: string, index: number) => void, optional = false,
  ): unknown[] | undefined {
    if (!this.present(o, key, path, optional)) return undefined;
    return this.arrayValue(o[key], join(path, key), maxLength, item);
  }

  arrayValue(
    value: unknown, path: string, maxLength: number, item: (value: unknown, path: string, index: number) => void,
  ): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.fail(path, `must be an array (got ${describe(value)})`);
      return undefined;
    }
    if (value.length > maxLength) {
      this.fail(path, `must hold at most ${maxLength} items (got ${value.length})`);
      return undefined;
    }
    for (let i = 0; i < value.length; i++) item(value[i], `${path}[${i}]`, i);
    return value;
  }

  child(o: Obj, key: string, path: string, check: (value: Obj, path: string) => void, optional = false): void {
    if (!this.present(o, key, path, optional)) return;
    const value = this.object(o[key], join(path, key));
    if (value) check(value, join(path, key));
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A short, safe description of a wrong value: its type, never its (possibly huge or hostile) text. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value;
}

const MS: NumberRule = { max: REPORT_LIMITS.ms };
const TASK_TIME: NumberRule = { min: -REPORT_LIMITS.clockSkewMs, max: REPORT_LIMITS.ms };
const RATIO: NumberRule = { max: REPORT_LIMITS.ratio };
const BYTES: NumberRule = { max: REPORT_LIMITS.bytes, integer: true };
const COUNT: NumberRule = { max: REPORT_LIMITS.count, integer: true };
const INDEX: NumberRule = { max: REPORT_LIMITS.tasksPerMode, integer: true };
const SHARE: NumberRule = { max: 1 };
const LINE: NumberRule = { max: REPORT_LIMITS.count, integer: true };

function checkSpread(c: Checker, s: Obj, path: string): void {
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

function checkInterval(c: Checker, ci: Obj, path: string): void {
  c.number(ci, 'low', path, RATIO);
  c.number(ci, 'high', path, RATIO);
  c.keep(ci, 'level');
  if (ci.level !== 'range') c.number(ci, 'level', path, { min: 0, max: 1 });
  if (typeof ci.low === 'number' && typeof ci.high === 'number' && ci.low > ci.high) {
    c.fail(path, `must have low ≤ high (got ${ci.low}, ${ci.high})`);
  }
}

function checkError(c: Checker, e: Obj, path: string): void {
  c.string(e, 'name', path);
  c.string(e, 'code', path);
  c.string(e, 'message', path);
  c.string(e, 'stack', path, true);
  c.string(e, 'file', path, true);
  c.number(e, 'line', path, LINE, true);
  c.number(e, 'column', path, LINE, true);
  c.number(e, 'task', path, INDEX, true);
}

function checkConsole(c: Checker, con: Obj, path: string): void {
  c.array(con, 'lines', path, REPORT_LIMITS.consoleLines, (v, p) => {
    const line = c.object(v, p);
    if (!line) return;
    c.oneOf(line, 'stream', p, STREAMS);
    c.string(line, 'text', p);
    c.number(line, 'task', p, INDEX, true);
  });
  c.number(con, 'droppedLines', path, COUNT);
}

function checkWarning(c: Checker, value: unknown, path: string): void {
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

function checkCpu(c: Checker, cpu: Obj, path: string): void {
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

function checkMode(c: Checker, value: unknown, path: string): void {
  const m = c.object(value, path);
  if (!m) return;
  c.oneOf(m, 'mode', path, MODE_NAMES);
  c.oneOf(m, 'status', path, STATUSES);
  c.number(m, 'lanes', path, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true });
  // Only a completed mode has timings; the others may carry a partial record.
  c.child(m, 'wallMs', path, (s, p) => checkSpread(c, s, p), m.status !== 'completed');
  c.number(m, 'cpuMs', path, MS, true);
  c.number(m, 'coresBusy', path, { max: REPORT_LIMITS.cores * 100 }, true);
  c.number(m, 'speedup', path, RATIO, true);
  c.child(m, 'speedupCi', path, (ci, p) => checkInterval(c, ci, p), true);
  c.number(m, 'efficiency', path, RATIO, true);
  c.number(m, 'startupMs', path, MS, true);
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
  c.child(m, 'loadAware', path, (la, p) => {
    c.number(la, 'speedup', p, RATIO);
    c.child(la, 'speedupCi', p, (ci, q) => checkInterval(c, ci, q), true);
    c.number(la, 'wallMs', p, MS);
    c.number(la, 'waitShare', p, SHARE);
  }, true);
}

function checkRoundMode(c: Checker, value: unknown, path: string): void {
  const r = c.object(value, path);
  if (!r) return;
  c.oneOf(r, 'mode', path, MODE_NAMES);
  c.number(r, 'wallMs', path, MS);
  c.number(r, 'externalLoad', path, { max: REPORT_LIMITS.cores }, true);
  c.array(r, 'externalPerCore', path, REPORT_LIMITS.cores, (v, p) => c.numberValue(v, p, { max: 100 }), true);
  c.number(r, 'waitMs', path, MS, true);
  c.number(r, 'taskCpuMs', path, MS, true);
  c.number(r, 'taskMs', path, MS, true);
}

function checkRounds(c: Checker, r: Obj, path: string): void {
  c.boolean(r, 'interleaved', path);
  c.array(r, 'rounds', path, REPORT_LIMITS.rounds, (value, p) => {
    const round = c.object(value, p);
    if (!round) return;
    c.array(round, 'order', p, 4, (v, q) => c.oneOfValue(v, q, MODE_NAMES));
    c.array(round, 'modes', p, 4, (v, q) => checkRoundMode(c, v, q));
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
  c.array(v, 'findings', path, REPORT_LIMITS.findings, (value, p) => {
    const f = c.object(value, p);
    if (!f) return;
    c.oneOf(f, 'kind', p, FINDING_KINDS);
    c.oneOf(f, 'severity', p, SEVERITIES);
    c.string(f, 'message', p);
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
    c.boolean(s, 'interleave', p, true);
    c.number(s, 'precision', p, { max: 1 }, true);
    c.number(s, 'maxTimeMs', p, MS, true);
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
  c.child(r, 'verdict', '', (v, p) => checkVerdict(c, v, p));
  c.array(r, 'warnings', '', REPORT_LIMITS.warnings, (v, p) => checkWarning(c, v, p));
  c.child(r, 'moduleLoadOutput', '', (con, p) => checkConsole(c, con, p), true);
  c.child(r, 'bundle', '', (b, p) => {
    c.number(b, 'ms', p, MS);
    c.boolean(b, 'cached', p);
    c.number(b, 'bytes', p, BYTES);
  }, true);
  c.child(r, 'rounds', '', (x, p) => checkRounds(c, x, p), true);
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
