// "Where the time went": with a CPU profile (issue 15), each mode's top functions by self time per
// task with their ratio against alone, a bar per parallel mode of which functions the extra time per
// task went to, the garbage collector's share, each lane's .cpuprofile to open in VS Code's viewer,
// and one task's own top functions (picked here or by a click on the timeline). Without one, a
// button re-runs the profile with it.

import { formatMs, formatPercent, formatSpeedup, laneLabel, modeLabel } from '../../src/shared/wording/format';
import { categoryLabel, functionLabel, sameFunction } from '../../src/shared/wording/formatFunction';
import type { HotFunction, ModeResult, ProfiledFunction, Report } from '../../src/shared/report/report';
import { button, clip, h, type Child } from '../dom';
import { postToHost } from '../vscodeApi';
import { locationLink } from './location';

const TOP_ROWS = 10;
const BAR_SEGMENTS = 6;
/** Dispatched on document by the timeline when a task is clicked: detail { mode, index }. */
export const TASK_PICKED = 'pp-task-picked';

export function renderHotFunctions(report: Report): HTMLElement | null {
  const profiled = report.modes.filter((m) => m.cpuProfile && m.hotFunctions);
  if (profiled.length === 0) return noProfile(report);
  const seq = profiled.find((m) => m.mode === 'sequential');
  const interval = report.settings.cpuProfile?.intervalMs ?? profiled[0].cpuProfile!.intervalMs;
  return h('section', { class: 'pp-section pp-hot', 'aria-labelledby': 'pp-hot-h' },
    h('h2', { id: 'pp-hot-h' }, 'Where the time went'),
    h('p', { class: 'pp-lede' },
      `A V8 CPU profile of every thread and process during one extra repetition per mode (not counted in the timings), sampled every ${formatMs(interval)} and cut into the tasks' time windows. Self time per task; × alone compares with the same function in the sequential mode. A function the optimiser inlined is counted in its caller.`),
    extraTimeBars(profiled),
    h('div', { class: 'pp-grid' }, profiled.map((m) => modeCard(m, seq))),
    taskExplorer(profiled),
  );
}

function noProfile(report: Report): HTMLElement | null {
  if (report.modes.every((m) => m.status !== 'completed')) return null;
  return h('section', { class: 'pp-section pp-hot', 'aria-labelledby': 'pp-hot-h' },
    h('h2', { id: 'pp-hot-h' }, 'Where the time went'),
    h('p', { class: 'pp-lede' }, 'Which of your functions (or a library\'s, or the garbage collector) each mode spent its time in, and which got slower in parallel: run again with a CPU profile of every thread and process. It costs one extra repetition per mode, not counted in the timings.'),
    button('Profile where the time goes', () => postToHost({ type: 'rerunWithCpuProfile' }), { class: 'pp-primary', 'data-action': 'cpu-profile' }),
  );
}

function fnCell(f: ProfiledFunction): Child {
  const label = functionLabel(f);
  const openable = (f.category === 'user' || f.category === 'library') && f.file && f.line && !f.file.startsWith('node:');
  return openable ? locationLink(f.file!, f.line!, f.column, label) : h('span', { class: 'pp-mono' }, clip(label, 200));
}

function ratioAlone(m: ModeResult, seq: ModeResult | undefined, f: HotFunction): string {
  if (!seq || m === seq) return '';
  const alone = seq.hotFunctions?.find((x) => sameFunction(x, f));
  return alone && alone.perTaskMs > 0 ? formatSpeedup(f.perTaskMs / alone.perTaskMs) : 'new';
}

function modeCard(m: ModeResult, seq: ModeResult | undefined): HTMLElement {
  const cp = m.cpuProfile!;
  const rows = (m.hotFunctions ?? []).filter((f) => f.selfMs > 0).slice(0, TOP_ROWS);
  const showRatio = seq !== undefined && m !== seq;
  const files = cp.files.map((f) =>
    button(`Open profile (${laneLabel(m.mode, f.lane)})`, () => postToHost({ type: 'openProfile', path: f.path }), { class: 'pp-small', 'data-profile': f.path, title: clip(f.path, 500) }));
  return h('div', { class: 'pp-card', 'data-mode': m.mode },
    h('h3', null, modeLabel(m.mode)),
    h('p', { class: 'pp-note' },
      `${formatMs(cp.taskMs)} sampled in the tasks (${cp.samples.toLocaleString('en-US')} samples); garbage collector ${formatPercent(cp.gcShare)}`,
      cp.extraMsPerTask !== undefined ? `; ${cp.extraMsPerTask >= 0 ? '+' : '−'}${formatMs(Math.abs(cp.extraMsPerTask))} per task against alone` : '',
      cp.unseenMs > cp.taskMs * 0.2 ? `; ${formatMs(cp.unseenMs)} unseen (the machine was busy: samples came late)` : '',
      '.'),
    h('div', { class: 'pp-table-wrap', tabindex: 0, role: 'region', 'aria-label': `Hot functions, ${modeLabel(m.mode)}` },
      h('table', { class: 'pp-table pp-hot-table' },
        h('thead', null, h('tr', null, h('th', null, 'function'), h('th', null, 'code'), h('th', null, 'self / task'), h('th', null, 'total / task'), showRatio ? h('th', null, '× alone') : null)),
        h('tbody', null, rows.map((f) => h('tr', { 'data-fn': f.name },
          h('td', null, fnCell(f), f.calledFrom ? h('span', { class: 'pp-note' }, ' from ', fnCell(f.calledFrom)) : null),
          h('td', null, categoryLabel(f.category, f.library)),
          h('td', { class: 'pp-num' }, formatMs(f.perTaskMs)),
          h('td', { class: 'pp-num' }, formatMs(f.totalMs / Math.max(1, taskCount(m)))),
          showRatio ? h('td', { class: 'pp-num' }, ratioAlone(m, seq, f)) : null,
        ))),
      )),
    h('div', { class: 'pp-button-row' }, files),
  );
}

function taskCount(m: ModeResult): number {
  return m.tasksTotal ?? m.tasks?.length ?? 1;
}

/** One bar per parallel mode: the extra time per task against alone, split by function. */
function extraTimeBars(modes: ModeResult[]): HTMLElement | null {
  const rows = modes.filter((m) => m.slowdowns && m.cpuProfile?.extraMsPerTask !== undefined);
  if (rows.length === 0) return null;
  return h('div', { class: 'pp-card pp-extra' },
    h('h3', null, 'Where the extra time per task went, against alone'),
    rows.map((m) => {
      const extra = m.cpuProfile!.extraMsPerTask!;
      const list = (m.slowdowns ?? []).slice(0, BAR_SEGMENTS);
      const head = h('div', { class: 'pp-extra-head' }, h('strong', null, modeLabel(m.mode)), ' ',
        extra > 0 ? `+${formatMs(extra)} per task` : `nothing slowed down (${extra < 0 ? '−' : ''}${formatMs(Math.abs(extra))} per task)`);
      if (extra <= 0 || list.length === 0) return h('div', { class: 'pp-extra-row', 'data-mode': m.mode }, head);
      const bar = h('div', { class: 'pp-extra-bar', role: 'img', 'aria-label': list.map((s) => `${functionLabel(s)} ${formatPercent(s.shareOfExtra)}`).join(', ') });
      list.forEach((s, i) => {
        const seg = h('div', { class: `pp-extra-seg pp-seg-${i}`, title: `${functionLabel(s)}: ${formatPercent(s.shareOfExtra)} of the extra time, ${formatSpeedup(s.ratio)} slower per task` });
        seg.style.width = `${Math.max(0.5, s.shareOfExtra * 100)}%`;
        bar.appendChild(seg);
      });
      return h('div', { class: 'pp-extra-row', 'data-mode': m.mode }, head, bar,
        h('ul', { class: 'pp-extra-legend' }, list.map((s, i) => h('li', null,
          h('span', { class: `pp-swatch pp-seg-${i}`, 'aria-hidden': 'true' }), fnCell(s),
          ` ${formatPercent(s.shareOfExtra)} of it, ${s.ratio >= 1000 ? 'not seen alone' : `${formatSpeedup(s.ratio)} slower per task`}`))));
    }),
  );
}

/** One task's top functions: a picker per mode, also set by a click on a task in the timeline. */
function taskExplorer(modes: ModeResult[]): HTMLElement | null {
  const withTasks = modes.filter((m) => (m.cpuProfile?.taskTop?.length ?? 0) > 0);
  if (withTasks.length === 0) return null;
  const modeSelect = h('select', { 'aria-label': 'Mode' }, withTasks.map((m) => h('option', { value: m.mode }, modeLabel(m.mode))));
  const taskSelect = h('select', { 'aria-label': 'Task' });
  const out = h('div', { class: 'pp-task-top', 'aria-live': 'polite' });
  const fillTasks = (): void => {
    const m = withTasks.find((x) => x.mode === modeSelect.value) ?? withTasks[0];
    taskSelect.replaceChildren(...m.cpuProfile!.taskTop!.map((t) => h('option', { value: String(t.index) }, `task ${t.index} (${laneLabel(m.mode, t.lane)})`)));
  };
  const show = (): void => {
    const m = withTasks.find((x) => x.mode === modeSelect.value) ?? withTasks[0];
    const t = m.cpuProfile!.taskTop!.find((x) => String(x.index) === taskSelect.value);
    if (!t) {
      out.replaceChildren(h('p', { class: 'pp-note' }, 'That task was not kept in the report.'));
      return;
    }
    out.replaceChildren(
      h('p', { class: 'pp-note' }, `Task ${t.index} in ${modeLabel(m.mode)}, profiled repetition:`),
      h('ol', null, t.top.map((e) => {
        const f = m.hotFunctions![e.fn];
        return f ? h('li', null, fnCell(f), ` ${formatMs(e.selfMs)} self`) : null;
      })),
    );
  };
  modeSelect.addEventListener('change', () => { fillTasks(); show(); });
  taskSelect.addEventListener('change', show);
  document.addEventListener(TASK_PICKED, (ev) => {
    const d = (ev as CustomEvent<{ mode: string; index: number }>).detail;
    if (!withTasks.some((m) => m.mode === d.mode)) return;
    modeSelect.value = d.mode;
    fillTasks();
    taskSelect.value = String(d.index);
    show();
    out.scrollIntoView?.({ block: 'nearest' });
  });
  fillTasks();
  show();
  return h('div', { class: 'pp-card pp-task-card' },
    h('h3', null, 'One task\'s top functions'),
    h('p', { class: 'pp-note' }, 'Pick a task, or click one in the task timeline.'),
    h('div', { class: 'pp-button-row' }, modeSelect, taskSelect),
    out,
  );
}
