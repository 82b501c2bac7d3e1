// What went wrong and what the tasks printed: mode errors, per-task failures with their stacks
// (frames link to the source), and captured console output, all as text.

import { modeLabel } from '../../src/shared/wording/format';
import type { ConsoleCapture, ErrorInfo, ModeResult, Report, TaskFailure } from '../../src/shared/report/report';
import { clip, h } from '../dom';
import { locationLink, stackWithLinks } from './location';

const MAX_FAILURES_SHOWN = 20;
const MAX_CONSOLE_LINES = 500;

export function errorBlock(e: ErrorInfo): HTMLElement {
  return h('div', { class: 'pp-error-block' },
    h('p', null, h('strong', null, clip(`${e.name}${e.code && e.code !== 'UNKNOWN' ? ` (${e.code})` : ''}`, 200)), ': ', clip(e.message, 1200)),
    e.file && e.line !== undefined ? h('p', null, 'At ', locationLink(e.file, e.line, e.column)) : null,
    e.task !== undefined ? h('p', { class: 'pp-muted' }, `In task ${e.task}.`) : null,
    e.stack ? stackWithLinks(e.stack) : null,
  );
}

function failureItem(f: TaskFailure): HTMLElement {
  return h('li', { class: 'pp-failure' },
    h('p', null, h('strong', null, `Task ${f.index}`), ' threw ', h('code', null, clip(f.name ?? 'Error', 200)), ': ', clip(f.message, 1200)),
    f.stack ? stackWithLinks(f.stack) : null,
  );
}

function modeProblems(m: ModeResult): HTMLElement | null {
  const failures = m.failedTasks ?? [];
  if (!m.error && failures.length === 0) return null;
  return h('div', { class: 'pp-mode-problems' },
    h('h3', null, `${modeLabel(m.mode)}`, h('span', { class: `pp-status pp-status-${m.status}` }, m.status)),
    m.error ? errorBlock(m.error) : null,
    failures.length > 0 ? h('ul', { class: 'pp-failures' }, failures.slice(0, MAX_FAILURES_SHOWN).map(failureItem)) : null,
    failures.length > MAX_FAILURES_SHOWN ? h('p', { class: 'pp-note' }, `${failures.length - MAX_FAILURES_SHOWN} more failed tasks not shown.`) : null,
  );
}

function consoleBlock(title: string, c: ConsoleCapture): HTMLElement {
  const lines = c.lines.slice(0, MAX_CONSOLE_LINES);
  const text = lines.map((l) => `${l.stream === 'err' ? '! ' : '  '}${l.task !== undefined ? `[task ${l.task}] ` : ''}${clip(l.text, 1000)}`).join('\n');
  const dropped = c.droppedLines + (c.lines.length - lines.length);
  return h('details', { class: 'pp-console' },
    h('summary', null, `${title}: ${c.lines.length.toLocaleString('en-US')} lines${c.droppedLines ? ` (+${c.droppedLines.toLocaleString('en-US')} dropped)` : ''}`),
    h('pre', { class: 'pp-pre' }, text),
    dropped > 0 ? h('p', { class: 'pp-note' }, `${dropped.toLocaleString('en-US')} lines not shown. Lines marked ! went to stderr.`) : null,
  );
}

export function renderFailures(report: Report): HTMLElement | null {
  const problems = report.modes.map(modeProblems).filter((x): x is HTMLElement => x !== null);
  if (problems.length === 0) return null;
  return h('section', { class: 'pp-section pp-problems', 'aria-labelledby': 'pp-failures-h' },
    h('h2', { id: 'pp-failures-h' }, 'Errors and failed tasks'),
    problems,
  );
}

export function renderConsole(report: Report): HTMLElement | null {
  const blocks: HTMLElement[] = [];
  if (report.moduleLoadOutput && report.moduleLoadOutput.lines.length > 0) blocks.push(consoleBlock('Printed while loading the module', report.moduleLoadOutput));
  for (const m of report.modes) if (m.console && m.console.lines.length > 0) blocks.push(consoleBlock(`Console of ${modeLabel(m.mode)}`, m.console));
  if (blocks.length === 0) return null;
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-console-h' }, h('h2', { id: 'pp-console-h' }, 'Console output'), blocks);
}
