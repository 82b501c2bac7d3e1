// The top of the panel: what was profiled, the verdict in plain words, and the findings and
// warnings behind it, most severe first.

import { formatPercent, formatSpeedup, formatSpeedupWithInterval, modeLabel } from '../../src/shared/wording/format';
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

/** The winner chip: the verdict's one choice (the table and headline read the same), a tie said as a tie. */
function bestLine(report: Report): string {
  const v = report.verdict;
  const w = v.winner;
  if (!w) {
    // A report from before issue 23: its `best` as it was written.
    return v.best ? `Fastest: ${modeLabel(v.best)}.` : 'No mode completed.';
  }
  const estimated = w.basis === 'load-aware' ? ' on free cores, estimated' : '';
  const speed = w.mode === 'sequential' ? '' : `${formatSpeedupWithInterval(w.speedup, w.ci)}${estimated}`;
  if (w.tiedWith.length > 0) return `Tie: ${[w.mode, ...w.tiedWith].map(modeLabel).join(' = ')}${speed ? ` · best ${speed}` : ''}`;
  return `Fastest: ${modeLabel(w.mode)}${speed ? ` · ${speed}` : ''}`;
}

/** Shown by default, as in the CLI: the rest sits in a fold. */
const TOP_REASONS = 3;

function effectText(f: Finding): string | null {
  return f.effect ? `about ${formatSpeedup(f.effect.speedupWithout)} without it: ${formatPercent(f.effect.shareOfGap)} of the gap` : null;
}

function reasonItem(f: Finding): HTMLElement {
  // The one-line form (ranking.ts) already ends with the effect: only a full message needs it added.
  const effect = effectText(f);
  return h('li', { class: `pp-finding pp-sev-${f.severity}` },
    h('span', { class: 'pp-sev-icon', 'aria-hidden': 'true' }, SEVERITY_ICON[f.severity]),
    srOnly(`${SEVERITY_WORD[f.severity]}: `),
    h('span', { class: 'pp-finding-text', title: clip(f.message, 2000) }, clip(f.line ?? f.message, 2000), effect && f.line === undefined ? h('span', { class: 'pp-effect' }, ` — ${effect}`) : null),
  );
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

/** The bound chip, unless the run was too short to tell (the bound finding then says so). */
function boundChip(report: Report): HTMLElement | null {
  const v = report.verdict;
  if (v.findings.some((f) => f.data?.unresolved === true)) return h('span', { class: 'pp-tag' }, 'too short to tell the bound');
  return h('span', { class: `pp-tag pp-bound-${v.bound}` }, BOUND_WORDS[v.bound] ?? v.bound);
}

export function renderVerdict(report: Report): HTMLElement {
  const v = report.verdict;
  const byRank = (a: Finding, b: Finding) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  // A report from before issue 23 has no groups: its findings read as reasons, most severe first.
  const reasons = v.findings.filter((f) => (f.group ?? 'reason') === 'reason').sort(byRank);
  const measurement = v.findings.filter((f) => f.group === 'measurement');
  const context = v.findings.filter((f) => f.group === 'context');
  const top = reasons.slice(0, TOP_REASONS);
  const more = [...reasons.slice(TOP_REASONS), ...context].slice(0, 50);
  const warnings = [...report.warnings, ...report.modes.flatMap((m) => (m.warnings ?? []).map((w) => ({ ...w, mode: w.mode ?? m.mode })))];
  const aboutCount = measurement.length + warnings.length;
  return h('section', { class: 'pp-section pp-verdict', 'aria-labelledby': 'pp-verdict-h' },
    h('h2', { id: 'pp-verdict-h' }, 'Verdict'),
    h('p', { class: 'pp-summary' }, clip(v.summary, 2000)),
    stopLine(report),
    h('p', { class: 'pp-verdict-tags' }, boundChip(report), h('span', { class: 'pp-tag pp-winner' }, bestLine(report))),
    top.length > 0 ? h('ol', { class: 'pp-findings pp-reasons', 'aria-label': 'Top reasons, by effect on the speedup' }, top.map(reasonItem)) : null,
    more.length > 0 ? h('details', { class: 'pp-warnings pp-details' },
      h('summary', null, `${more.length} more finding${more.length === 1 ? '' : 's'} and details`),
      h('ul', { class: 'pp-findings' }, more.map(findingItem)),
      top.length > 0 ? h('p', { class: 'pp-note' }, 'The top reasons in full:') : null,
      top.length > 0 ? h('ul', { class: 'pp-findings' }, top.map(findingItem)) : null,
    ) : null,
    aboutCount > 0 ? h('details', { class: 'pp-warnings' },
      h('summary', null, `${aboutCount} note${aboutCount === 1 ? '' : 's'} about the measurement`),
      h('ul', { class: 'pp-findings' }, [...measurement.map(findingItem), ...warnings.slice(0, 100).map(warningItem)]),
    ) : null,
  );
}
