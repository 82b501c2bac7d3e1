// Per-core CPU utilisation over time, one small chart per mode on shared scales (x: the longest
// mode's duration, y: 0–100 %), with the tasks in flight as a band underneath and the mode's
// effective utilisation in VTune's bands as a badge.

import type { Chart as ChartJs, ChartDataset } from 'chart.js';
import { bandLabel, formatMs, formatNumber, formatPercent, modeLabel } from '../../src/shared/wording/format';
import type { CpuSeries, ModeResult, Report } from '../../src/shared/report/report';
import { chartCard } from '../charts/card';
import { concurrency, downsampleMean, MAX_CORE_LINES, MAX_POINTS_PER_CHART, type Point } from '../charts/downsample';
import { Chart } from '../charts/setup';
import { h } from '../dom';
import { withAlpha, type Palette } from '../theme';
import { msTick, sharedDurationMs } from './scales';

/** Beyond this many cores, per-core colours stop being readable: one muted colour plus the mean. */
const DISTINCT_CORE_COLOURS = 8;

function utilisationBadge(m: ModeResult): HTMLElement | null {
  if (!m.utilisation) return null;
  const { share, band } = m.utilisation;
  return h('span', { class: `pp-badge pp-band-${band}`, title: 'Effective CPU utilisation: the share of all logical cores busy (VTune bands)' },
    `${formatPercent(share)} of all cores · ${bandLabel(band)}`);
}

/** Every sample's mean over all cores, percent (a missing reading counts as idle). */
export function meanOfCores(cpu: CpuSeries): number[] {
  return cpu.t.map((_, s) => {
    let sum = 0;
    for (const c of cpu.cores) sum += Number.isFinite(c[s]) ? c[s] : 0;
    return cpu.cores.length > 0 ? sum / cpu.cores.length : 0;
  });
}

interface CoreLines { lines: Point[][]; mean: Point[]; samples: number; kept: number; coresCut: number }

function coreLines(m: ModeResult): CoreLines | null {
  const cpu = m.cpu;
  if (!cpu || cpu.t.length === 0 || cpu.cores.length === 0) return null;
  const cores = cpu.cores.slice(0, MAX_CORE_LINES);
  const perLine = Math.max(100, Math.floor(MAX_POINTS_PER_CHART / (cores.length + 1)));
  const lines = cores.map((c) => downsampleMean(cpu.t, c, perLine));
  const mean = downsampleMean(cpu.t, meanOfCores(cpu), perLine);
  return { lines, mean, samples: cpu.t.length, kept: lines[0]?.length ?? 0, coresCut: cpu.cores.length - cores.length };
}

function buildCpuChart(canvas: HTMLCanvasElement, p: Palette, data: CoreLines, band: Point[], lanes: number, xMax: number): ChartJs {
  const distinct = data.lines.length <= DISTINCT_CORE_COLOURS;
  const datasets: ChartDataset<'line', Point[]>[] = data.lines.map((line, c) => ({
    label: `core ${c + 1}`,
    data: line,
    yAxisID: 'y',
    borderColor: distinct ? p.series[c % p.series.length] : withAlpha(p.blue, 0.35),
    borderWidth: distinct ? 1.5 : 1,
    pointRadius: 0,
  }));
  if (!distinct) {
    datasets.push({ label: 'mean of all cores', data: data.mean, yAxisID: 'y', borderColor: p.foreground, borderWidth: 2, pointRadius: 0 });
  }
  datasets.push({
    label: 'tasks running', data: band, yAxisID: 'tasks', stepped: true, fill: 'origin',
    borderColor: p.purple, backgroundColor: withAlpha(p.purple, 0.35), borderWidth: 1, pointRadius: 0,
  });
  return new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, max: xMax, ticks: { callback: msTick, maxTicksLimit: 8 }, grid: { color: p.grid } },
        // Stacked axes: the first listed is drawn lowest, so the task band sits under the CPU lines.
        tasks: {
          type: 'linear', min: 0, max: Math.max(1, lanes), stack: 'cpu', stackWeight: 1, grid: { display: false },
          ticks: { stepSize: Math.max(1, lanes), font: { size: 10 } }, title: { display: true, text: 'tasks', font: { size: 10 } },
        },
        y: {
          type: 'linear', min: 0, max: 100, stack: 'cpu', stackWeight: 4, offset: true, grid: { color: p.grid },
          ticks: { callback: (v) => `${v}%`, stepSize: 25 },
        },
      },
      plugins: {
        legend: { display: true, position: 'bottom', labels: { filter: (item) => distinct || !item.text.startsWith('core ') } },
        tooltip: { callbacks: { title: (items) => (items[0] ? formatMs(items[0].parsed.x ?? undefined) : '') } },
        ppBackground: { color: p.background },
      },
    },
  });
}

function summaryOf(m: ModeResult, data: CoreLines | null): string {
  const parts = [`${modeLabel(m.mode)}:`];
  if (m.utilisation) parts.push(`effective utilisation ${formatPercent(m.utilisation.share)} of all cores (${bandLabel(m.utilisation.band)}).`);
  if (m.coresBusy !== undefined) parts.push(`On average ${formatNumber(m.coresBusy)} cores busy.`);
  if (data) {
    const avg = data.mean.reduce((s, pt) => s + pt.y, 0) / Math.max(1, data.mean.length);
    const peak = data.mean.reduce((s, pt) => Math.max(s, pt.y), 0);
    parts.push(`Mean core utilisation ${avg.toFixed(0)}%, peak ${peak.toFixed(0)}%, over ${data.samples} samples.`);
  }
  return parts.join(' ');
}

export function renderCpu(report: Report): HTMLElement | null {
  const modes = report.modes.filter((m) => m.cpu && m.cpu.t.length > 0);
  if (modes.length === 0) return null;
  const xMax = sharedDurationMs(report);
  const cards = modes.map((m) => {
    const data = coreLines(m);
    const band = concurrency(m.tasks ?? [], MAX_POINTS_PER_CHART);
    const notes: string[] = [];
    if (data && data.kept < data.samples) notes.push(`${data.samples.toLocaleString('en-US')} samples averaged into ${data.kept.toLocaleString('en-US')} points.`);
    if (data && data.coresCut > 0) notes.push(`${data.coresCut} more cores not drawn (the mean includes them).`);
    if (m.tasksTotal !== undefined && m.tasks && m.tasksTotal > m.tasks.length) notes.push(`Task band from a sample of ${m.tasks.length.toLocaleString('en-US')} of ${m.tasksTotal.toLocaleString('en-US')} tasks.`);
    const title = `CPU per core — ${modeLabel(m.mode)}`;
    const rows = data ? data.mean.filter((_, i) => i % Math.max(1, Math.ceil(data.mean.length / 200)) === 0).map((pt) => [formatMs(pt.x), `${pt.y.toFixed(0)}%`]) : [];
    return chartCard({
      id: `cpu-${m.mode}`,
      title,
      level: 3,
      summary: summaryOf(m, data),
      height: 210,
      extra: h('div', { class: 'pp-card-sub' }, utilisationBadge(m), notes.length ? h('span', { class: 'pp-note' }, notes.join(' ')) : null),
      create: (canvas, p) => {
        if (!data) throw new Error('no CPU samples');
        return buildCpuChart(canvas, p, data, band, m.lanes, xMax);
      },
      table: { caption: `${title}: mean of all cores over time`, columns: ['time', 'mean core utilisation'], rows },
    });
  });
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-cpu-h' },
    h('h2', { id: 'pp-cpu-h' }, 'CPU utilisation per core'),
    h('p', { class: 'pp-lede' }, `Same scales for every mode: 0–100% per core, 0–${formatMs(xMax)} of the median repetition. The band underneath shows how many tasks were running.`),
    h('div', { class: 'pp-grid' }, cards),
  );
}
