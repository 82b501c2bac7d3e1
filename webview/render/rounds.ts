// The rounds: one repetition of every mode per round, in a rotating order. A strip of the CPU other
// programs used during each mode's turn, round by round (a round that stood apart is marked), and
// why the rounds stopped. It sits under the CPU charts: it says how far those charts were shared.

import { warmupSummary } from '../../src/shared/wording/warmups';
import { formatMs, formatNumber, formatPercent, modeLabel } from '../../src/shared/wording/format';
import type { ModeName, Report, RoundRecord } from '../../src/shared/report/report';
import { chartCard } from '../charts/card';
import { Chart } from '../charts/setup';
import { h } from '../dom';
import { modeColour, withAlpha } from '../theme';

/** Beyond this many rounds the strip is the mean of neighbouring rounds; the table keeps them all. */
const MAX_BARS = 200;

const STOP_WORDS: Record<NonNullable<Report['rounds']>['stop']['reason'], string> = {
  stable: 'stable', time: 'time budget spent', 'max-rounds': 'round limit', fixed: 'fixed count',
  decided: 'decided', clustered: 'clustered run times', 'too-short': 'tasks too short',
};

/** The stopping reason, one line, for the verdict section. */
export function stopLine(report: Report): HTMLElement | null {
  const r = report.rounds;
  if (!r) return null;
  return h('p', { class: 'pp-note pp-stop' },
    h('span', { class: `pp-tag pp-stop-${r.stop.reason}` }, `Rounds: ${STOP_WORDS[r.stop.reason] ?? r.stop.reason}`), ' ',
    r.stop.message,
    r.headline === 'load-aware' ? ' The machine was busy: speedups on free cores are estimated beside the measured ones.' : '',
    ...warmupNodes(report),
  );
}

/** The warm-ups: the line every mode shares, each mode's own line folded under it (ten lines said one thing ten times). */
function warmupNodes(report: Report): HTMLElement[] {
  const w = warmupSummary(report);
  const line = (l: string) => h('span', { class: 'pp-warmups' }, h('br', null), `Warm-ups, ${l}`);
  if (w.head === undefined) return w.modes.map(line);
  return [
    line(w.head),
    h('details', { class: 'pp-warmups-modes' },
      h('summary', null, "Each mode's warm-ups"),
      ...w.modes.map((l) => h('div', { class: 'pp-warmups' }, l))),
  ];
}

function loadOf(round: RoundRecord, mode: ModeName): number | undefined {
  return round.modes.find((m) => m.mode === mode)?.externalLoad;
}

export function renderRounds(report: Report): HTMLElement | null {
  const info = report.rounds;
  if (!info || info.rounds.length === 0) return null;
  const rounds = info.rounds.slice(0, MAX_BARS);
  const modes = report.modes.map((m) => m.mode).filter((mode) => rounds.some((r) => loadOf(r, mode) !== undefined));
  if (modes.length === 0) return null;
  const cores = report.machine.cores;
  const labels = rounds.map((r, i) => `${i + 1}${r.flagged ? ' !' : ''}`);
  const flagged = info.rounds.filter((r) => r.flagged).length;
  const loads = info.rounds.flatMap((r) => r.modes.map((m) => m.externalLoad)).filter((x): x is number => x !== undefined);
  const peak = loads.length > 0 ? Math.max(...loads) : 0;
  const summary = `${info.rounds.length} ${info.interleaved ? 'interleaved rounds' : 'runs per mode, one mode after another'}. Other programs used up to ${formatNumber(peak)} of ${cores} cores${flagged > 0 ? `; ${flagged} round${flagged === 1 ? '' : 's'} stood apart (marked !)` : ''}.`;
  const rows = info.rounds.map((r, i) => [
    `${i + 1}${r.flagged ? ' (stood apart)' : ''}`,
    r.order.map(modeLabel).join(' → '),
    ...report.modes.map((m) => {
      const x = r.modes.find((y) => y.mode === m.mode);
      if (!x) return '—';
      const wait = x.waitMs !== undefined && x.taskMs ? `, waited ${formatPercent(x.waitMs / x.taskMs)}` : '';
      return `${formatMs(x.wallMs)}; others ${formatNumber(x.externalLoad)} cores${wait}`;
    }),
  ]);
  const card = chartCard({
    id: 'rounds-load',
    title: 'Other programs\' CPU, round by round',
    level: 3,
    summary,
    height: 160,
    create: (canvas, p) => new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: modes.map((mode) => ({
          label: modeLabel(mode),
          data: rounds.map((r) => loadOf(r, mode) ?? null),
          backgroundColor: rounds.map((r) => withAlpha(modeColour(p, mode), r.flagged ? 0.95 : 0.55)),
          borderColor: modeColour(p, mode),
          borderWidth: 1,
        })),
      },
      options: {
        scales: {
          x: { title: { display: true, text: 'round (! stood apart)' }, grid: { display: false } },
          y: { min: 0, max: cores, title: { display: true, text: 'cores' }, grid: { color: p.grid } },
        },
        plugins: {
          legend: { display: modes.length > 1, position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y ?? undefined)} cores` } },
          ppBackground: { color: p.background },
        },
      },
    }),
    table: {
      caption: 'Each round: the order the modes ran in; per mode its wall time, the cores other programs used meanwhile, and how long its tasks waited for a core',
      columns: ['round', 'order', ...report.modes.map((m) => modeLabel(m.mode))],
      rows,
    },
    extra: info.rounds.length > MAX_BARS ? h('span', { class: 'pp-note' }, `The first ${MAX_BARS} of ${info.rounds.length} rounds drawn; the table has them all.`) : null,
  });
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-rounds-h' },
    h('h2', { id: 'pp-rounds-h' }, 'Load from other programs'),
    h('p', { class: 'pp-lede' }, info.interleaved
      ? 'Each round ran every mode once, in an order that rotates, so a change in other programs\' load reaches every mode alike; each speedup pairs a mode with the sequential run of the same round.'
      : 'Interleaving was off: each mode ran its repetitions in a row, so a change in other programs\' load fell on one mode only.'),
    card,
  );
}
