// The panel's host side: one webview panel per function, reused on re-run. The report lives
// here (and in the webview's own state), so the panel can be hidden, reloaded or restored.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderCsv, renderTrace } from '../engine';
import { parseFromWebview } from '../shared/panel/messageParse';
import { assertNever, type ProgressStage, type ToWebview } from '../shared/panel/protocol';
import { qualifiedFunctionName } from '../shared/report/functionName';
import { isListedCpuProfile } from '../shared/report/cpuProfile';
import type { ErrorInfo, Report } from '../shared/report/report';
import type { LiveSnapshot } from '../shared/live/state';
import { validateReport } from '../shared/validation/validate';
import { exportFileName, pngBytes, pngFileName } from './exportNames';
import { ReportHistory } from './history';
import type { ComparisonMessage } from './comparisonResult';
import { panelHtml } from './panelHtml';
import type { RunSettings } from './settings';
import { reportFromSavedState } from './panelState';
import { isInsideFolders } from './workspacePaths';

export const PANEL_VIEW_TYPE = 'parallelismProfiler.report';

export interface PanelHost {
  readonly extensionUri: vscode.Uri;
  readonly history: ReportHistory | undefined;
  readonly log: vscode.OutputChannel;
  /** `fromThisWindow`: the report was produced by a profile run in this window (not opened or restored). `overrides`: settings for this run only. */
  rerun(report: Report, fromThisWindow: boolean, overrides?: Partial<RunSettings>): void;
  /** Stops the running profile (the live view's Cancel button). */
  cancel(): void;
  /** The panel's "Compare with…" button: ask which report to compare this panel's with. */
  compareWith(panel: ReportPanel): void;
}

export class ReportPanel {
  private static readonly panels = new Map<string, ReportPanel>();
  private report: Report | undefined;
  private fromThisWindow = false;
  private error: ErrorInfo | undefined;
  /** The run this panel shows live, until its report replaces it; the state lives outside the panel. */
  private live: { snapshot(): LiveSnapshot | undefined } | undefined;
  private ready = false;
  /** Closed by the user (possibly mid-run): its webview throws on any use, so nothing more is sent. */
  private disposed = false;
  /** "Compare with…"'s answer for the report shown now: kept here so a reloaded panel gets it again. */
  private comparison: ComparisonMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** The panel for this function, created or revealed. */
  static show(host: PanelHost, key: string, title: string): ReportPanel {
    const existing = ReportPanel.panels.get(key);
    if (existing) {
      existing.panel.title = title;
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    return new ReportPanel(host, key, panel);
  }

  /** After a window reload: VS Code hands back the panel and the state the webview saved. */
  static restore(host: PanelHost, panel: vscode.WebviewPanel, state: unknown): ReportPanel {
    // The saved state was written by the webview: validated and rebuilt, or ignored (an empty panel).
    const report = reportFromSavedState(state);
    const key = report ? ReportPanel.keyFor(report.function.file, qualifiedFunctionName(report.function)) : `restored-${crypto.randomUUID()}`;
    const p = new ReportPanel(host, key, panel);
    if (report) p.report = report;
    return p;
  }

  /** `name` qualified (Class.method), as qualifiedFunctionName spells it. */
  static keyFor(file: string, name: string): string {
    return ReportHistory.keyOf(file, name);
  }

  static disposeAll(): void {
    for (const p of [...ReportPanel.panels.values()]) p.panel.dispose();
  }

  /** The panel "Compare with…" acts on: the active one, else the newest that shows a report. */
  static focused(): ReportPanel | undefined {
    const withReport = [...ReportPanel.panels.values()].filter((p) => p.report);
    // From the palette over an editor no panel is active: the one the user last looked at is meant.
    return withReport.find((p) => p.panel.active) ?? withReport.find((p) => p === ReportPanel.lastActive) ?? withReport[withReport.length - 1];
  }

  private static lastActive: ReportPanel | undefined;

  /** Only for tests: the open panels. */
  static openPanels(): ReportPanel[] {
    return [...ReportPanel.panels.values()];
  }

  private constructor(private readonly host: PanelHost, readonly key: string, readonly panel: vscode.WebviewPanel) {
    ReportPanel.panels.set(key, this);
    const distWebview = vscode.Uri.joinPath(host.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [distWebview] };
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'icon.png');
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(distWebview, 'main.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(distWebview, 'panel.css')).toString(),
      nonce: crypto.randomBytes(18).toString('base64'),
      title: panel.title,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.handleMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      // Hidden, the webview is torn down (no retainContextWhenHidden): post nothing until it says ready again.
      panel.onDidChangeViewState(() => {
        if (panel.active) ReportPanel.lastActive = this;
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  get currentReport(): Report | undefined {
    return this.report;
  }

  /** "Compare with…"'s answer shown now, if any (for tests). */
  get currentComparison(): ComparisonMessage | undefined {
    return this.comparison;
  }

  /** Shows a comparison of this panel's report (or why there is none) until another report replaces it. */
  showComparison(message: ComparisonMessage): void {
    this.comparison = message;
    if (this.ready) this.post(message);
  }

  /**
   * Validated and rebuilt from the known fields before it is kept or posted: postMessage clones it,
   * and an unknown field deep enough overflows the clone, leaving the panel on "Loading…".
   */
  showReport(report: Report, opts: { fromThisWindow?: boolean } = {}): void {
    const checked = validateReport(report);
    if (!checked.ok) {
      this.host.log.appendLine(`report not shown: ${checked.errors.slice(0, 5).join('; ')}`);
      this.showError({ name: 'Error', code: 'INVALID_REPORT', message: `This report cannot be shown: ${checked.errors.slice(0, 3).join('; ')}` });
      return;
    }
    this.report = checked.report;
    this.comparison = undefined;
    ReportPanel.lastActive = this;
    this.fromThisWindow = opts.fromThisWindow === true;
    this.error = undefined;
    this.live = undefined;
    this.panel.title = `Parallelism: ${qualifiedFunctionName(checked.report.function)}`;
    this.sendCurrent();
  }

  showError(error: ErrorInfo): void {
    this.error = error;
    this.sendCurrent();
  }

  showProgress(stage: ProgressStage, detail?: string): void {
    if (this.ready) this.post({ type: 'progress', stage, detail });
  }

  /** From now on the panel shows this run live; its report replaces it, and after a failure it stays (marked) under the error. */
  showLive(live: { snapshot(): LiveSnapshot | undefined }): void {
    this.live = live;
    this.error = undefined;
  }

  /** Live snapshots posted to the webview so far (for tests: the panel filled while the run went on). */
  livePosts = 0;

  /** Posts a live snapshot if the panel can take it now; a hidden one gets the whole state when shown. */
  postLive(snapshot: LiveSnapshot): void {
    if (this.disposed) return;
    if (this.live && this.ready && this.panel.visible) {
      this.livePosts++;
      this.post({ type: 'live', live: snapshot });
    }
  }

  private sendCurrent(): void {
    if (!this.ready) return; // sent on 'ready'
    const live = this.live?.snapshot();
    if (live) this.post({ type: 'live', live });
    else if (this.report) {
      this.post({ type: 'report', report: this.report, history: this.host.history?.list(this.report) ?? [] });
      if (this.comparison) this.post(this.comparison);
    }
    if (this.error) this.post({ type: 'error', error: this.error });
  }

  private post(message: ToWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  /** Every message from the webview comes through here (public so a test can act as the panel). */
  async handleMessage(raw: unknown): Promise<void> {
    const parsed = parseFromWebview(raw);
    if (!parsed.ok) {
      this.host.log.appendLine(`panel sent a message that was refused (${parsed.errors.join('; ')}): ${safeJson(raw)}`);
      return;
    }
    const m = parsed.message;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.sendCurrent();
          return;
        case 'openLocation':
          return await openLocation(m.file, m.line, m.column);
        case 'export':
          return await this.exportReport(m.format);
        case 'savePng':
          return await this.savePng(m.name, m.dataUrl);
        case 'rerun':
          if (this.report) this.host.rerun(this.report, this.fromThisWindow);
          return;
        case 'rerunWithCpuProfile':
          if (this.report) this.host.rerun(this.report, this.fromThisWindow, { cpuProfile: true });
          return;
        case 'openProfile':
          await openCpuProfile(this.report, m.path, this.host.log);
          return;
        case 'cancel':
          this.host.cancel();
          return;
        case 'compareWith':
          if (this.report) this.host.compareWith(this);
          return;
        case 'pickComparison': {
          const other = this.host.history?.load(m.id);
          if (other) this.post({ type: 'compare', report: other });
          else void vscode.window.showWarningMessage('That earlier run could not be read; it may have been removed.');
          return;
        }
        default:
          assertNever(m, 'panel message');
      }
    } catch (err) {
      void vscode.window.showErrorMessage(`Parallelism Profiler: ${(err as Error).message}`);
    }
  }

  private async exportReport(format: 'json' | 'csv' | 'trace'): Promise<void> {
    if (!this.report) return;
    const base = exportFileName(qualifiedFunctionName(this.report.function), format);
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(this.report.function.file), base)),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!target) return;
    const text = format === 'json' ? JSON.stringify(this.report, null, 2) : format === 'csv' ? renderCsv(this.report) : JSON.stringify(renderTrace(this.report));
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    this.host.log.appendLine(`exported ${format} to ${target.fsPath}`);
    if (format === 'trace') void vscode.window.showInformationMessage('Trace saved. Open it in https://ui.perfetto.dev or chrome://tracing.');
  }

  private async savePng(name: string, dataUrl: string): Promise<void> {
    const png = pngBytes(dataUrl);
    if (!png.ok) throw new Error(png.reason);
    const dir = this.report ? path.dirname(this.report.function.file) : undefined;
    const target = await vscode.window.showSaveDialog({
      defaultUri: dir ? vscode.Uri.file(path.join(dir, pngFileName(name))) : undefined,
      filters: { PNG: ['png'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, png.bytes);
  }

  private dispose(): void {
    this.disposed = true;
    if (ReportPanel.panels.get(this.key) === this) ReportPanel.panels.delete(this.key);
    if (ReportPanel.lastActive === this) ReportPanel.lastActive = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/**
 * Opens one of the report's .cpuprofile files in VS Code's own profile viewer (the built-in table;
 * the flame graph needs the js-profile-flame extension). Only a file the report lists: a panel
 * message is not trusted to name any other.
 */
export async function openCpuProfile(report: Report | undefined, file: unknown, log: vscode.OutputChannel): Promise<boolean> {
  if (!isListedCpuProfile(report, file)) {
    log.appendLine(`panel asked to open a profile the report does not list: ${safeJson(file)}`);
    return false;
  }
  if (!fs.existsSync(file)) {
    void vscode.window.showWarningMessage(`${file} no longer exists (profiles in the temp folder may have been cleaned up).`);
    return false;
  }
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.Beside });
  return true;
}

/** Opens a stack frame's file at its line, but only inside an open workspace folder. */
export async function openLocation(file: string, line: number, column?: number): Promise<void> {
  if (typeof file !== 'string' || !Number.isInteger(line) || line < 1) return;
  const resolved = path.resolve(file.replace(/^file:\/\//, ''));
  if (!isInsideWorkspace(resolved)) {
    void vscode.window.showWarningMessage(`Not opening ${path.basename(resolved)}: it is outside the workspace.`);
    return;
  }
  if (!fs.existsSync(resolved)) {
    void vscode.window.showWarningMessage(`${resolved} no longer exists.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(resolved));
  const pos = new vscode.Position(line - 1, Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
}

export function isInsideWorkspace(file: string): boolean {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return isInsideFolders(file, folders);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v).slice(0, 200);
  } catch {
    return String(v);
  }
}
