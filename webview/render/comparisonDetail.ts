// The comparison view's second half: B's CPU per core against A's (one chart per mode, both
// versions on the same scales), and where each version's time went when both were profiled (code
// categories and functions side by side, the biggest changes first). A part whose data is missing
// says so and what would give it, instead of drawing nothing.

import type { Chart as ChartJs, ChartDataset } from 'chart.js';
import type { BaseModeDetail, Comparison } from '../../src/shared/report/comparison';
import type { CpuSeries, ModeName, ModeResult, Report } from '../../src/shared/report/report';
import { categoryChanges, functionChanges, type VersionChange } from '../../src/shared/report/versionChanges';
import { bandLabel, formatMs, formatNumber, formatPercent, modeLabel } from '../../src/shared/wording/format';
import { categoryLabel, functionLabel } from '../../src/shared/wording/formatFunction';
import { chartCard } from '../charts/card';
import { downsampleMean, MAX_POINTS_PER_CHART, type Point } from '../charts/downsample';
import { Chart } from '../charts/setup';
import { clip, h } from '../dom';
import { meanOfCores } from './cpu';
import { msTick } from './scales';
import { withAlpha, type Palette } from '../theme';
import { niceCeil } from './scales';

/** Per-core lines are drawn for both versions up to this many cores; past it, only each version's mean. */
const CORE_LINES_EACH = 8;
const FUNCTION_ROWS = 10;

interface Side { label: string; cpu: CpuSeries; utilisation?: ModeResult['utilisation']; coresBusy?: number }

/** The mean over cores of one sample, and over every sample: what the card's text says. */
export function meanUtilisation(cpu: CpuSeries): number {
  const m = meanOfCores(cpu);
  return m.length > 0 ? m.reduce((a, b) => a + b, 0) / m.length : 0;
}

/**
 * The per-core samples count every program on the machine; cores busy and the utilisation band count
 * the version's own threads and processes. Both are said, each for what it is.
 */
function sideText(s: Side): string {
  const own: string[] = [];
  if (s.coresBusy !== undefined) own.push(`${formatNumber(s.coresBusy)} cores busy`);
  if (s.utilisation) own.push(`${formatPercent(s.utilisation.share)} of all cores, ${bandLabel(s.utilisation.band)}`);
  return `${s.label}: cores ${meanUtilisation(s.cpu).toFixed(0)}% busy on average (every program)${own.length ? `; its own threads and processes ${own.join(', ')}` : ''}`;
}

function lastT(cpu: CpuSeries): number {
  const t = cpu.t[cpu.t.length - 1];
  return Number.isFinite(t) ? t : 0;
}

function buildPair(canvas: HTMLCanvasElement, p: Palette, a: Side, b: Side, xMax: number): ChartJs {
  const datasets: ChartDataset<'line', Point[]>[] = [];
  const add = (s: Side, colour: string, dash: number[], who: 'A' | 'B'): void => {
    const perLine = Math.max(100, Math.floor(MAX_POINTS_PER_CHART / (2 * (Math.min(s.cpu.cores.length, CORE_LINES_EACH) + 1))));
    if (s.cpu.cores.length <= CORE_LINES_EACH) {
      s.cpu.cores.forEach((core, c) => datasets.push({
        label: `${who} core ${c + 1}`, data: downsampleMean(s.cpu.t, core, perLine), borderColor: withAlpha(colour, 0.45), borderWidth: 1, borderDash: dash, pointRadius: 0, clip: 4,
      }));
    }
    datasets.push({ label: `${who}: mean of all cores`, data: downsampleMean(s.cpu.t, meanOfCores(s.cpu), perLine), borderColor: colour, borderWidth: 2.5, borderDash: dash, pointRadius: 0, clip: 4 });
  };
  add(a, p.muted, [6, 4], 'A');
  add(b, p.blue, [], 'B');
  return new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, max: xMax, ticks: { callback: msTick, maxTicksLimit: 8 }, grid: { color: p.grid } },
        y: { type: 'linear', min: 0, max: 100, ticks: { callback: (v) => `${v}%`, stepSize: 25 }, grid: { color: p.grid } },
      },
      plugins: {
        legend: { display: true, position: 'bottom', labels: { filter: (item) => !/ core \d+$/.test(item.text) } },
        tooltip: { callbacks: { title: (items) => (items[0] ? formatMs(items[0].parsed.x ?? undefined) : '') } },
        ppBackground: { color: p.background },
      },
    },
  });
}

function baseOf(c: Comparison, mode: ModeName): BaseModeDetail | undefined {
  return c.baseModes?.find((m) => m.mode === mode);
}

/** Per mode compared, B's CPU per core against A's on one chart; a note where either has no samples. */
export function renderComparisonCpu(report: Report, c: Comparison): HTMLElement {
  const compared = c.modes.filter((m) => m.wall);
  const pairs = compared.map((m) => ({ mode: m.mode, a: baseOf(c, m.mode), b: report.modes.find((x) => x.mode === m.mode) }))
    .filter((x) => x.a?.cpu && x.a.cpu.t.length > 0 && x.b?.cpu && x.b.cpu.t.length > 0);
  const head = h('h3', { id: 'pp-cmp-cpu-h' }, 'CPU per core, A against B');
  if (pairs.length === 0) {
    const why = !c.baseModes
      ? `This comparison carries no CPU samples of ${clip(c.base, 120)} (it was made before comparisons kept them): compare again to see them.`
      : `One of the two versions has no CPU samples for the modes compared.`;
    return h('div', { class: 'pp-cmp-cpu', 'aria-labelledby': 'pp-cmp-cpu-h' }, head, h('p', { class: 'pp-note', 'data-missing': 'cpu' }, why));
  }
  const xMax = niceCeil(Math.max(1, ...pairs.flatMap((x) => [lastT(x.a!.cpu!), lastT(x.b!.cpu!)])));
  const cards = pairs.map(({ mode, a, b }) => {
    const sa: Side = { label: 'A', cpu: a!.cpu!, utilisation: a!.utilisation, coresBusy: a!.coresBusy };
    const sb: Side = { label: 'B', cpu: b!.cpu!, utilisation: b!.utilisation, coresBusy: b!.coresBusy };
    const summary = `${modeLabel(mode)}. ${sideText(sa)}. ${sideText(sb)}.`;
    const card = chartCard({
      id: `cmp-cpu-${mode}`,
      title: `CPU per core — ${modeLabel(mode)}`,
      level: 4,
      summary,
      height: 190,
      extra: h('ul', { class: 'pp-cmp-cpu-text' },
        h('li', { 'data-side': 'A' }, sideText(sa)),
        h('li', { 'data-side': 'B' }, sideText(sb))),
      create: (canvas, p) => buildPair(canvas, p, sa, sb, xMax),
      table: {
        caption: `CPU per core — ${modeLabel(mode)}: each version's mean over cores, every sample`,
        columns: ['version', 'time', 'mean core utilisation'],
        rows: [...[sa, sb].flatMap((s, i) => meanOfCores(s.cpu).map((y, k) => [i === 0 ? 'A' : 'B', formatMs(s.cpu.t[k]), `${y.toFixed(0)}%`]))].slice(0, 400),
      },
    });
    card.dataset.mode = mode;
    return card;
  });
  const missing = compared.filter((m) => !pairs.some((x) => x.mode === m.mode)).map((m) => modeLabel(m.mode));
  return h('div', { class: 'pp-cmp-cpu', 'aria-labelledby': 'pp-cmp-cpu-h' },
    head,
    h('p', { class: 'pp-muted' }, `Each version's median repetition, on the same scales (0–100% per core, 0–${formatMs(xMax)}): A dashed, B solid; the thick lines are the mean of all cores.`),
    h('div', { class: 'pp-grid pp-grid-2' }, cards),
    missing.length > 0 ? h('p', { class: 'pp-note', 'data-missing': 'cpu' }, `No CPU samples in both versions for ${missing.join(', ')}.`) : null,
  );
}

function msCell(x: number | undefined): string {
  return x === undefined ? 'not listed' : formatMs(x);
}

function deltaCell(d: VersionChange<unknown>): string {
  if (d.base === undefined) return 'new in B';
  if (d.new === undefined) return 'gone in B';
  const sign = d.deltaMs > 0 ? '+' : d.deltaMs < 0 ? '−' : '±';
  return `${sign}${formatMs(Math.abs(d.deltaMs))}`;
}

function changeTable<T>(caption: string, first: string, rows: VersionChange<T>[], label: (x: T) => string): HTMLElement {
  return h('div', { class: 'pp-table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', { class: 'pp-table pp-numbers pp-cmp-where-table' },
      h('caption', { class: 'pp-sr-only' }, caption),
      h('thead', null, h('tr', null, [first, 'A / task', 'B / task', 'change'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.map((r) => h('tr', { 'data-label': label(r.item) },
        h('td', null, clip(label(r.item), 200)),
        h('td', { class: 'pp-num' }, msCell(r.base)),
        h('td', { class: 'pp-num' }, msCell(r.new)),
        h('td', { class: `pp-num ${r.deltaMs > 0 ? 'pp-worse' : r.deltaMs < 0 ? 'pp-better' : ''}` }, deltaCell(r)),
      ))),
    ));
}

const RERUN = 'run both with --cpu-profile to see where the time went';

/** Per mode where both versions were profiled: categories and functions side by side, biggest change first. */
export function renderComparisonProfiles(report: Report, c: Comparison): HTMLElement {
  const head = h('h3', { id: 'pp-cmp-where-h' }, 'Where each version\'s time went');
  const compared = c.modes.filter((m) => m.wall);
  const both = compared.map((m) => ({ mode: m.mode, a: baseOf(c, m.mode), b: report.modes.find((x) => x.mode === m.mode) }))
    .filter((x) => x.a?.profile && x.a.hotFunctions && x.b?.cpuProfile && x.b.hotFunctions);
  if (both.length === 0) {
    const aHas = compared.some((m) => baseOf(c, m.mode)?.profile);
    const bHas = compared.some((m) => report.modes.find((x) => x.mode === m.mode)?.cpuProfile);
    const which = aHas && !bHas ? `B (${clip(c.new, 60)}) has no CPU profile` : !aHas && bHas ? `A (${clip(c.base, 60)}) has no CPU profile` : 'neither version has a CPU profile';
    const how = c.paired ? 'profile again with --versus and --cpu-profile to see where each version\'s time went' : RERUN;
    return h('div', { class: 'pp-cmp-where', 'aria-labelledby': 'pp-cmp-where-h' }, head, h('p', { class: 'pp-note', 'data-missing': 'profile' }, `${which}: ${how}.`));
  }
  const tasks = report.settings.tasks;
  const cards = both.map(({ mode, a, b }) => {
    const cats = categoryChanges(a!.profile!.categories, b!.cpuProfile!.categories, tasks);
    const fns = functionChanges(a!.hotFunctions!, b!.hotFunctions!);
    const gc = `garbage collector ${formatPercent(a!.profile!.gcShare)} of A's sampled task time, ${formatPercent(b!.cpuProfile!.gcShare)} of B's`;
    return h('div', { class: 'pp-card pp-cmp-where-mode', 'data-mode': mode },
      h('h4', null, modeLabel(mode)),
      h('p', { class: 'pp-note' }, `Self time per task in each version's profiled repetition (not counted in the timings), the biggest change first; ${gc}. Each version was profiled once, one after the other, not paired: on a busy machine these times move with the load, the shares less.`),
      h('h5', null, 'By kind of code'),
      changeTable(`Where the time went by kind of code, ${modeLabel(mode)}, A and B`, 'code', cats, (k) => categoryLabel(k.category, k.library)),
      h('h5', null, 'By function'),
      changeTable(`Where the time went by function, ${modeLabel(mode)}, A and B`, 'function', fns.slice(0, FUNCTION_ROWS), functionLabel),
      fns.length > FUNCTION_ROWS ? h('p', { class: 'pp-note' }, `${fns.length - FUNCTION_ROWS} smaller changes not shown.`) : null,
    );
  });
  const missing = compared.filter((m) => !both.some((x) => x.mode === m.mode)).map((m) => modeLabel(m.mode));
  return h('div', { class: 'pp-cmp-where', 'aria-labelledby': 'pp-cmp-where-h' },
    head,
    h('div', { class: 'pp-grid pp-grid-2' }, cards),
    missing.length > 0 ? h('p', { class: 'pp-note', 'data-missing': 'profile' }, `No CPU profile in both versions for ${missing.join(', ')}.`) : null,
  );
}
