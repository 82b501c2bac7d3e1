// One profile from the editor: check trust, find the function, ask for arguments, run the engine
// under a cancellable progress notification, then show the report (or put the error where a
// VS Code user looks: Problems for compile errors, a notification and the panel otherwise).
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { CompileError, ProfilerError, toErrorInfo, type ProfileOptions, findFunctionOffThread, proposeArguments } from '../engine';
import type { Report } from '../shared/report';
import { ReportHistory } from './history';
import { ReportPanel, type PanelHost } from './reportPanel';
import { readSettings, type RunSettings } from './settings';
import { LiveFeed } from './liveFeed';
import { RunStatusItem, SHOW_RUNNING_COMMAND } from './runStatusItem';

export interface RunRequest {
  file: string;
  /** By name (re-run, CodeLens) or by line (cursor). */
  functionName?: string;
  line?: number;
  /** Skip the arguments prompt (re-run, tests). */
  args?: string;
  overrides?: Partial<RunSettings>;
}

export class ProfileRunner {
  private controller: AbortController | undefined;
  private last: RunRequest | undefined;
  /** The panel of the profile running now (the status bar item reveals it). */
  private livePanel: ReportPanel | undefined;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('parallelismProfiler');
  private readonly showRunning = vscode.commands.registerCommand(SHOW_RUNNING_COMMAND, () => {
    if (this.livePanel) this.livePanel.panel.reveal(this.livePanel.panel.viewColumn, false);
    else void vscode.window.showInformationMessage('No profile is running.');
  });

  constructor(private readonly context: vscode.ExtensionContext, private readonly host: PanelHost) {}

  get lastRequest(): RunRequest | undefined {
    return this.last;
  }

  get running(): boolean {
    return this.controller !== undefined;
  }

  cancel(): boolean {
    if (!this.controller) return false;
    this.controller.abort();
    return true;
  }

  dispose(): void {
    this.cancel();
    this.diagnostics.dispose();
    this.showRunning.dispose();
  }

  /** Returns the report, or undefined when the user backed out or the run failed (already shown). */
  async run(request: RunRequest): Promise<Report | undefined> {
    if (!vscode.workspace.isTrusted) {
      // Not awaited: the command returns at once while the notification waits for the user.
      void vscode.window
        .showWarningMessage(
          'Parallelism Profiler runs the code of this workspace (it bundles the file and calls the function), so it only works in a trusted workspace.',
          'Manage Workspace Trust',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        });
      this.host.log.appendLine('refused to profile: the workspace is not trusted');
      return undefined;
    }
    // The engine (and piscina with it) loads on the first profile, not on activation.
    const { isProfileRunning } = await import('../engine');
    if (this.controller || isProfileRunning()) {
      void vscode.window.showWarningMessage('A profile is already running. Wait for it or cancel it: two at once would share the cores and spoil both measurements.', 'Cancel It').then((c) => {
        if (c) this.cancel();
      });
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(request.file));
    if (document.isDirty) await document.save();
    let fn;
    try {
      fn = await findFunctionOffThread(request.file, document.getText(), request.functionName ? { name: request.functionName } : { line: request.line ?? 1 });
    } catch (err) {
      this.reportFailure(err, request);
      return undefined;
    }
    const argsKey = `args:${request.file}#${fn.name}`;
    let args = request.args;
    if (args === undefined) {
      args = await vscode.window.showInputBox({
        title: `Profile ${fn.name}: arguments of each task`,
        prompt: 'A JavaScript expression that yields one task\'s argument array; i is the task index (0 … n-1), n the task count.',
        value: this.context.workspaceState.get<string>(argsKey) ?? proposeArguments(document.getText(), fn),
        validateInput: validateArgsExpression,
        ignoreFocusOut: true,
      });
      if (args === undefined) return undefined;
    }
    await this.context.workspaceState.update(argsKey, args);
    const full: RunRequest = { ...request, functionName: fn.name, line: undefined, args };
    this.last = full;
    return this.execute(full);
  }

  private async execute(request: RunRequest): Promise<Report | undefined> {
    const settings = { ...readSettings(vscode.Uri.file(request.file)), ...request.overrides };
    const options: ProfileOptions = { ...settings, file: request.file, functionName: request.functionName, args: request.args };
    const log = this.host.log;
    const title = `Parallelism: ${request.functionName}`;
    const panel = ReportPanel.show(this.host, ReportPanel.keyFor(request.file, request.functionName!), title);
    this.diagnostics.delete(vscode.Uri.file(request.file));
    const controller = new AbortController();
    this.controller = controller;
    // The live view: events fold into state held here, outside the panel; throttled snapshots go to
    // the panel (when it can take them) and the status bar item.
    const status = new RunStatusItem(request.functionName!);
    const live = new LiveFeed((s) => {
      panel.postLive(s);
      status.update(s);
    });
    panel.showLive(live);
    this.livePanel = panel;
    log.appendLine(`[${new Date().toISOString()}] profiling ${request.functionName} in ${request.file} with args ${request.args}; ${JSON.stringify(settings)}`);
    const started = Date.now();
    try {
      const { profile } = await import('../engine');
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Profiling ${request.functionName}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return profile(options, {
            signal: controller.signal,
            onLive: (e) => live.onEvent(e),
            onProgress: (e) => {
              progress.report({ message: e.message });
              panel.showProgress(e.stage, e.message);
              log.appendLine(`  ${e.message}`);
            },
          });
        },
      );
      log.appendLine(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.verdict.summary}`);
      for (const m of report.modes) log.appendLine(`  ${m.mode}: ${m.status}${m.wallMs ? `, median ${m.wallMs.median.toFixed(1)} ms, speedup ${m.speedup ?? '–'}` : ''}${m.error ? `: ${m.error.message}` : ''}`);
      try {
        this.host.history?.save(report);
      } catch (err) {
        log.appendLine(`  could not save the report to history: ${(err as Error).message}`);
      }
      // No last live snapshot: the report replaces the live view at once.
      panel.showReport(report);
      return report;
    } catch (err) {
      live.end(err instanceof ProfilerError && err.code === 'CANCELLED' ? 'cancelled' : 'failed');
      this.reportFailure(err, request, panel);
      return undefined;
    } finally {
      live.dispose();
      status.dispose();
      this.livePanel = undefined;
      this.controller = undefined;
    }
  }

  rerunLast(): Promise<Report | undefined> | undefined {
    if (!this.last) return undefined;
    return this.run(this.last);
  }

  private reportFailure(err: unknown, request: RunRequest, panel?: ReportPanel): void {
    const info = toErrorInfo(err);
    this.host.log.appendLine(`  failed: ${info.code}: ${info.message}`);
    if (err instanceof ProfilerError && err.code === 'CANCELLED') {
      void vscode.window.showInformationMessage('Profile cancelled; every thread and process it started has been stopped.');
      panel?.showError(info);
      return;
    }
    if (err instanceof CompileError) {
      const byFile = new Map<string, vscode.Diagnostic[]>();
      for (const d of err.diagnostics) {
        const pos = new vscode.Position(Math.max(0, d.line - 1), Math.max(0, d.column - 1));
        const diag = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), d.message, vscode.DiagnosticSeverity.Error);
        diag.source = 'Parallelism Profiler';
        byFile.set(d.file, [...(byFile.get(d.file) ?? []), diag]);
      }
      for (const [file, diags] of byFile) this.diagnostics.set(vscode.Uri.file(file), diags);
      void vscode.window.showErrorMessage(`${path.basename(request.file)} does not compile; see the Problems panel.`, 'Show Problems').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      panel?.showError(info);
      return;
    }
    void vscode.window.showErrorMessage(`Parallelism Profiler: ${info.message}`);
    panel?.showError(info);
  }
}

/** Parses (never runs) the expression on this thread; the engine evaluates it in a worker. */
export function validateArgsExpression(text: string): string | undefined {
  if (text.trim() === '') return 'Type an expression such as [] or [i * 1000].';
  try {
    new vm.Script(`(${text}\n)`);
    return undefined;
  } catch (err) {
    return `Not a JavaScript expression: ${(err as Error).message}`;
  }
}
