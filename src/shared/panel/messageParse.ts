// The one parse of each direction of the panel protocol (protocol.ts): the webview parses what the
// host sends with parseToWebview, the host parses what the panel sends with parseFromWebview. Each
// checks every field a handler reads, so neither side casts. A table keyed by the message type makes
// the compiler insist that every new kind in protocol.ts gets its parser here.
// No node, no vscode, no DOM: both sides compile this file.
import type { ExportFormat, FromWebview, HistoryEntry, ProgressStage, ToWebview } from './protocol';
import { validateErrorInfo, validateReport } from '../validation/validate';
import { isLiveSnapshot } from '../validation/live';
import { validateComparison } from '../validation/comparison';

export type Parsed<T> =
  | { ok: true; message: T }
  /** `type` is the message's kind when it had a known one; `errors` say what was wrong with it. */
  | { ok: false; type?: string; errors: string[] };

type Obj = Record<string, unknown>;
type Parser<T> = (m: Obj) => T | string[];

const MAX_TEXT = 10_000;
const STAGES: Record<ProgressStage, true> = { locate: true, bundle: true, arguments: true, mode: true, sweep: true, analyse: true };
const FORMATS: Record<ExportFormat, true> = { json: true, csv: true, trace: true };

function text(m: Obj, key: string, max = MAX_TEXT): string | undefined {
  const v = m[key];
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

function isHistoryEntry(x: unknown): x is HistoryEntry {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Obj;
  return typeof e.id === 'string' && typeof e.createdAt === 'string' && typeof e.label === 'string';
}

const TO_WEBVIEW: { [K in ToWebview['type']]: Parser<Extract<ToWebview, { type: K }>> } = {
  report: (m) => {
    const r = validateReport(m.report);
    if (!r.ok) return r.errors;
    // History is a convenience: entries that do not parse are left out, never a reason to refuse the report.
    const history = Array.isArray(m.history) ? m.history.filter(isHistoryEntry) : undefined;
    return { type: 'report', report: r.report, ...(history ? { history } : {}) };
  },
  compare: (m) => {
    const r = validateReport(m.report);
    return r.ok ? { type: 'compare', report: r.report } : r.errors;
  },
  comparison: (m) => {
    const r = validateComparison(m.comparison);
    return r.ok ? { type: 'comparison', comparison: r.comparison } : r.errors;
  },
  comparisonRefused: (m) => {
    const message = text(m, 'message');
    return message === undefined || message === '' ? ['comparisonRefused.message must be text'] : { type: 'comparisonRefused', message };
  },
  error: (m) => {
    const r = validateErrorInfo(m.error);
    return r.ok ? { type: 'error', error: r.error } : r.errors;
  },
  progress: (m) => {
    const stage = m.stage;
    if (typeof stage !== 'string' || !(stage in STAGES)) return [`progress.stage must be one of ${Object.keys(STAGES).join(', ')}`];
    const detail = m.detail === undefined ? undefined : text(m, 'detail');
    if (m.detail !== undefined && detail === undefined) return ['progress.detail must be text'];
    return { type: 'progress', stage: stage as ProgressStage, ...(detail !== undefined ? { detail } : {}) };
  },
  live: (m) => (isLiveSnapshot(m.live) ? { type: 'live', live: m.live } : ['live.live must be a live snapshot within its bounds (see liveState.ts)']),
};

const FROM_WEBVIEW: { [K in FromWebview['type']]: Parser<Extract<FromWebview, { type: K }>> } = {
  ready: () => ({ type: 'ready' }),
  openLocation: (m) => {
    const file = text(m, 'file', 4096);
    const line = m.line;
    const column = m.column;
    const errors: string[] = [];
    if (file === undefined || file === '') errors.push('openLocation.file must be a path');
    if (!Number.isInteger(line) || (line as number) < 1) errors.push('openLocation.line must be a positive integer');
    if (column !== undefined && (!Number.isInteger(column) || (column as number) < 1)) errors.push('openLocation.column must be a positive integer');
    if (errors.length > 0) return errors;
    return { type: 'openLocation', file: file!, line: line as number, ...(column !== undefined ? { column: column as number } : {}) };
  },
  export: (m) => (typeof m.format === 'string' && m.format in FORMATS ? { type: 'export', format: m.format as ExportFormat } : ['export.format must be json, csv or trace']),
  savePng: (m) => {
    const name = text(m, 'name', 200);
    const dataUrl = m.dataUrl;
    if (name === undefined) return ['savePng.name must be text'];
    if (typeof dataUrl !== 'string') return ['savePng.dataUrl must be text'];
    return { type: 'savePng', name, dataUrl };
  },
  rerun: () => ({ type: 'rerun' }),
  rerunWithCpuProfile: () => ({ type: 'rerunWithCpuProfile' }),
  openProfile: (m) => {
    const path = text(m, 'path', 4096);
    return path === undefined || path === '' ? ['openProfile.path must be a path'] : { type: 'openProfile', path };
  },
  pickComparison: (m) => {
    const id = text(m, 'id', 1000);
    return id === undefined ? ['pickComparison.id must be text'] : { type: 'pickComparison', id };
  },
  compareWith: () => ({ type: 'compareWith' }),
  cancel: () => ({ type: 'cancel' }),
};

function parseWith<T>(table: Record<string, Parser<T>>, value: unknown): Parsed<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: ['a message must be an object'] };
  const m = value as Obj;
  const type = m.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
    return { ok: false, errors: [`unknown message type ${JSON.stringify(String(type)).slice(0, 80)}`] };
  }
  const out = table[type](m);
  return Array.isArray(out) ? { ok: false, type, errors: out } : { ok: true, message: out };
}

/** What the panel receives from the host, checked field by field (reports with validateReport). */
export function parseToWebview(value: unknown): Parsed<ToWebview> {
  return parseWith<ToWebview>(TO_WEBVIEW as Record<string, Parser<ToWebview>>, value);
}

/** What the host receives from the panel, checked field by field. */
export function parseFromWebview(value: unknown): Parsed<FromWebview> {
  return parseWith<FromWebview>(FROM_WEBVIEW as Record<string, Parser<FromWebview>>, value);
}
