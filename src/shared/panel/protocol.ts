// Every message between the extension host and the comparison panel, declared once.
// String `type`s (not numeric enums) so they read in logs and stay stable in JSON.
// No node, no vscode, no DOM here: both sides compile this file.

import type { Comparison } from '../report/comparison';
import type { ErrorInfo, Report } from '../report/report';
import type { LiveSnapshot } from '../live/state';

/** One earlier run of the same function, offered for comparison. */
export interface HistoryEntry {
  /** Opaque id the host understands (e.g. a file name in workspace storage). */
  id: string;
  /** ISO time the run started. */
  createdAt: string;
  /** Short human label, e.g. "8 tasks × 2 workers, 1.9× on workers". */
  label: string;
}

/** The engine's stages, reported while a profile runs (ProgressEvent.stage in src/engine/profile.ts). */
export type ProgressStage = 'locate' | 'bundle' | 'arguments' | 'mode' | 'sweep' | 'analyse';

export type ToWebview =
  /** A report to render; `history` lists earlier runs of the same function. */
  | { type: 'report'; report: Report; history?: HistoryEntry[] }
  /** The run failed before producing a report (compile error, function not found…). */
  | { type: 'error'; error: ErrorInfo }
  | { type: 'progress'; stage: ProgressStage; detail?: string }
  /** An earlier report picked with `pickComparison`, shown beside the current one. */
  | { type: 'compare'; report: Report }
  /** "Compare with…": the panel's report (B) against a picked one (A), computed on the host by the engine's compareReports; shown in place of the report's own comparison until another report arrives. */
  | { type: 'comparison'; comparison: Comparison }
  /** "Compare with…" refused, as the CLI's compare refuses: the engine's message, which says what differs. */
  | { type: 'comparisonRefused'; message: string }
  /** The profile running now, as far as it got (bounded; at most a few a second). A `report` replaces it. */
  | { type: 'live'; live: LiveSnapshot };

export type ExportFormat = 'json' | 'csv' | 'trace';

export type FromWebview =
  /** Sent once the panel's message listener is attached; the host sends the report only after it. */
  | { type: 'ready' }
  /** A stack-frame link; the host opens it only if the file is inside the workspace. */
  | { type: 'openLocation'; file: string; line: number; column?: number }
  | { type: 'export'; format: ExportFormat }
  /** A chart as a PNG data URL (`data:image/png;base64,…`). */
  | { type: 'savePng'; name: string; dataUrl: string }
  | { type: 'rerun' }
  /** Re-run with every lane's CPU profile on ("Profile where the time goes"). */
  | { type: 'rerunWithCpuProfile' }
  /** Open one of the report's .cpuprofile files in VS Code's profile viewer; the host opens only the report's own. */
  | { type: 'openProfile'; path: string }
  | { type: 'pickComparison'; id: string }
  /** The comparison view's "Compare with…" button: the host asks which report (history or file) to compare with. */
  | { type: 'compareWith' }
  /** The live view's Cancel button: stop the running profile. */
  | { type: 'cancel' };

export type ToWebviewType = ToWebview['type'];
export type FromWebviewType = FromWebview['type'];

/** For the `default` of an exhaustive switch: the compiler proves it unreachable. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

