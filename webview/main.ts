// The panel's entry: restore what was shown before a reload, listen to the host, validate every
// report before drawing it, and tell the host it is ready (it sends the report only after that).

import type { HistoryEntry, ToWebview } from '../src/shared/protocol';
import type { ErrorInfo } from '../src/shared/report';
import { validateReport } from '../src/shared/validate';
import { rebuildCharts } from './charts/card';
import { clip, h, replaceChildren } from './dom';
import { compareTable } from './render/compare';
import { errorBlock } from './render/failures';
import { renderReport } from './render/report';
import { leaveLive, renderLive } from './render/live';
import { isLiveSnapshot } from '../src/shared/validateLive';
import { watchTheme } from './theme';
import { loadState, postToHost, saveState, type PanelState } from './vscodeApi';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
const status = h('div', { id: 'pp-status', role: 'status', 'aria-live': 'polite' });
const content = h('div', { id: 'pp-content' });
replaceChildren(app, status, content);

let state: PanelState = loadState();

function showBanner(kind: 'error' | 'progress' | 'none', ...children: (Node | string | null)[]): void {
  status.className = kind === 'none' ? '' : `pp-banner pp-banner-${kind}`;
  replaceChildren(status, ...children);
}

function invalidReport(errors: string[], what: string): void {
  showBanner('error',
    h('h2', null, `This ${what} cannot be shown`),
    h('p', null, 'It does not match the report format, so nothing from it was drawn:'),
    h('ul', null, errors.slice(0, 20).map((e) => h('li', null, clip(String(e), 500)))),
    errors.length > 20 ? h('p', null, `…and ${errors.length - 20} more problems.`) : null,
  );
}

/** True while the live view is on screen (a report replaces it). */
let liveShown = false;

function draw(): void {
  if (!state.report) return;
  leaveLive();
  liveShown = false;
  const started = performance.now();
  renderReport(content, { report: state.report, history: state.history ?? [], compareId: state.compareId, compare: state.compare });
  document.title = `Parallelism: ${state.report.function.name}`;
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
}

function onReport(value: unknown, history: unknown): void {
  const result = validateReport(value);
  if (!result.ok) { invalidReport(result.errors, 'report'); return; }
  const entries = Array.isArray(history) ? history.filter(isHistoryEntry) : [];
  const sameFunction = state.report && state.report.function.file === result.report.function.file && state.report.function.name === result.report.function.name;
  state = { report: result.report, history: entries, ...(sameFunction ? { compare: state.compare, compareId: state.compareId } : {}) };
  saveState(state);
  showBanner('none');
  draw();
}

function onCompare(value: unknown): void {
  const result = validateReport(value);
  if (!result.ok) { invalidReport(result.errors, 'earlier report'); return; }
  state = { ...state, compare: result.report };
  saveState(state);
  const out = document.getElementById('pp-compare-out');
  if (out && state.report) replaceChildren(out, compareTable(state.report, result.report));
  else draw();
}

function onError(error: unknown): void {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<ErrorInfo>;
  const info: ErrorInfo = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
    message: typeof e.message === 'string' ? e.message : 'The profile failed.',
    stack: typeof e.stack === 'string' ? e.stack : undefined,
    file: typeof e.file === 'string' ? e.file : undefined,
    line: typeof e.line === 'number' && Number.isFinite(e.line) ? e.line : undefined,
    column: typeof e.column === 'number' && Number.isFinite(e.column) ? e.column : undefined,
    task: typeof e.task === 'number' ? e.task : undefined,
  };
  showBanner('error', h('h2', null, 'The profile did not finish'), errorBlock(info));
}

function isHistoryEntry(x: unknown): x is HistoryEntry {
  const e = x as Partial<HistoryEntry> | null;
  return typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.createdAt === 'string' && typeof e.label === 'string';
}

function onMessage(event: MessageEvent<unknown>): void {
  const msg = event.data as Partial<ToWebview> | null;
  if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') return;
  const type = msg.type as ToWebview['type'];
  switch (type) {
    case 'report': { const m = msg as Extract<ToWebview, { type: 'report' }>; onReport(m.report, m.history); break; }
    case 'compare': onCompare((msg as Extract<ToWebview, { type: 'compare' }>).report); break;
    case 'error': onError((msg as Extract<ToWebview, { type: 'error' }>).error); break;
    case 'live': {
      const live = (msg as Extract<ToWebview, { type: 'live' }>).live;
      // The live view is not saved: after a reload the host sends it whole again while the run lasts.
      if (isLiveSnapshot(live)) {
        if (!liveShown) { state = { ...state, live: true }; saveState(state); }
        liveShown = true;
        if (status.classList.contains('pp-banner-progress')) showBanner('none');
        renderLive(content, live);
        document.title = `Parallelism: ${live.functionName}`;
      }
      else console.warn('panel: a live update did not match the expected shape and was not drawn');
      break;
    }
    case 'progress': {
      if (liveShown) break; // the live view says it better
      const m = msg as Extract<ToWebview, { type: 'progress' }>;
      showBanner('progress', h('span', { class: 'pp-spinner', 'aria-hidden': 'true' }), clip(String(m.stage), 100), m.detail ? `: ${clip(String(m.detail), 300)}` : '');
      break;
    }
    default:
      // From the other side: log, never throw (an older host may send kinds this panel lacks).
      console.warn('panel: unknown message', String(type));
  }
}

window.addEventListener('message', onMessage);
watchTheme(rebuildCharts);

if (state.live) {
  // Hidden mid-run, the webview was torn down: the host re-sends the run (or its report) on ready.
  showBanner('progress', h('span', { class: 'pp-spinner', 'aria-hidden': 'true' }), 'Reconnecting to the running profile…');
} else if (state.report) {
  const restored = validateReport(state.report);
  if (restored.ok) { state.report = restored.report; draw(); } else { state = {}; saveState(state); }
}
postToHost({ type: 'ready' });

