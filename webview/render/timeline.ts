// The task timeline: a Gantt per mode of which thread, process or async slot ran which task when.
// It shows start-up gaps, imbalance between lanes and idle time. Failed tasks are red.

import type { Chart as ChartJs } from 'chart.js';
import { formatMs, laneLabel, modeLabel } from '../../src/shared/wording/format';
import type { ModeResult, Report, TaskRecord } from '../../src/shared/report/report';
import { chartCard } from '../charts/card';
import { MAX_LANES_DRAWN, MAX_TASKS_DRAWN, sampleTasks } from '../charts/downsample';
import { Chart } from '../charts/setup';
import { h } from '../dom';
import { modeColour, withAlpha, type Palette } from '../theme';
import { msTick, sharedDurationMs } from './scales';

interface Bar { x: [number, number]; y: string; task: TaskRecord }

function laneBusy(tasks: readonly TaskRecord[]): Map<number, number> {
  const busy = new Map<number, number>();
  for (const t of tasks) busy.set(t.lane, (busy.get(t.lane) ?? 0) + Math.max(0, t.endMs - t.startMs));
  return busy;
}

function buildGantt(canvas: HTMLCanvasElement, p: Palette, m: ModeResult, lanes: string[], ok: Bar[], failed: Bar[], xMax: number): ChartJs<'bar', Bar[]> {
  const colour = modeColour(p, m.mode);
  return new Chart<'bar', Bar[]>(canvas, {
    type: 'bar',
    data: {
      labels: lanes,
      datasets: [
        { label: 'task', data: ok, backgroundColor: withAlpha(colour, 0.7), borderColor: colour, borderWidth: 1, borderSkipped: false },
        { label: 'failed task', data: failed, backgroundColor: withAlpha(p.red, 0.85), borderColor: p.red, borderWidth: 1, borderSkipped: false },
      ],
    },
    options: {
      indexAxis: 'y',
      datasets: { bar: { grouped: false, barPercentage: 0.9, categoryPercentage: 0.9, minBarLength: 1 } },
      scales: {
        x: { type: 'linear', min: 0, max: xMax, ticks: { callback: msTick, maxTicksLimit: 8 }, grid: { color: p.grid } },
        y: { type: 'category', grid: { display: false }, ticks: { autoSkip: true } },
      },
      // A click on a task shows its top functions in the CPU-profile section (hotFunctions.ts), when there is one.
      onClick: (_event, elements) => {
        const el = elements[0];
        const bar = el ? (el.datasetIndex === 0 ? ok : failed)[el.index] : undefined;
        if (bar) document.dispatchEvent(new CustomEvent('pp-task-picked', { detail: { mode: m.mode, index: bar.task.index } }));
      },
      plugins: {
        legend: { display: failed.length > 0, position: 'bottom' },
        tooltip: {
          callbacks: {
            title: (items) => { const b = items[0]?.raw as Bar | undefined; return b ? `task ${b.task.index}${b.task.failed ? ' (failed)' : ''}` : ''; },
            label: (item) => { const b = item.raw as Bar; return `${formatMs(b.task.startMs)} → ${formatMs(b.task.endMs)} (${formatMs(b.task.endMs - b.task.startMs)})`; },
          },
        },
        ppBackground: { color: p.background },
      },
    },
  });
}

function timelineCard(m: ModeResult, xMax: number): HTMLElement | null {
  const all = (m.tasks ?? []).filter((t) => Number.isFinite(t.startMs) && Number.isFinite(t.endMs) && Number.isInteger(t.lane) && t.lane >= 0);
  if (all.length === 0) return null;
  const laneCount = Math.min(MAX_LANES_DRAWN, Math.max(m.lanes, ...all.map((t) => t.lane + 1)));
  const inLanes = all.filter((t) => t.lane < laneCount);
  const { tasks, step } = sampleTasks(inLanes, MAX_TASKS_DRAWN);
  const lanes = Array.from({ length: laneCount }, (_, i) => laneLabel(m.mode, i, m.lanes));
  const toBar = (t: TaskRecord): Bar => ({ x: [t.startMs, Math.max(t.startMs, t.endMs)], y: lanes[t.lane], task: t });
  const ok = tasks.filter((t) => !t.failed).map(toBar);
  const failed = tasks.filter((t) => t.failed).map(toBar);

  const notes: string[] = [];
  if (m.tasksTotal !== undefined && m.tasksTotal > all.length) notes.push(`The report keeps ${all.length.toLocaleString('en-US')} of ${m.tasksTotal.toLocaleString('en-US')} tasks.`);
  if (step > 1) notes.push(`Drawing every ${step}th task (${tasks.length.toLocaleString('en-US')} of ${inLanes.length.toLocaleString('en-US')}), failed ones always.`);
  if (inLanes.length < all.length) notes.push(`Lanes past ${laneCount} not drawn.`);

  const busy = laneBusy(all);
  const busyValues = [...busy.values()];
  const failedCount = all.filter((t) => t.failed).length;
  const summary = `${modeLabel(m.mode)}: ${all.length} tasks on ${laneCount} ${laneCount === 1 ? 'lane' : 'lanes'}` +
    (busyValues.length > 1 ? `; busiest lane worked ${formatMs(Math.max(...busyValues))}, least busy ${formatMs(Math.min(...busyValues))}` : '') +
    (failedCount > 0 ? `; ${failedCount} failed` : '') + '.';
  const perLane = laneCount <= 8 ? 26 : laneCount <= 24 ? 14 : 8;
  const title = `Task timeline — ${modeLabel(m.mode)}`;
  return chartCard({
    id: `timeline-${m.mode}`,
    title,
    summary,
    height: Math.min(640, 56 + laneCount * perLane + (failed.length > 0 ? 24 : 0)),
    extra: notes.length ? h('div', { class: 'pp-card-sub' }, h('span', { class: 'pp-note' }, notes.join(' '))) : null,
    create: (canvas, p) => buildGantt(canvas, p, m, lanes, ok, failed, xMax),
    table: {
      caption: title,
      columns: ['task', 'lane', 'start', 'end', 'duration', 'result'],
      rows: all.slice(0, 200).map((t) => [t.index, laneLabel(m.mode, t.lane, m.lanes), formatMs(t.startMs), formatMs(t.endMs), formatMs(t.endMs - t.startMs), t.failed ? 'failed' : 'ok']),
      note: all.length > 200 ? `First 200 of ${all.length.toLocaleString('en-US')} tasks.` : undefined,
    },
  });
}

export function renderTimeline(report: Report): HTMLElement | null {
  const xMax = sharedDurationMs(report);
  const cards = report.modes.map((m) => timelineCard(m, xMax)).filter((c): c is HTMLElement => c !== null);
  if (cards.length === 0) return null;
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-timeline-h' },
    h('h2', { id: 'pp-timeline-h' }, 'Task timeline per lane'),
    h('p', { class: 'pp-lede' }, 'Which thread, process or async slot ran each task, in the median repetition, on the same time scale as the CPU charts. Gaps are idle time; uneven ends are imbalance.'),
    h('div', { class: 'pp-grid' }, cards),
  );
}
