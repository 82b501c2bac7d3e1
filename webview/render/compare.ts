// Comparison with an earlier run of the same function: pick one from the history; when the host
// sends it, show per mode what changed (wall time and speedup, then vs now).

import { formatMs, formatPercent, formatSpeedup, modeLabel } from '../../src/shared/wording/format';
import type { HistoryEntry } from '../../src/shared/panel/protocol';
import type { ModeName, Report } from '../../src/shared/report/report';
import { clip, h } from '../dom';
import { postToHost } from '../vscodeApi';

function change(then: number | undefined, now: number | undefined): { text: string; cls: string } {
  if (then === undefined || now === undefined || !Number.isFinite(then) || !Number.isFinite(now) || then === 0) return { text: '—', cls: '' };
  const rel = (now - then) / then;
  const sign = rel > 0 ? '+' : '';
  return { text: `${sign}${formatPercent(rel)}`, cls: Math.abs(rel) < 0.03 ? 'pp-same' : rel > 0 ? 'pp-up' : 'pp-down' };
}

export function compareTable(now: Report, then: Report): HTMLElement {
  const modes: ModeName[] = [];
  for (const m of [...now.modes, ...then.modes]) if (!modes.includes(m.mode)) modes.push(m.mode);
  const rows = modes.map((mode) => {
    const a = then.modes.find((m) => m.mode === mode);
    const b = now.modes.find((m) => m.mode === mode);
    const wall = change(a?.wallMs?.median, b?.wallMs?.median);
    const speed = change(a?.speedup, b?.speedup);
    // Less wall time is better, more speedup is better: colour by meaning, not by sign.
    const wallCls = wall.cls === 'pp-up' ? 'pp-worse' : wall.cls === 'pp-down' ? 'pp-better' : wall.cls;
    const speedCls = speed.cls === 'pp-up' ? 'pp-better' : speed.cls === 'pp-down' ? 'pp-worse' : speed.cls;
    return h('tr', null,
      h('th', { scope: 'row' }, modeLabel(mode)),
      h('td', { class: 'pp-num' }, formatMs(a?.wallMs?.median)),
      h('td', { class: 'pp-num' }, formatMs(b?.wallMs?.median)),
      h('td', { class: `pp-num ${wallCls}` }, wall.text),
      h('td', { class: 'pp-num' }, formatSpeedup(a?.speedup)),
      h('td', { class: 'pp-num' }, formatSpeedup(b?.speedup)),
      h('td', { class: `pp-num ${speedCls}` }, speed.text),
    );
  });
  const created = new Date(then.createdAt);
  return h('div', { class: 'pp-compare-result' },
    h('p', { class: 'pp-muted' }, `Then: ${Number.isNaN(created.getTime()) ? clip(then.createdAt, 60) : created.toLocaleString()}, ${then.settings.tasks} tasks × ${then.settings.workers} workers on ${then.machine.cores} cores.`),
    h('div', { class: 'pp-table-wrap' },
      h('table', { class: 'pp-table pp-numbers' },
        h('caption', { class: 'pp-sr-only' }, 'Differences per mode, then and now'),
        h('thead', null, h('tr', null, ['Mode', 'Wall then', 'Wall now', 'Change', 'Speedup then', 'Speedup now', 'Change'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, rows),
      ),
    ),
  );
}

export function renderCompare(now: Report, history: HistoryEntry[], selectedId: string | undefined, then: Report | undefined): HTMLElement | null {
  if (history.length === 0 && !then) return null;
  const select = h('select', { id: 'pp-compare-select', 'aria-describedby': 'pp-compare-help' },
    h('option', { value: '' }, 'Choose an earlier run…'),
    history.slice(0, 200).map((e) => {
      const d = new Date(e.createdAt);
      const when = Number.isNaN(d.getTime()) ? e.createdAt : d.toLocaleString();
      const opt = h('option', { value: e.id }, clip(`${when} — ${e.label}`, 200));
      if (e.id === selectedId) opt.selected = true;
      return opt;
    }),
  );
  select.addEventListener('change', () => {
    if (select.value) postToHost({ type: 'pickComparison', id: select.value });
  });
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-compare-h' },
    h('h2', { id: 'pp-compare-h' }, 'Compare with an earlier run'),
    h('p', { class: 'pp-compare-pick' }, h('label', { for: 'pp-compare-select' }, 'Earlier run: '), select),
    h('p', { id: 'pp-compare-help', class: 'pp-muted' }, 'Runs of this function kept in this workspace.'),
    h('div', { id: 'pp-compare-out' }, then ? compareTable(now, then) : null),
  );
}
