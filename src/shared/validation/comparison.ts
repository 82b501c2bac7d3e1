// The validator's rules for the report's `comparison` (see Comparison in report/comparison.ts): every
// number finite and bounded, every list short, the kinds from their fixed sets.
import type { ChangeKind, Comparison } from '../report/comparison';
import { BANDS, Checker, MODE_NAMES, REPORT_LIMITS, SHARE } from './checker';
import { checkCategoryShare, checkHotFunctions, CPU_PROFILE_LIMITS } from './cpuProfile';
import { checkCpu } from './modes';

type Obj = Record<string, unknown>;

const RATIO = { max: 1e7 };
const VALUE = { max: 1e12 };
const P = { max: 1 };
const SAMPLES = { max: 100_000, integer: true };
const CHANGES: Record<ChangeKind, true> = { faster: true, slower: true, 'within-threshold': true, 'no-difference': true };
const OUTCOMES: Record<Comparison['outcome'], true> = { regressed: true, improved: true, 'no-significant-change': true };
const TEXT_LIST = 20;

function checkMeasure(c: Checker, m: Obj, path: string): void {
  c.number(m, 'base', path, VALUE);
  c.number(m, 'new', path, VALUE);
  c.number(m, 'ratio', path, RATIO);
  c.number(m, 'low', path, RATIO);
  c.number(m, 'high', path, RATIO);
  c.keep(m, 'level');
  if (m.level !== 'range') c.number(m, 'level', path, P);
  c.number(m, 'pValue', path, P);
  c.boolean(m, 'significant', path);
  c.array(m, 'samples', path, 2, (v, p) => c.numberValue(v, p, SAMPLES));
}

export function checkComparison(c: Checker, x: Obj, path: string): void {
  c.string(x, 'versus', path);
  c.boolean(x, 'paired', path);
  c.string(x, 'base', path);
  c.string(x, 'new', path);
  c.number(x, 'alpha', path, P);
  c.number(x, 'threshold', path, { max: 10 });
  c.array(x, 'modes', path, 4, (v, p) => {
    const m = c.object(v, p);
    if (!m) return;
    c.oneOf(m, 'mode', p, MODE_NAMES);
    c.string(m, 'skipped', p, true);
    c.number(m, 'ratio', p, RATIO, true);
    c.number(m, 'low', p, RATIO, true);
    c.number(m, 'high', p, RATIO, true);
    c.boolean(m, 'significant', p, true);
    c.child(m, 'wall', p, (w, wp) => checkMeasure(c, w, wp), true);
    c.oneOf(m, 'basis', p, { 'load-aware': true }, true);
    c.oneOf(m, 'change', p, CHANGES, true);
    c.child(m, 'speedup', p, (w, wp) => checkMeasure(c, w, wp), true);
    c.child(m, 'efficiency', p, (e, ep) => {
      c.number(e, 'base', ep, RATIO);
      c.number(e, 'new', ep, RATIO);
    }, true);
  });
  c.array(x, 'machineDifferences', path, TEXT_LIST, (v, p) => c.stringValue(v, p));
  c.array(x, 'notes', path, TEXT_LIST, (v, p) => c.stringValue(v, p));
  c.array(x, 'baseModes', path, 5, (v, p) => {
    const m = c.object(v, p);
    if (!m) return;
    c.oneOf(m, 'mode', p, MODE_NAMES);
    c.number(m, 'lanes', p, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true });
    c.child(m, 'cpu', p, (cpu, q) => checkCpu(c, cpu, q), true);
    c.child(m, 'utilisation', p, (u, q) => {
      c.number(u, 'share', q, SHARE);
      c.oneOf(u, 'band', q, BANDS);
    }, true);
    c.number(m, 'coresBusy', p, { max: REPORT_LIMITS.cores * 100 }, true);
    checkHotFunctions(c, m, p);
    c.child(m, 'profile', p, (pr, q) => {
      c.array(pr, 'categories', q, CPU_PROFILE_LIMITS.categories, (w, r) => checkCategoryShare(c, w, r));
      c.number(pr, 'gcShare', q, SHARE);
      c.number(pr, 'taskMs', q, { max: REPORT_LIMITS.ms });
      c.number(pr, 'samples', q, { max: REPORT_LIMITS.count, integer: true });
      c.number(pr, 'intervalMs', q, { max: REPORT_LIMITS.ms });
    }, true);
  }, true);
  c.oneOf(x, 'outcome', path, OUTCOMES);
}

/** A comparison sent on its own (the panel's `comparison` message), with the report's rules; the copy keeps only the schema's fields. */
export function validateComparison(value: unknown): { ok: true; comparison: Comparison } | { ok: false; errors: string[] } {
  const c = new Checker();
  const x = c.object(value, 'comparison');
  if (x) checkComparison(c, x, 'comparison');
  const errors = c.result();
  return errors.length === 0 ? { ok: true, comparison: c.rebuild(value) as Comparison } : { ok: false, errors };
}
