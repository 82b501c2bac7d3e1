// The panel's entry: restore what was shown before a reload, listen to the host, validate every
// report before drawing it, and tell the host it is ready (it sends the report only after that).

import { parseToWebview } from '../src/shared/panel/messageParse';
import { assertNever, type HistoryEntry } from '../src/shared/panel/protocol';
import type { Comparison } from '../src/shared/report/comparison';
import type { ErrorInfo, Report } from '../src/shared/report/report';
import { validateComparison } from '../src/shared/validation/comparison';
import { validateReport } from '../src/shared/validation/validate';
import { rebuildCharts } from './charts/card';
import { clip, h, replaceChildren } from './dom';
import { compareTable } from './render/compare';
import { errorBlock } from './render/failures';
import { renderReport } from './render/report';
import { leaveLive, renderLive } from './render/live';
import type { LiveSnapshot } from '../src/shared/live/state';
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

/** How long a panel reloaded mid-run waits for the host's live state before showing what it saved. */
const RECONNECT_MS = 5000;

/** True while the live view is on screen (a report replaces it). */
let liveShown = false;

function draw(): void {
  if (!state.report) return;
  leaveLive();
  liveShown = false;
  const started = performance.now();
  renderReport(content, { report: state.report, history: state.history ?? [], compareId: state.compareId, compare: state.compare, comparison: state.comparison, comparisonRefused: state.comparisonRefused });
  document.title = `Parallelism: ${state.report.function.name}`;
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
}

function onReport(report: Report, history: HistoryEntry[] | undefined): void {
  const sameFunction = state.report && state.report.function.file === report.function.file && state.report.function.name === report.function.name;
  state = { report, history: history ?? [], ...(sameFunction ? { compare: state.compare, compareId: state.compareId } : {}) };
  saveState(state);
  showBanner('none');
  draw();
}

function onCompare(report: Report): void {
  state = { ...state, compare: report };
  saveState(state);
  const out = document.getElementById('pp-compare-out');
  if (out && state.report) replaceChildren(out, compareTable(state.report, report));
  else draw();
}

/** "Compare with…": the host's answer for the report shown now (a new report clears it, in onReport). */
function onComparison(comparison: Comparison | undefined, refused: string | undefined): void {
  state = { ...state, comparison, comparisonRefused: refused };
  saveState(state);
  draw();
}

function onError(info: ErrorInfo): void {
  showBanner('error', h('h2', null, 'The profile did not finish'), errorBlock(info));
}

/** The running profile, as far as it got: drawn in place of the report; not saved (the host re-sends it after a reload). */
function onLive(live: LiveSnapshot): void {
  if (!liveShown) { state = { ...state, live: true }; saveState(state); }
  liveShown = true;
  if (status.classList.contains('pp-banner-progress')) showBanner('none');
  renderLive(content, live);
  document.title = `Parallelism: ${live.functionName}`;
}

function onMessage(event: MessageEvent<unknown>): void {
  const parsed = parseToWebview(event.data);
  if (!parsed.ok) {
    if (parsed.type === 'report') invalidReport(parsed.errors, 'report');
    else if (parsed.type === 'compare') invalidReport(parsed.errors, 'earlier report');
    // From the other side: log, never throw (an older host may send kinds this panel lacks).
    else console.warn('panel: a message was refused:', parsed.errors.slice(0, 3).join('; '));
    return;
  }
  const m = parsed.message;
  switch (m.type) {
    case 'report': onReport(m.report, m.history); break;
    case 'compare': onCompare(m.report); break;
    case 'comparison': onComparison(m.comparison, undefined); break;
    case 'comparisonRefused': onComparison(undefined, m.message); break;
    case 'error': onError(m.error); break;
    case 'live':
      onLive(m.live);
      break;
    case 'progress':
      if (liveShown) break; // the live view says it better
      showBanner('progress', h('span', { class: 'pp-spinner', 'aria-hidden': 'true' }), clip(m.stage, 100), m.detail ? `: ${clip(m.detail, 300)}` : '');
      break;
    default:
      assertNever(m, 'message');
  }
}

window.addEventListener('message', onMessage);
watchTheme(rebuildCharts);

if (state.live) {
  // Hidden mid-run, the webview was torn down: the host re-sends the run (or its report) on ready.
  showBanner('progress', h('span', { class: 'pp-spinner', 'aria-hidden': 'true' }), 'Reconnecting to the running profile…');
  // A host with no such run (VS Code restarted meanwhile) sends nothing: show what was saved instead.
  setTimeout(() => {
    if (liveShown || !state.live) return;
    state = { ...state, live: undefined };
    saveState(state);
    showBanner('none');
    const restored = state.report ? validateReport(state.report) : undefined;
    if (restored?.ok) { state.report = restored.report; draw(); }
    else showBanner('error', h('h2', null, 'The profile that was running is gone'), h('p', null, 'VS Code was restarted while it ran. Profile the function again.'));
  }, RECONNECT_MS);
} else if (state.report) {
  const restored = validateReport(state.report);
  // A saved comparison is checked like the report; one that fails is dropped (the host re-sends it on ready).
  const comparison = state.comparison === undefined ? undefined : validateComparison(state.comparison);
  state = { ...state, comparison: comparison?.ok ? comparison.comparison : undefined, comparisonRefused: typeof state.comparisonRefused === 'string' ? state.comparisonRefused : undefined };
  if (restored.ok) { state.report = restored.report; draw(); } else { state = {}; saveState(state); }
}
postToHost({ type: 'ready' });

