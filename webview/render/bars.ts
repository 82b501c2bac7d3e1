// Wall time and speedup per mode as bars, with the repetitions' min–max as whiskers and the ideal
// speedup, min(cores, workers, tasks), as a dashed line.

import { warmupCount } from '../../src/shared/wording/warmups';
import { formatMs, formatSpeedup, formatSpeedupWithInterval, formatSpread, modeLabel } from '../../src/shared/wording/format';
import type { ModeResult, Report } from '../../src/shared/report/report';
import { chartCard } from '../charts/card';
import { Chart } from '../charts/setup';
import { h } from '../dom';
import type { ReferenceLine } from '../charts/plugins';
import { modeColour, withAlpha, type Palette } from '../theme';
import { wrapLabel } from './scales';

export function idealSpeedup(report: Report): number {
  const { cores } = report.machine;
  const { workers, tasks } = report.settings;
  return Math.max(1, Math.min(cores, workers, tasks));
}

function speedupRange(m: ModeResult, seq: ModeResult | undefined): [number, number] | null {
  if (m.speedupCi && Number.isFinite(m.speedupCi.low) && Number.isFinite(m.speedupCi.high)) return [m.speedupCi.low, m.speedupCi.high];
  // Without an interval, the range of repetitions still bounds it: fastest vs slowest.
  if (seq?.wallMs && m.wallMs && m.wallMs.min > 0 && m.wallMs.max > 0 && m.mode !== 'sequential') {
    return [seq.wallMs.median / m.wallMs.max, seq.wallMs.median / m.wallMs.min];
  }
  return null;
}

/** What differs between the two bar charts; the rest (a bar per mode in its colour, whiskers, background) is shared. */
interface ModeBarsSpec {
  label: string;
  values: number[];
  axisTitle: string;
  tick: (value: number) => string;
  max?: number;
  tooltip: (index: number) => string;
  whiskers: ([number, number] | null)[];
  reference?: ReferenceLine;
}

function modeBars(canvas: HTMLCanvasElement, p: Palette, done: ModeResult[], labels: string[][], spec: ModeBarsSpec): Chart<'bar'> {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [{
        label: spec.label,
        data: spec.values,
        backgroundColor: done.map((m) => withAlpha(modeColour(p, m.mode), 0.75)),
        borderColor: done.map((m) => modeColour(p, m.mode)),
        borderWidth: 1,
        maxBarThickness: 56,
      }],
    },
    options: {
      scales: {
        y: { beginAtZero: true, ...(spec.max !== undefined ? { max: spec.max } : {}), title: { display: true, text: spec.axisTitle }, ticks: { callback: (v) => spec.tick(Number(v)) }, grid: { color: p.grid } },
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => spec.tooltip(item.dataIndex) } },
        ppWhiskers: { ranges: spec.whiskers, color: p.foreground },
        ...(spec.reference ? { ppReferenceLines: { lines: [spec.reference] } } : {}),
        ppBackground: { color: p.background },
      },
    },
  });
}

export function renderBars(report: Report): HTMLElement | null {
  const done = report.modes.filter((m) => m.status === 'completed' && m.wallMs);
  if (done.length === 0) return null;
  const seq = report.modes.find((m) => m.mode === 'sequential');
  const labels = done.map((m) => wrapLabel(modeLabel(m.mode)));
  const ideal = idealSpeedup(report);

  const wall = chartCard({
    id: 'wall-time',
    title: 'Wall time per mode',
    summary: done.map((m) => `${modeLabel(m.mode)} ${formatSpread(m.wallMs)}`).join('; ') + '. Bars show the median, whiskers the fastest and slowest repetition.',
    height: 230,
    create: (canvas, p) => modeBars(canvas, p, done, labels, {
      label: 'median wall time',
      values: done.map((m) => m.wallMs?.median ?? 0),
      axisTitle: 'wall time',
      tick: formatMs,
      tooltip: (i) => formatSpread(done[i]?.wallMs),
      whiskers: done.map((m) => (m.wallMs ? [m.wallMs.min, m.wallMs.max] : null)),
    }),
    table: {
      caption: 'Wall time per mode',
      columns: ['mode', 'median', 'min', 'max', 'repetitions'],
      rows: done.map((m) => [modeLabel(m.mode), formatMs(m.wallMs?.median), formatMs(m.wallMs?.min), formatMs(m.wallMs?.max), m.wallMs?.runs.length ?? 0]),
    },
  });

  const ranges = done.map((m) => speedupRange(m, seq));
  const maxY = Math.max(ideal, ...done.map((m) => m.speedup ?? 0), ...ranges.map((r) => (r ? r[1] : 0))) * 1.12;
  const speed = chartCard({
    id: 'speedup',
    title: 'Speedup over sequential',
    summary: done.map((m) => `${modeLabel(m.mode)} ${formatSpeedupWithInterval(m.speedup, m.speedupCi)}${m.loadAware ? ` (on free cores, estimated: ${formatSpeedupWithInterval(m.loadAware.speedup, m.loadAware.speedupCi)})` : ''}`).join('; ') + `. The ideal on this machine and settings is ${formatSpeedup(ideal)}.`,
    height: 230,
    create: (canvas, p) => modeBars(canvas, p, done, labels, {
      label: 'speedup',
      values: done.map((m) => m.speedup ?? (m.mode === 'sequential' ? 1 : 0)),
      axisTitle: 'speedup (×)',
      tick: (v) => `${v}×`,
      max: Math.ceil(maxY * 2) / 2,
      tooltip: (i) => formatSpeedupWithInterval(done[i]?.speedup, done[i]?.speedupCi),
      whiskers: ranges,
      reference: { value: ideal, label: `ideal ${formatSpeedup(ideal)}`, color: p.muted },
    }),
    table: {
      caption: 'Speedup over sequential per mode',
      columns: ['mode', 'speedup', 'interval low', 'interval high', 'on free cores (estimate)', 'ideal'],
      rows: done.map((m, i) => [modeLabel(m.mode), formatSpeedup(m.speedup), ranges[i] ? formatSpeedup(ranges[i]![0]) : '—', ranges[i] ? formatSpeedup(ranges[i]![1]) : '—', m.loadAware ? formatSpeedupWithInterval(m.loadAware.speedup, m.loadAware.speedupCi) : '—', formatSpeedup(ideal)]),
    },
  });

  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-bars-h' },
    h('h2', { id: 'pp-bars-h' }, 'Wall time and speedup'),
    h('p', { class: 'pp-lede' }, `${report.rounds ? `Median of ${report.rounds.rounds.length} ${report.rounds.interleaved ? 'interleaved rounds (speedups paired round by round)' : 'repetitions per mode'}` : `Median of ${report.settings.repeat} repetitions`} after ${warmupCount(report)}; whiskers span the fastest and slowest. Dashed: the ideal, min(cores, workers, tasks) = ${ideal}.`),
    h('div', { class: 'pp-grid pp-grid-2' }, wall, speed),
  );
}
