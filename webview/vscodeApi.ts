// The one handle on the host. VS Code allows acquireVsCodeApi() once per page, so it is called
// here and nowhere else; in plain Chromium (the panel's tests) a recording stub stands in and
// exposes what the panel posted on `window.__ppPosted`.

import type { FromWebview, HistoryEntry } from '../src/shared/panel/protocol';
import type { Comparison } from '../src/shared/report/comparison';
import type { Report } from '../src/shared/report/report';

/** What the panel keeps across a reload (webview getState/setState). */
export interface PanelState {
  report?: Report;
  history?: HistoryEntry[];
  compare?: Report;
  /** The comparison picked in the <select>. */
  compareId?: string;
  /** "Compare with…": the host's comparison of this report with a picked one, or why it refused. */
  comparison?: Comparison;
  comparisonRefused?: string;
  /** A run was being shown live: after a reload, wait for the host rather than draw the older report. */
  live?: boolean;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  interface Window {
    acquireVsCodeApi?: () => VsCodeApi;
    /** Test stub only: every message the panel posted, in order. */
    __ppPosted?: FromWebview[];
    /** Test stub only: the state the panel last saved. */
    __ppState?: unknown;
  }
}

function recordingStub(): VsCodeApi {
  const posted: FromWebview[] = [];
  window.__ppPosted = posted;
  return {
    postMessage: (message) => { posted.push(message as FromWebview); },
    getState: () => window.__ppState,
    setState: (state) => { window.__ppState = state; },
  };
}

const api: VsCodeApi = typeof window.acquireVsCodeApi === 'function' ? window.acquireVsCodeApi() : recordingStub();

export function postToHost(message: FromWebview): void {
  api.postMessage(message);
}

export function loadState(): PanelState {
  const state = api.getState();
  return typeof state === 'object' && state !== null ? (state as PanelState) : {};
}

export function saveState(state: PanelState): void {
  api.setState(state);
}
