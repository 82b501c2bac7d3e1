// The report's comparison (--versus, --baseline): per mode, A's and B's median time as paired bars on
// one scale, the change with its interval, the change in speedup, and a badge that says faster,
// slower or no detectable difference. The sentences come from src/shared/wording/comparison.ts, as
// the CLI's do, so both say the same thing.

import type { ChangeKind, Comparison, ModeComparison } from '../../src/shared/report/comparison';
import { changeInterval, comparisonHeadline, formatP, signedPercent, speedupChangeText } from '../../src/shared/wording/comparison';
import { formatMs, formatPercent, modeLabel } from '../../src/shared/wording/format';
import type { Report } from '../../src/shared/report/report';
import { clip, h } from '../dom';
import { renderComparisonCpu, renderComparisonProfiles } from './comparisonDetail';

const BADGE: Record<ChangeKind, { text: string; cls: string }> = {
  faster: { text: 'faster', cls: 'pp-better' },
  slower: { text: 'slower', cls: 'pp-worse' },
  'within-threshold': { text: 'within noise threshold', cls: 'pp-muted' },
  'no-difference': { text: 'no detectable difference', cls: 'pp-muted' },
};

function bar(label: string, ms: number, scale: number, cls: string): HTMLElement {
  const pct = scale > 0 ? Math.max(1, Math.min(100, (ms / scale) * 100)) : 0;
  // Width through CSSOM: the panel's CSP refuses style attributes.
  const fill = h('span', { class: `pp-cmp-bar ${cls}` });
  fill.style.width = `${pct.toFixed(1)}%`;
  return h('div', { class: 'pp-cmp-row' },
    h('span', { class: 'pp-cmp-label' }, label),
    h('span', { class: 'pp-cmp-track', role: 'img', 'aria-label': `${label}: ${formatMs(ms)}` }, fill),
    h('span', { class: 'pp-cmp-value' }, formatMs(ms)),
  );
}

function modeCard(m: ModeComparison, c: Comparison, scale: number): HTMLElement {
  if (!m.wall || !m.change) {
    return h('div', { class: 'pp-cmp-mode' }, h('h3', null, modeLabel(m.mode)), h('p', { class: 'pp-muted' }, `Not compared: ${clip(m.skipped ?? 'no data', 200)}.`));
  }
  const badge = BADGE[m.change];
  const speed = speedupChangeText(m);
  return h('div', { class: 'pp-cmp-mode', 'data-mode': m.mode, 'data-change': m.change },
    h('div', { class: 'pp-card-head' },
      h('h3', { class: 'pp-card-title' }, modeLabel(m.mode)),
      h('span', { class: `pp-badge ${badge.cls}` }, badge.text),
    ),
    bar(`A: ${clip(c.base, 60)}`, m.wall.base, scale, 'pp-cmp-a'),
    bar(`B: ${clip(c.new, 60)}`, m.wall.new, scale, 'pp-cmp-b'),
    h('p', { class: 'pp-cmp-change' },
      `Time ${signedPercent(m.wall.ratio)} ${changeInterval(m.wall)}, ${formatP(m.wall.pValue)}, ${m.wall.samples[0]}${c.paired ? ' paired rounds' : ` and ${m.wall.samples[1]} rounds`}.`),
    speed ? h('p', { class: 'pp-muted' }, `${speed.charAt(0).toUpperCase()}${speed.slice(1)}.`) : null,
  );
}

/** One part of the view, alone: a part that throws says so and leaves the rest standing. */
function detail(name: string, build: () => HTMLElement): HTMLElement {
  try {
    return build();
  } catch (err) {
    console.warn(`comparison part ${name} failed`, err);
    return h('p', { class: 'pp-note' }, `The comparison's ${name} could not be shown: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function renderComparisonView(report: Report): HTMLElement | null {
  const c = report.comparison;
  if (!c) return null;
  const scale = Math.max(0, ...c.modes.flatMap((m) => (m.wall ? [m.wall.base, m.wall.new] : [])));
  const how = c.paired ? 'in the same rounds, each repetition paired with the other version\'s' : 'from each report\'s own rounds (unpaired)';
  return h('section', { class: 'pp-section pp-cmp', 'aria-labelledby': 'pp-cmp-h', 'data-outcome': c.outcome },
    h('h2', { id: 'pp-cmp-h' }, `Compared with ${clip(c.versus, 120)}`),
    h('p', { class: 'pp-summary' }, comparisonHeadline(c)),
    h('p', { class: 'pp-muted' }, `B is this run, A ${clip(c.base, 120)}, measured ${how}; significance level ${formatPercent(c.alpha)}, noise threshold ${formatPercent(c.threshold)}.`),
    h('div', { class: 'pp-grid pp-grid-2' }, c.modes.map((m) => modeCard(m, c, scale))),
    detail('CPU per core', () => renderComparisonCpu(report, c)),
    detail('where the time went', () => renderComparisonProfiles(report, c)),
    c.machineDifferences.length > 0 ? h('p', { class: 'pp-note' }, `Different machines: ${clip(c.machineDifferences.join('; '), 400)}.`) : null,
    c.notes.map((n) => h('p', { class: 'pp-note' }, clip(n, 600))),
  );
}

/**
 * "Compare with…" refused (a different function, tasks, arguments or workers; another machine): the
 * engine's message, which names each field that differs on its own indented line, kept as a list.
 */
export function renderComparisonRefused(message: string): HTMLElement {
  const lines = message.split('\n');
  const fields = lines.filter((l) => /^\s/.test(l)).map((l) => h('li', null, clip(l.trim(), 300)));
  const prose = lines.filter((l) => !/^\s/.test(l));
  return h('section', { class: 'pp-section pp-cmp-refused', 'aria-labelledby': 'pp-cmp-refused-h' },
    h('h2', { id: 'pp-cmp-refused-h' }, 'These reports cannot be compared'),
    h('p', null, clip(prose[0] ?? '', 600)),
    fields.length > 0 ? h('ul', null, fields) : null,
    prose.slice(1).map((l) => h('p', { class: 'pp-muted' }, clip(l, 600))),
  );
}
