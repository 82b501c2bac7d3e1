// A chart as the panel shows it: a titled figure whose canvas has role="img" and a summary for
// screen readers, a "Data" disclosure with the numbers as a table, and a PNG button. Every live
// chart is kept in a registry so a theme change can rebuild it in the new colours.

import { button, h, type Child } from '../dom';
import { postToHost } from '../vscodeApi';
import { readPalette, type Palette } from '../theme';
import { setupCharts } from './setup';

/** What the registry needs of a chart: any Chart.js instance, whatever its data type. */
export interface DrawnChart { destroy(): void }

export interface DataTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
  /** Said under the table when rows were left out. */
  note?: string;
}

export interface ChartCardOptions {
  /** File-name friendly id, used for the PNG name. */
  id: string;
  title: string;
  /** One or two sentences a screen reader says instead of the picture. */
  summary: string;
  /** CSS height of the plot area in px. */
  height: number;
  create: (canvas: HTMLCanvasElement, palette: Palette) => DrawnChart;
  table?: DataTable;
  /** Extra content under the title (badges, notes). */
  extra?: Child;
  /** Heading level of the title. */
  level?: 3 | 4;
}

interface LiveChart {
  canvas: HTMLCanvasElement;
  create: ChartCardOptions['create'];
  chart: DrawnChart | null;
}

const live = new Set<LiveChart>();

function build(entry: LiveChart, palette: Palette): void {
  entry.chart?.destroy();
  entry.chart = null;
  try {
    entry.chart = entry.create(entry.canvas, palette);
  } catch (err) {
    // One broken chart must not take the rest of the panel with it.
    console.warn('chart failed', err);
    entry.canvas.replaceWith(h('p', { class: 'pp-note' }, 'This chart could not be drawn.'));
  }
}

export function chartCard(opts: ChartCardOptions): HTMLElement {
  const palette = readPalette();
  setupCharts(palette);
  const canvas = h('canvas', { role: 'img', 'aria-label': `${opts.title}. ${opts.summary}` });
  const plot = h('div', { class: 'pp-plot' }, canvas);
  plot.style.height = `${opts.height}px`;
  const entry: LiveChart = { canvas, create: opts.create, chart: null };
  live.add(entry);

  const png = button('PNG', () => {
    postToHost({ type: 'savePng', name: `${opts.id}.png`, dataUrl: canvas.toDataURL('image/png') });
  }, { class: 'pp-small', title: `Save “${opts.title}” as a PNG image`, 'aria-label': `Save ${opts.title} as PNG` });

  const Heading = opts.level === 4 ? 'h4' : 'h3';
  const figure = h('figure', { class: 'pp-card', 'data-chart': opts.id },
    h('div', { class: 'pp-card-head' }, h(Heading, { class: 'pp-card-title' }, opts.title), h('div', { class: 'pp-card-actions' }, png)),
    opts.extra ?? null,
    plot,
    h('figcaption', { class: 'pp-sr-only' }, opts.summary),
    opts.table ? dataTable(opts.table) : null,
  );
  // Chart.js needs the canvas in the document to size it; build on the next frame.
  queueMicrotask(() => build(entry, palette));
  return figure;
}

export function dataTable(t: DataTable): HTMLElement {
  return h('details', { class: 'pp-data' },
    h('summary', null, 'Data'),
    h('table', { class: 'pp-table' },
      h('caption', { class: 'pp-sr-only' }, t.caption),
      h('thead', null, h('tr', null, t.columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, t.rows.map((r) => h('tr', null, r.map((cell) => h('td', null, String(cell)))))),
    ),
    t.note ? h('p', { class: 'pp-note' }, t.note) : null,
  );
}

/** Rebuilds every live chart in the current theme's colours. */
export function rebuildCharts(): void {
  const palette = readPalette();
  setupCharts(palette);
  for (const entry of live) {
    if (!entry.canvas.isConnected) { entry.chart?.destroy(); live.delete(entry); continue; }
    build(entry, palette);
  }
}

/** Destroys every chart (before a new report replaces the page). */
export function destroyCharts(): void {
  for (const entry of live) entry.chart?.destroy();
  live.clear();
}

/** Charts drawn so far (for tests and the page's own status). */
export function liveChartCount(): number {
  let n = 0;
  for (const entry of live) if (entry.chart) n++;
  return n;
}
