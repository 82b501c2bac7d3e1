// The machinery every report check uses: the size limits, the Checker that collects errors with
// JSON paths and remembers which fields the schema names (so a report can be rebuilt from them
// alone), the number rules and the enumerations of the schema's unions.
// No node, no vscode, no DOM: the webview compiles this file too.
import type { Bound, FindingKind, FunctionKind, ModeName, ModeStatus, RoundsInfo, StopInfo, UtilisationBand, Warning } from '../report/report';

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

// Records keyed by the union make the compiler insist these lists grow with report.ts.
export const MODE_NAMES: Record<ModeName, true> = { sequential: true, async: true, workers: true, processes: true, queue: true };
export const STATUSES: Record<ModeStatus, true> = { completed: true, failed: true, timeout: true, skipped: true, cancelled: true };
export const BANDS: Record<UtilisationBand, true> = { idle: true, poor: true, ok: true, ideal: true };
export const BOUNDS: Record<Bound, true> = { cpu: true, io: true, mixed: true };
export const FUNCTION_KINDS: Record<FunctionKind, true> = {
  function: true, variable: true, default: true, 'static-method': true, 'instance-method': true, 'object-method': true,
};
export const FINDING_KINDS: Record<FindingKind, true> = {
  'cpu-bound': true, 'io-bound': true, 'mixed-bound': true, 'async-no-await': true, 'async-overlap': true,
  'too-few-tasks': true, 'load-imbalance': true, 'tiny-tasks': true, 'startup-cost': true, 'transfer-cost': true,
  contention: true, 'processes-escape-contention': true, 'serial-fraction': true, 'gc-helper-threads': true,
  noisy: true, oversubscribed: true, failed: true, timeout: true, 'libuv-pool': true, slowdown: true, 'gc-share': true, 'native-code': true, other: true,
  superlinear: true, 'busy-machine': true, 'disturbed-rounds': true,
  'queue-cost': true, 'queue-capacity': true, 'queue-skipped': true,
};
export const STOP_REASONS: Record<StopInfo['reason'], true> = { stable: true, time: true, 'max-rounds': true, fixed: true, decided: true, clustered: true, 'too-short': true };
export const HEADLINES: Record<RoundsInfo['headline'], true> = { measured: true, 'load-aware': true };
export const SEVERITIES: Record<'info' | 'warning' | 'problem', true> = { info: true, warning: true, problem: true };
export const WARNING_KINDS: Record<Warning['kind'], true> = {
  noisy: true, outliers: true, 'slow-first-run': true, 'module-output': true, 'module-side-effects': true,
  truncated: true, 'tiny-tasks': true, timeout: true, other: true,
};
export const STREAMS: Record<'out' | 'err', true> = { out: true, err: true };

export type Obj = Record<string, unknown>;
export interface NumberRule { min?: number; max?: number; integer?: boolean }

/**
 * Collects errors with JSON paths; stops recording (but keeps counting) past REPORT_LIMITS.errors.
 * It also remembers, for every object it checks, the fields a check named: `rebuild` then copies
 * the value with those fields only. So a field is kept exactly when a check below names it
 * (c.number, c.string, c.child, c.array, … or c.keep for a field read directly).
 */
export class Checker {
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

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A short, safe description of a wrong value: its type, never its (possibly huge or hostile) text. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value;
}

export const MS: NumberRule = { max: REPORT_LIMITS.ms };
export const TASK_TIME: NumberRule = { min: -REPORT_LIMITS.clockSkewMs, max: REPORT_LIMITS.ms };
export const RATIO: NumberRule = { max: REPORT_LIMITS.ratio };
export const BYTES: NumberRule = { max: REPORT_LIMITS.bytes, integer: true };
export const COUNT: NumberRule = { max: REPORT_LIMITS.count, integer: true };
export const INDEX: NumberRule = { max: REPORT_LIMITS.tasksPerMode, integer: true };
export const SHARE: NumberRule = { max: 1 };
export const LINE: NumberRule = { max: REPORT_LIMITS.count, integer: true };

