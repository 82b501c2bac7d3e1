// The panel while a profile runs: the same sections in the same order as the report that will
// replace it (top, progress where the verdict goes, finished modes where the bars go, CPU, timeline),
// so nothing jumps when it does. Charts are built once per repetition and then updated in place with
// each snapshot (at most five a second), so the panel never flashes while it fills.

import type { Chart as ChartJs } from 'chart.js';
import { formatMs, formatSpeedup, formatSpread, laneLabel, modeLabel, statusLabel } from '../../src/shared/wording/format';
import { LIVE_TASK_FIELDS, L_END, L_FAILED, L_INDEX, L_LANE, L_START, RUNNING_FIELDS, R_INDEX, R_LANE, R_START } from '../../src/shared/live/events';
import type { LiveSnapshot } from '../../src/shared/live/state';
import { liveProgress, soFarLabel, speedupName, speedupSoFar } from '../../src/shared/wording/liveText';
import { chartCard, destroyCharts } from '../charts/card';
import { Chart } from '../charts/setup';
import { button, clip, h, replaceChildren } from '../dom';
import { modeColour, withAlpha, type Palette } from '../theme';
import { postToHost } from '../vscodeApi';
import { msTick, niceCeil } from './scales';

interface Bar { x: [number, number]; y: string; index: number }
interface Point { x: number; y: number }

interface LiveData { lines: Point[][]; lanes: string[]; done: Bar[]; failed: Bar[]; running: Bar[]; xMax: number; colour: string }

interface View {
  root: HTMLElement;
  key: string;
  title: HTMLElement;
  cancel: HTMLButtonElement;
  progress: HTMLElement;
  bar: HTMLProgressElement;
  soFar: HTMLElement;
  finished: HTMLElement;
  cpuNote: HTMLElement;
  timelineNote: HTMLElement;
  data: LiveData;
  cpu?: ChartJs<'line', Point[]>;
  gantt?: ChartJs<'bar', Bar[]>;
}

let view: View | undefined;

/** Draws or updates the live view in `root`. */
export function renderLive(root: HTMLElement, s: LiveSnapshot): void {
  const data = liveData(s);
  const key = structureKey(s, data);
  if (!view || view.root !== root || view.key !== key || !root.contains(view.title)) view = build(root, s, key, data);
  view.data = data;
  update(view, s);
}

/** The report replaced the live view: forget its charts (renderReport destroys them). */
export function leaveLive(): void {
  view = undefined;
}

function structureKey(s: LiveSnapshot, d: LiveData): string {
  const c = s.current;
  const r = c?.repetition;
  return [s.functionName, c?.mode, c?.sweep, c?.lanes, r?.warmup, r?.index, d.lines.length, d.lanes.length].join('|');
}

function build(root: HTMLElement, s: LiveSnapshot, key: string, data: LiveData): View {
  destroyCharts();
  const title = h('span', { class: 'pp-h1-sub' });
  const cancel = button('Cancel', () => { cancel.disabled = true; postToHost({ type: 'cancel' }); }, {
    class: 'pp-primary', 'data-action': 'cancel', title: 'Stop the profile: every thread and process it started ends',
  });
  const progress = h('p', { class: 'pp-summary', 'data-live': 'progress' });
  const bar = h('progress', { class: 'pp-live-bar', max: 1, value: 0, 'aria-label': 'Repetitions done' });
  const soFar = h('div', { 'data-live': 'so-far' });
  const finished = h('div', { 'data-live': 'finished' });
  const cpuNote = h('p', { class: 'pp-lede' });
  const timelineNote = h('p', { class: 'pp-lede' });
  const v: View = { root, key, title, cancel, progress, bar, soFar, finished, cpuNote, timelineNote, data };
  const c = s.current;
  const r = c?.repetition;
  // Interleaved rounds are open-ended (of 0): "round 2", as the progress line says.
  const step = r ? (r.of === 0 ? `${r.warmup ? 'warm-up' : 'round'} ${r.index}` : `${r.warmup ? 'warm-up' : 'repetition'} ${r.index} of ${r.of}`) : '';
  const which = c ? `${modeLabel(c.mode)}${step ? `, ${step}` : ''}` : '';
  const cpuCard = c && data.lines.length > 0 ? chartCard({
    id: `live-cpu-${c.mode}`, title: `CPU per core — ${which}`, level: 3, height: 210,
    summary: `Per-core CPU utilisation of ${which}, as it is sampled.`,
    create: (canvas, p) => (v.cpu = buildCpu(canvas, p, v.data)),
  }) : null;
  const ganttCard = c && r ? chartCard({
    id: `live-timeline-${c.mode}`, title: `Task timeline — ${which}`, level: 3,
    height: Math.min(640, 56 + data.lanes.length * (data.lanes.length <= 8 ? 26 : data.lanes.length <= 24 ? 14 : 8)),
    summary: `Which lane ran each task of ${which}; faint bars are tasks still running (from their start where the mode tells it, else from the lane's last end).`,
    create: (canvas, p) => (v.gantt = buildGantt(canvas, p, v.data)),
  }) : null;
  replaceChildren(root,
    h('div', { class: 'pp-top' },
      h('header', { class: 'pp-header' }, h('h1', null, h('span', { class: 'pp-fn' }, clip(s.functionName, 200)), title),
        h('p', { class: 'pp-meta' }, `${s.tasks.toLocaleString('en-US')} tasks, ${s.workers} workers, ${s.cores} cores · live`)),
      h('nav', { class: 'pp-toolbar', 'aria-label': 'Run actions' }, cancel)),
    h('section', { class: 'pp-section pp-verdict', 'aria-live': 'polite', id: 'pp-live' }, progress, bar, soFar),
    h('section', { class: 'pp-section' }, h('h2', null, 'Finished modes'), finished),
    h('section', { class: 'pp-section', 'aria-labelledby': 'pp-cpu-h' }, h('h2', { id: 'pp-cpu-h' }, 'CPU utilisation per core'), cpuNote, cpuCard ? h('div', { class: 'pp-grid' }, cpuCard) : null),
    h('section', { class: 'pp-section', 'aria-labelledby': 'pp-timeline-h' }, h('h2', { id: 'pp-timeline-h' }, 'Task timeline per lane'), timelineNote, ganttCard ? h('div', { class: 'pp-grid' }, ganttCard) : null),
  );
  return v;
}

const OUTCOME_WORDS: Record<LiveSnapshot['outcome'], string> = {
  running: ' — profiling…',
  done: ' — done, analysing',
  failed: ' — failed: what was measured before is shown',
  cancelled: ' — cancelled: what was measured before is shown',
};

function update(v: View, s: LiveSnapshot): void {
  v.title.textContent = OUTCOME_WORDS[s.outcome];
  v.cancel.disabled = s.outcome !== 'running';
  v.cancel.hidden = s.outcome !== 'running';
  const p = liveProgress(s);
  v.progress.textContent = [p.mode, p.phase, p.tasks, p.elapsed, p.left].filter(Boolean).join(' · ');
  const { done, total } = repetitionsDone(s);
  if (s.repeat === 0) v.bar.removeAttribute('value'); // interleaved rounds: how many is not known ahead
  else {
    v.bar.max = Math.max(1, total);
    v.bar.value = Math.min(total, done);
  }
  replaceChildren(v.soFar, soFarView(s));
  v.root.dataset.liveRound = String(s.soFar?.round ?? 0);
  replaceChildren(v.finished, finishedTable(s));
  const r = s.current?.repetition;
  v.cpuNote.textContent = !r ? 'Starting the lanes and loading the module in each.'
    : `Live: 0–100% per core, a sample every ${formatMs(s.sampleIntervalMs)}${r.cpu.t.length > 0 ? `, ${r.cpu.t.length} so far` : ''}${r.warmup ? ' (a warm-up: shown, never measured)' : ''}.`;
  v.timelineNote.textContent = r ? `${r.done.toLocaleString('en-US')} of ${s.tasks.toLocaleString('en-US')} tasks ended${r.taskStride > 1 ? ` (every ${r.taskStride}th drawn)` : ''}${r.running.length > 0 ? `, ${r.running.length / RUNNING_FIELDS} running` : ''}; faint: a task still running.` : '';
  v.root.dataset.liveSamples = String(r?.cpu.t.length ?? 0);
  v.root.dataset.liveTasks = String(r?.done ?? 0);
  v.root.dataset.liveOutcome = s.outcome;
  const d = v.data;
  if (v.cpu) {
    v.cpu.data.datasets.forEach((ds, c) => { ds.data = d.lines[c] ?? []; });
    v.cpu.options.scales!.x!.max = d.xMax;
    v.cpu.update('none');
  }
  if (v.gantt) {
    const [ok, failed, running] = v.gantt.data.datasets;
    ok.data = d.done;
    failed.data = d.failed;
    running.data = d.running;
    v.gantt.options.scales!.x!.max = d.xMax;
    v.gantt.update('none');
  }
}

function repetitionsDone(s: LiveSnapshot): { done: number; total: number } {
  const per = s.warmup + s.repeat;
  const total = (s.modes.length + s.sweepWorkers.length) * per;
  let done = s.finished.length * per;
  const r = s.current?.repetition;
  if (r && s.finished.length < s.modes.length + s.sweepWorkers.length) {
    done += (r.warmup ? 0 : s.warmup) + r.index - 1 + (r.wallMs !== undefined ? 1 : Math.min(1, r.done / Math.max(1, s.tasks)));
  }
  return { done, total };
}

/**
 * Interleaved rounds: each parallel mode's speedup after the latest round, marked "so far, round r"
 * (the report, when it comes, replaces it); from round 2 with its interval.
 */
function soFarView(s: LiveSnapshot): HTMLElement | null {
  const f = s.soFar;
  if (!f || f.speedups.length === 0) return null;
  const note = f.speedups.some((x) => x.low === undefined) ? ' One round gives a point, not an interval: the interval comes with round 2.' : '';
  return h('div', { class: 'pp-so-far' },
    h('p', { class: 'pp-summary' },
      h('span', { class: 'pp-tag pp-so-far-tag' }, soFarLabel(f.round)), ' ',
      f.speedups.map((x, i) => [i > 0 ? ', ' : '', h('strong', { 'data-mode': x.mode }, `${speedupName(x)} ${speedupSoFar(x)}`)]).flat(),
    ),
    h('p', { class: 'pp-note' }, `Speedup over sequential, each round paired with the sequential run of the same round; each round refines it until the report replaces it.${note}`),
  );
}

function finishedTable(s: LiveSnapshot): HTMLElement {
  if (s.finished.length === 0) return h('p', { class: 'pp-note' }, 'No mode has finished yet: each one\'s median shows here as soon as it is known.');
  return h('div', { class: 'pp-table-wrap' }, h('table', { class: 'pp-table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'mode'), h('th', { scope: 'col' }, 'median wall time [min–max]'), h('th', { scope: 'col' }, 'speedup'))),
    h('tbody', null, s.finished.map((f) => h('tr', null,
      h('th', { scope: 'row' }, `${f.sweep ? 'sweep: ' : ''}${modeLabel(f.mode)}${f.mode === 'workers' || f.mode === 'processes' || f.mode === 'queue' ? ` ×${f.lanes}` : ''}`),
      h('td', null, f.medianMs !== undefined ? formatSpread({ median: f.medianMs, min: f.minMs ?? NaN, max: f.maxMs ?? NaN }) : statusLabel(f.status)),
      h('td', null, f.speedup !== undefined && f.mode !== 'sequential' ? formatSpeedup(f.speedup) : '–'),
    ))),
  ));
}

/** The snapshot as chart data: lines per core, bars per lane, running bars up to now, the x range. */
function liveData(s: LiveSnapshot): LiveData {
  const c = s.current;
  const r = c?.repetition;
  const colour = c?.mode ?? 'workers';
  if (!c || !r) return { lines: [], lanes: [], done: [], failed: [], running: [], xMax: 1, colour };
  const elapsed = r.wallMs ?? Math.max(0, s.now - r.startedAt);
  const lines = r.cpu.cores.map((core) => core.map((y, k) => ({ x: r.cpu.t[k], y })));
  const laneCount = c.mode === 'async' ? Math.min(s.tasks, 64) : Math.max(1, r.laneEnds.length);
  const lanes = Array.from({ length: laneCount }, (_, i) => laneLabel(c.mode, i));
  const done: Bar[] = [];
  const failed: Bar[] = [];
  let end = 0;
  for (let at = 0; at + LIVE_TASK_FIELDS <= r.tasks.length; at += LIVE_TASK_FIELDS) {
    const lane = r.tasks[at + L_LANE];
    if (!(lane >= 0 && lane < laneCount)) continue;
    const bar: Bar = { x: [r.tasks[at + L_START], Math.max(r.tasks[at + L_START], r.tasks[at + L_END])], y: lanes[lane], index: r.tasks[at + L_INDEX] };
    end = Math.max(end, bar.x[1]);
    (r.tasks[at + L_FAILED] === 1 ? failed : done).push(bar);
  }
  const running: Bar[] = [];
  if (r.wallMs === undefined && s.outcome === 'running' && r.done < s.tasks) {
    // Where the mode tells which tasks run now (workers, processes), each from its own start.
    const told = new Set<number>();
    for (let at = 0; at + RUNNING_FIELDS <= r.running.length; at += RUNNING_FIELDS) {
      const lane = r.running[at + R_LANE];
      if (!(lane >= 0 && lane < laneCount)) continue;
      told.add(lane);
      const from = Math.max(0, r.running[at + R_START]);
      running.push({ x: [from, Math.max(from, elapsed)], y: lanes[lane], index: r.running[at + R_INDEX] });
    }
    // Elsewhere the engine hears of a task when it ends: a lane is taken to be busy from its last end until now.
    for (let l = 0; l < laneCount; l++) {
      if (told.has(l)) continue;
      const from = l < r.laneEnds.length ? r.laneEnds[l] : -1;
      if (c.mode === 'async' && from >= 0) continue; // an async slot runs one call; once it ended, it is free
      running.push({ x: [Math.max(0, from), Math.max(0, from, elapsed)], y: lanes[l], index: -1 });
    }
  }
  let longest = 0;
  for (const f of s.finished) if (!f.sweep && f.maxMs !== undefined) longest = Math.max(longest, f.maxMs);
  const lastT = r.cpu.t.length > 0 ? r.cpu.t[r.cpu.t.length - 1] : 0;
  return { lines, lanes, done, failed, running, xMax: niceCeil(Math.max(1, elapsed, longest, lastT, end)), colour };
}

function buildCpu(canvas: HTMLCanvasElement, p: Palette, d: LiveData): ChartJs<'line', Point[]> {
  const distinct = d.lines.length <= 8;
  return new Chart<'line', Point[]>(canvas, {
    type: 'line',
    data: {
      datasets: d.lines.map((line, c) => ({
        label: `core ${c + 1}`, data: line, borderColor: distinct ? p.series[c % p.series.length] : withAlpha(p.blue, 0.35),
        borderWidth: distinct ? 1.5 : 1, pointRadius: 0,
      })),
    },
    options: {
      parsing: false, normalized: true, animation: false,
      scales: {
        x: { type: 'linear', min: 0, max: d.xMax, ticks: { callback: msTick, maxTicksLimit: 8 }, grid: { color: p.grid } },
        y: { type: 'linear', min: 0, max: 100, grid: { color: p.grid }, ticks: { callback: (v) => `${v}%`, stepSize: 25 } },
      },
      plugins: { legend: { display: distinct, position: 'bottom' }, ppBackground: { color: p.background } },
    },
  });
}

function buildGantt(canvas: HTMLCanvasElement, p: Palette, d: LiveData): ChartJs<'bar', Bar[]> {
  const colour = modeColour(p, d.colour);
  return new Chart<'bar', Bar[]>(canvas, {
    type: 'bar',
    data: {
      labels: d.lanes,
      datasets: [
        { label: 'task', data: d.done, backgroundColor: withAlpha(colour, 0.7), borderColor: colour, borderWidth: 1, borderSkipped: false },
        { label: 'failed task', data: d.failed, backgroundColor: withAlpha(p.red, 0.85), borderColor: p.red, borderWidth: 1, borderSkipped: false },
        { label: 'running', data: d.running, backgroundColor: withAlpha(colour, 0.18), borderColor: withAlpha(colour, 0.6), borderWidth: 1, borderSkipped: false },
      ],
    },
    options: {
      indexAxis: 'y', animation: false,
      datasets: { bar: { grouped: false, barPercentage: 0.9, categoryPercentage: 0.9, minBarLength: 1 } },
      scales: {
        x: { type: 'linear', min: 0, max: d.xMax, ticks: { callback: msTick, maxTicksLimit: 8 }, grid: { color: p.grid } },
        y: { type: 'category', grid: { display: false }, ticks: { autoSkip: true } },
      },
      plugins: {
        legend: { display: true, position: 'bottom' },
        tooltip: { callbacks: { title: (items) => { const b = items[0]?.raw as Bar | undefined; return b && b.index >= 0 ? `task ${b.index}${items[0]?.dataset.label === 'running' ? ' (running)' : ''}` : 'running'; } } },
        ppBackground: { color: p.background },
      },
    },
  });
}
