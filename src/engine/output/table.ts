// The CLI's stdout: one aligned table of the modes, the verdict, the findings and the warnings.
// Text from user code (names, messages, stacks) is stripped of terminal control characters first:
// a thrown message must not be able to move the cursor, recolour or retitle the user's terminal.
import { warmupCount, warmupSummary } from '../../shared/wording/warmups';
import {
  NO_VALUE, formatMs, formatNumber, formatPercent, formatSpeedup, formatSpeedupWithInterval, formatSpread,
  modeLabel, statusLabel,
} from '../../shared/wording/format';
import type { Finding, ModeResult, ModeStatus, Report, Warning } from '../../shared/report/report';
import { hotFunctionLines } from './hotTable';
import { queueLines } from './queueLines';
import { uslWords } from '../../shared/wording/usl';

export interface TableOptions {
  /** ANSI colours; off by default (the CLI turns it on for a terminal without NO_COLOR). */
  color?: boolean;
  /** Every finding in full and every warning (`--explain`); by default the top three reasons, one line each. */
  explain?: boolean;
}

/** Reasons shown by default: Lighthouse's few top opportunities, the rest one flag away. */
export const TOP_REASONS = 3;
/** Measurement warnings shown by default before "… --explain". */
const TOP_WARNINGS = 3;

const ANSI = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', reset: '\x1b[0m' };
export type Style = keyof Omit<typeof ANSI, 'reset'>;

// C0 and C1 controls (ESC included) and the bidirectional overrides of "Trojan Source".
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Longest piece of user text one table line shows; the report file keeps all of it. */
export const MAX_LINE_TEXT = 500;
/** Warnings past this many would bury the table; the report keeps every one. */
const MAX_WARNINGS = 20;

/** User text made safe for a terminal: one line, control characters replaced, clipped to `maxChars`. */
export function terminalText(text: string, maxChars = MAX_LINE_TEXT): string {
  const line = text.replace(/\s*[\r\n\t]+\s*/g, ' ').replace(UNSAFE, '\uFFFD');
  if (line.length <= maxChars) return line;
  // Never cut a surrogate pair in half.
  const cut = /[\ud800-\udbff]/.test(line[maxChars - 1]) ? maxChars - 1 : maxChars;
  return `${line.slice(0, cut)}… (${line.length - cut} more characters)`;
}

export function paint(text: string, style: Style | undefined, color: boolean): string {
  return color && style ? `${ANSI[style]}${text}${ANSI.reset}` : text;
}

/** Visible width: code points, so µ, ×, – and astral characters count once. */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function statusStyle(status: ModeStatus): Style | undefined {
  if (status === 'completed') return 'green';
  if (status === 'skipped' || status === 'cancelled') return 'dim';
  return status === 'timeout' ? 'yellow' : 'red';
}

interface Column { title: string; right: boolean }
const COLUMNS: Column[] = [
  { title: 'mode', right: false },
  { title: 'wall time median [min–max]', right: true },
  { title: 'CPU time', right: true },
  { title: 'cores busy', right: true },
  { title: 'speedup [CI]', right: true },
  { title: 'on free cores', right: true },
  { title: 'efficiency', right: true },
  { title: 'start-up', right: true },
  { title: 'status', right: false },
];

/** "(fastest)" beside the verdict's winner, "(tie)" beside the modes it ties with: the same choice as the headline's. */
function winnerMark(m: ModeResult, report: Report): string {
  const w = report.verdict.winner;
  if (w) return m.mode === w.mode ? (w.tiedWith.length > 0 ? ' (tie)' : ' (fastest)') : w.tiedWith.includes(m.mode) ? ' (tie)' : '';
  return m.mode === report.verdict.best ? ' (fastest)' : '';
}

function modeCells(m: ModeResult, report: Report): string[] {
  const util = m.utilisation ? ` (${formatPercent(m.utilisation.share)})` : '';
  return [
    modeLabel(m.mode) + winnerMark(m, report),
    formatSpread(m.wallMs),
    formatMs(m.cpuMs),
    m.coresBusy === undefined ? NO_VALUE : `${formatNumber(m.coresBusy)}${util}`,
    formatSpeedupWithInterval(m.speedup, m.speedupCi),
    m.loadAware ? formatSpeedupWithInterval(m.loadAware.speedup, m.loadAware.speedupCi) : NO_VALUE,
    formatPercent(m.efficiency),
    formatMs(m.startupMs),
    statusLabel(m.status),
  ];
}

/** Aligned rows; a cell is coloured after padding, so the escape codes never skew the alignment. */
export function layout(header: string[], rows: string[][], right: boolean[], color: boolean, cellStyle: (row: number, col: number) => Style | undefined): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[], styleOf: (col: number) => Style | undefined): string =>
    cells.map((cell, i) => {
      const pad = ' '.repeat(widths[i] - width(cell));
      const padded = right[i] ? pad + cell : cell + pad;
      return paint(padded, styleOf(i), color);
    }).join('  ').trimEnd();
  return [
    line(header, () => 'bold'),
    ...rows.map((cells, r) => line(cells, (col) => cellStyle(r, col))),
  ];
}

function severityMark(f: Finding, color: boolean): string {
  const style: Style = f.severity === 'problem' ? 'red' : f.severity === 'warning' ? 'yellow' : 'dim';
  return paint('•', style, color);
}

function failureLines(report: Report, color: boolean): string[] {
  const lines: string[] = [];
  for (const m of report.modes) {
    if (m.error) {
      lines.push(`${paint(modeLabel(m.mode), 'bold', color)} ${statusLabel(m.status)}: ${terminalText(m.error.message)}`);
    }
    const failed = m.failedTasks ?? [];
    for (const f of failed.slice(0, 5)) {
      const name = f.name ? `${terminalText(f.name)}: ` : '';
      lines.push(`${modeLabel(m.mode)}: task ${f.index} failed: ${name}${terminalText(f.message)}`);
      const at = f.stack ? firstFrame(f.stack) : undefined;
      if (at) lines.push(`    ${at}`);
    }
    if (failed.length > 5) lines.push(`${modeLabel(m.mode)}: … and ${failed.length - 5} more failed tasks`);
  }
  return lines;
}

/** The first "at …" line of a stack: where the user's code threw. */
function firstFrame(stack: string): string | undefined {
  const frame = stack.split('\n').map((l) => l.trim()).find((l) => l.startsWith('at '));
  return frame === undefined ? undefined : terminalText(frame);
}

function sweepLines(report: Report, color: boolean): string[] {
  if (!report.sweep || report.sweep.length === 0) return [];
  const rows = report.sweep.map((p) => [
    String(p.workers),
    typeof p.wallMs === 'number' ? formatMs(p.wallMs) : formatSpread(p.wallMs),
    formatSpeedup(p.speedup),
    formatPercent(p.efficiency),
    p.karpFlatt === undefined ? NO_VALUE : formatPercent(p.karpFlatt),
  ]);
  const header = ['workers', 'wall time', 'speedup', 'efficiency', 'serial fraction (Karp–Flatt)'];
  const lines = ['', paint('Sweep of the workers mode', 'bold', color), ...layout(header, rows, [true, true, true, true, true], color, () => undefined)];
  const fit = report.sweepFit;
  if (fit) {
    lines.push(`Amdahl fit: serial fraction ${formatPercent(fit.serialFraction)}, at most ${formatSpeedup(fit.maxSpeedup)} with unlimited workers (fit error ${formatNumber(fit.rmse)}×)`);
  }
  if (report.sweepUsl) lines.push(uslWords(report.sweepUsl));
  return lines;
}

function warningLine(w: Warning, color: boolean): string {
  // Messages often name their mode already ("sequential: the runs spread…"); say it once.
  const named = w.mode !== undefined && [w.mode, modeLabel(w.mode)].some((n) => w.message.startsWith(n));
  const where = w.mode && !named ? `${modeLabel(w.mode)}: ` : '';
  return `${paint('!', 'yellow', color)} ${where}${terminalText(w.message)}`;
}

/** One line per mode, for progress on stderr as each mode finishes. */
export function renderModeLine(m: ModeResult, opts: TableOptions = {}): string {
  const color = opts.color ?? false;
  const parts = [paint(modeLabel(m.mode), 'bold', color), paint(statusLabel(m.status), statusStyle(m.status), color)];
  if (m.wallMs) parts.push(formatSpread(m.wallMs));
  if (m.speedup !== undefined) parts.push(formatSpeedupWithInterval(m.speedup, m.speedupCi));
  if (m.error) parts.push(terminalText(m.error.message));
  return parts.join('  ');
}

/** "5 interleaved rounds" or "3 measured runs per mode" (older reports, or interleaving off). */
function runsText(report: Report): string {
  const r = report.rounds;
  if (!r) return `${report.settings.repeat} measured runs`;
  const n = r.rounds.length;
  return r.interleaved ? `${n} interleaved round${n === 1 ? '' : 's'}` : `${n} measured run${n === 1 ? '' : 's'} per mode, one mode after another`;
}

/** Why the rounds stopped, and the outside load per round as a strip of cores (one figure a round). */
function roundsLines(report: Report, explain: boolean): string[] {
  const r = report.rounds;
  if (!r) return [];
  // By default the line every mode shares stands for the modes' own (their times: --explain).
  const w = warmupSummary(report);
  const warmups = w.head === undefined ? w.modes : explain ? [w.head, ...w.modes] : [w.head];
  const lines = [terminalText(r.stop.message), ...warmups.map((l) => terminalText(`Warm-ups, ${l}`))];
  const loads = r.rounds.map((round) => {
    const xs = round.modes.map((m) => m.externalLoad).filter((x): x is number => x !== undefined);
    if (xs.length === 0) return NO_VALUE;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return `${formatNumber(mean)}${round.flagged ? '!' : ''}`;
  });
  if (loads.some((x) => x !== NO_VALUE)) {
    const shown = loads.slice(0, 30).join(' ');
    lines.push(`Other programs' load per round, cores (! stands apart): ${shown}${loads.length > 30 ? ` … (${loads.length} rounds)` : ''}`);
  }
  if (r.headline === 'load-aware') lines.push('The machine was busy: the verdict quotes speedups estimated for free cores beside the measured ones.');
  return lines;
}

/** The whole stdout report: header, mode table, failures, sweep, verdict with findings, warnings. */
export function renderTable(report: Report, opts: TableOptions = {}): string {
  const color = opts.color ?? false;
  const fn = report.function;
  const s = report.settings;
  const lines: string[] = [
    `${paint(terminalText(fn.name), 'bold', color)} in ${terminalText(fn.file)}:${fn.line}`,
    `${s.tasks} tasks, ${s.workers} workers, ${runsText(report)} after ${warmupCount(report)}, ` +
      `on ${report.machine.cores} cores (${terminalText(report.machine.cpuModel)}, Node ${terminalText(report.machine.node)})`,
    ...roundsLines(report, opts.explain ?? false),
  ];
  const loaded = [
    report.bundle?.format ? `loaded as ${report.bundle.format === 'esm' ? 'an ES module' : 'CommonJS'}` : '',
    s.construct !== undefined ? `instance built once per lane with the constructor arguments ${terminalText(s.construct)}` : '',
  ].filter(Boolean);
  if (loaded.length) lines.push(loaded.join('; '));
  lines.push('');
  // The load-aware column only where some mode has an estimate: most reports never need it.
  const free = COLUMNS.findIndex((c) => c.title === 'on free cores');
  const keep = (_: unknown, i: number) => i !== free || report.modes.some((m) => m.loadAware);
  const columns = COLUMNS.filter(keep);
  const rows = report.modes.map((m) => modeCells(m, report).filter(keep));
  const best = report.verdict.best;
  lines.push(...layout(columns.map((c) => c.title), rows, columns.map((c) => c.right), color, (r, col) => {
    const m = report.modes[r];
    if (col === columns.length - 1) return statusStyle(m.status);
    return col === 0 && m.mode === best ? 'bold' : undefined;
  }));
  if (report.modes.length === 0) lines.push('(no modes ran)');

  const failures = failureLines(report, color);
  if (failures.length > 0) lines.push('', ...failures);
  lines.push(...sweepLines(report, color));
  lines.push(...queueLines(report));

  lines.push(...hotFunctionLines(report, color));

  lines.push('', `${paint('Verdict:', 'bold', color)} ${terminalText(report.verdict.summary)}`);
  const warnings = [...report.warnings, ...report.modes.flatMap((m) => (m.warnings ?? []).map((w) => ({ ...w, mode: w.mode ?? m.mode })))];
  lines.push(...(opts.explain ? explainedLines(report, warnings, color) : shortLines(report, warnings, color)));
  return `${lines.join('\n')}\n`;
}

/** The default: the top three reasons, one line each with its effect, then a short list about the measurement. */
function shortLines(report: Report, warnings: Warning[], color: boolean): string[] {
  const { reasons, measurement, context } = groups(report);
  const lines: string[] = [];
  if (reasons.length > 0) {
    lines.push(paint('Top reasons, by effect on the speedup:', 'bold', color));
    reasons.slice(0, TOP_REASONS).forEach((f, i) => lines.push(`  ${i + 1}. ${terminalText(f.line ?? f.message)}`));
  }
  const about = [...measurement.map((f) => terminalText(f.line ?? f.message)), ...warnings.map((w) => warningText(w))];
  if (about.length > 0) {
    lines.push(paint('About the measurement:', 'bold', color));
    for (const text of about.slice(0, TOP_WARNINGS)) lines.push(`  ${paint('!', 'yellow', color)} ${text}`);
  }
  const hidden = Math.max(0, reasons.length - TOP_REASONS) + Math.max(0, about.length - TOP_WARNINGS) + context.length;
  if (hidden > 0 || reasons.length > 0) lines.push(`(${hidden > 0 ? `${hidden} more finding${hidden === 1 ? '' : 's'}, and ` : ''}every finding in full: --explain)`);
  return lines;
}

/** `--explain`: every finding in full, by group, and every warning. */
function explainedLines(report: Report, warnings: Warning[], color: boolean): string[] {
  const { reasons, measurement, context } = groups(report);
  const lines: string[] = [];
  const section = (title: string, list: Finding[]) => {
    if (list.length === 0) return;
    lines.push('', paint(title, 'bold', color));
    for (const f of list) {
      const effect = f.effect ? ` [without it about ${formatSpeedup(f.effect.speedupWithout)}: ${formatPercent(f.effect.shareOfGap)} of the gap]` : '';
      lines.push(`  ${severityMark(f, color)} ${f.rank !== undefined ? `${f.rank}. ` : ''}${terminalText(f.message)}${effect}`);
    }
  };
  section('Reasons, by effect on the speedup:', reasons);
  section('About the measurement:', measurement);
  section('What the function is:', context);
  if (warnings.length > 0) {
    lines.push('', paint('Warnings:', 'bold', color));
    for (const w of warnings.slice(0, MAX_WARNINGS)) lines.push(`  ${warningLine(w, color)}`);
    if (warnings.length > MAX_WARNINGS) lines.push(`  … and ${warnings.length - MAX_WARNINGS} more warnings (all of them are in the JSON report)`);
  }
  return lines;
}

/** The verdict's findings by group; a report from before issue 23 has no groups: all its findings read as reasons, in order. */
function groups(report: Report): { reasons: Finding[]; measurement: Finding[]; context: Finding[] } {
  const f = report.verdict.findings;
  const reasons = f.filter((x) => (x.group ?? 'reason') === 'reason').sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  return { reasons, measurement: f.filter((x) => x.group === 'measurement'), context: f.filter((x) => x.group === 'context') };
}

function warningText(w: Warning): string {
  const named = w.mode !== undefined && [w.mode, modeLabel(w.mode)].some((n) => w.message.startsWith(n));
  return `${w.mode && !named ? `${modeLabel(w.mode)}: ` : ''}${terminalText(w.message)}`;
}
