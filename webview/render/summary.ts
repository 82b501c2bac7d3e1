// The top of the panel: what was profiled, the verdict in plain words, and the findings and
// warnings behind it, most severe first.

import { formatSpeedup, modeLabel } from '../../src/shared/wording/format';
import type { Finding, Report, Warning } from '../../src/shared/report/report';
import { clip, h, srOnly } from '../dom';
import { locationLink } from './location';
import { stopLine } from './rounds';

const SEVERITY_ORDER: Record<Finding['severity'], number> = { problem: 0, warning: 1, info: 2 };
const SEVERITY_ICON: Record<Finding['severity'], string> = { problem: '✖', warning: '▲', info: 'ℹ' };
const SEVERITY_WORD: Record<Finding['severity'], string> = { problem: 'Problem', warning: 'Warning', info: 'Note' };
const BOUND_WORDS: Record<Report['verdict']['bound'], string> = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'mixed CPU and I/O' };

export function renderHeader(report: Report): HTMLElement {
  const fn = report.function;
  const name = fn.className ? `${fn.className}.${fn.name}` : fn.name;
  const created = new Date(report.createdAt);
  const when = Number.isNaN(created.getTime()) ? report.createdAt : created.toLocaleString();
  return h('header', { class: 'pp-header' },
    h('h1', null, h('span', { class: 'pp-fn' }, clip(name, 200)), h('span', { class: 'pp-h1-sub' }, ' — parallelism profile')),
    h('p', { class: 'pp-meta' },
      locationLink(fn.file, fn.line, fn.column), ' · ',
      `${report.settings.tasks.toLocaleString('en-US')} tasks, ${report.settings.workers} workers, ${report.machine.cores} cores`, ' · ',
      when,
    ),
  );
}

function bestLine(report: Report): string {
  const best = report.verdict.best;
  if (!best) return 'No mode completed.';
  const mode = report.modes.find((m) => m.mode === best);
  const estimated = report.rounds?.headline === 'load-aware' && mode?.loadAware;
  const speedup = estimated
    ? ` at ${formatSpeedup(mode.loadAware!.speedup)} the sequential speed on free cores (estimated; measured ${formatSpeedup(mode.speedup)})`
    : mode?.speedup !== undefined ? ` at ${formatSpeedup(mode.speedup)} the sequential speed` : '';
  return `Fastest: ${modeLabel(best)}${speedup}.`;
}

function findingItem(f: Finding): HTMLElement {
  return h('li', { class: `pp-finding pp-sev-${f.severity}` },
    h('span', { class: 'pp-sev-icon', 'aria-hidden': 'true' }, SEVERITY_ICON[f.severity]),
    srOnly(`${SEVERITY_WORD[f.severity]}: `),
    h('span', { class: 'pp-finding-text' }, clip(f.message, 2000)),
  );
}

function warningItem(w: Warning): HTMLElement {
  return h('li', { class: 'pp-finding pp-sev-warning' },
    h('span', { class: 'pp-sev-icon', 'aria-hidden': 'true' }, SEVERITY_ICON.warning),
    srOnly('Warning: '),
    h('span', { class: 'pp-finding-text' }, w.mode ? `${modeLabel(w.mode)}: ` : '', clip(w.message, 2000)),
  );
}

export function renderVerdict(report: Report): HTMLElement {
  const v = report.verdict;
  const findings = v.findings.slice().sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const shown = findings.slice(0, 50);
  const warnings = [...report.warnings, ...report.modes.flatMap((m) => (m.warnings ?? []).map((w) => ({ ...w, mode: w.mode ?? m.mode })))];
  return h('section', { class: 'pp-section pp-verdict', 'aria-labelledby': 'pp-verdict-h' },
    h('h2', { id: 'pp-verdict-h' }, 'Verdict'),
    h('p', { class: 'pp-summary' }, clip(v.summary, 2000)),
    stopLine(report),
    h('p', { class: 'pp-verdict-tags' },
      h('span', { class: `pp-tag pp-bound-${v.bound}` }, BOUND_WORDS[v.bound] ?? v.bound),
      h('span', { class: 'pp-tag' }, bestLine(report)),
    ),
    shown.length > 0 ? h('ul', { class: 'pp-findings', 'aria-label': 'Findings' }, shown.map(findingItem)) : null,
    findings.length > shown.length ? h('p', { class: 'pp-note' }, `${findings.length - shown.length} more findings not shown.`) : null,
    warnings.length > 0 ? h('details', { class: 'pp-warnings' },
      h('summary', null, `${warnings.length} warning${warnings.length === 1 ? '' : 's'} about the measurement`),
      h('ul', { class: 'pp-findings' }, warnings.slice(0, 100).map(warningItem)),
    ) : null,
  );
}
