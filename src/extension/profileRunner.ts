// One profile from the editor: check trust, find the function, ask for arguments, run the engine
// under a cancellable progress notification, then show the report (or put the error where a
// VS Code user looks: Problems for compile errors, a notification and the panel otherwise).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CompileError, ProfilerError, toErrorInfo, type LocatedFunction, type ProfileOptions, findFunctionOffThread, proposeArguments, qualifiedName } from '../engine';
import { qualifiedFunctionName } from '../shared/report/functionName';
import type { Report } from '../shared/report/report';
import { validateArgsExpression } from './argsExpression';
import { ReportPanel, type PanelHost } from './reportPanel';
import { readSettings, type RunSettings } from './settings';
import { redisQueueOptions } from './redisSecret';
import { LiveFeed } from './liveFeed';
import { RunStatusItem, SHOW_RUNNING_COMMAND } from './runStatusItem';
import { rerunRefusal } from './workspacePaths';

export { validateArgsExpression };

export interface RunRequest {
  file: string;
  /** By name (re-run, CodeLens) or by line (cursor). */
  functionName?: string;
  line?: number;
  /** Skip the arguments prompt (re-run, tests). */
  args?: string;
  /** The constructor's arguments for an instance method whose constructor needs them; skips that prompt. */
  construct?: string;
  /** Pre-fills the constructor-arguments prompt instead of skipping it (a report from a file: it runs as code, so the user confirms it). */
  proposedConstruct?: string;
  /**
   * Pre-fills the arguments prompt instead of skipping it: a report from a file (a colleague's, the
   * CLI's, a download) carries an expression that runs as code, so the user sees it and confirms it first.
   */
  proposedArgs?: string;
  overrides?: Partial<RunSettings>;
  /** Compare with the same function at a git revision, in the same rounds (--versus @REV). */
  versus?: { revision: string };
}

/** The arguments prompt on screen, for the integration tests (VS Code offers no way to read it). */
export interface ShownPrompt {
  title: string;
  value: string;
}

export class ProfileRunner {
  private controller: AbortController | undefined;
  private last: RunRequest | undefined;
  /** The panel of the profile running now (the status bar item reveals it). */
  private livePanel: ReportPanel | undefined;
  /** Set while the arguments prompt is open. */
  shownPrompt: ShownPrompt | undefined;
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
    // Busy from here, before any await: a second start while this one locates the function or
    // waits for its arguments must be refused, or its handle would replace this run's.
    if (this.controller) {
      this.refuseBusy();
      return undefined;
    }
    const controller = new AbortController();
    this.controller = controller;
    try {
      return await this.prepare(request, controller);
    } finally {
      // Only this run's own handle: a later run may hold the field by now.
      if (this.controller === controller) this.controller = undefined;
    }
  }

  private refuseBusy(): void {
    void vscode.window.showWarningMessage('A profile is already running (or waiting for its arguments). Wait for it or cancel it: two at once would share the cores and spoil both measurements.', 'Cancel It').then((c) => {
      if (c) this.cancel();
    });
  }

  private async prepare(request: RunRequest, controller: AbortController): Promise<Report | undefined> {
    if (!fs.existsSync(request.file)) {
      void vscode.window.showErrorMessage(`Parallelism Profiler: ${request.file} no longer exists (it was moved, renamed or deleted), so ${request.functionName ?? 'its function'} cannot be profiled.`);
      this.host.log.appendLine(`refused to profile: ${request.file} does not exist`);
      return undefined;
    }
    // The engine (and piscina with it) loads on the first profile, not on activation.
    const { isProfileRunning } = await import('../engine');
    if (isProfileRunning()) {
      this.refuseBusy();
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
    // Class.method wherever the function is a key: a bare `run` would mix up A.run and B.run.
    const name = qualifiedName(fn);
    const argsKey = `args:${request.file}#${name}`;
    let args = request.args;
    if (args === undefined) {
      const fromReport = request.proposedArgs !== undefined;
      const prompt: ShownPrompt = {
        title: fromReport ? `Re-run ${name} from a report: check the arguments` : `Profile ${name}: arguments of each task`,
        value: request.proposedArgs ?? this.context.workspaceState.get<string>(argsKey) ?? proposeArguments(document.getText(), fn),
      };
      this.shownPrompt = prompt;
      try {
        args = await vscode.window.showInputBox({
          title: prompt.title,
          prompt: fromReport
            ? 'These arguments come from a report file and run as code in this workspace when you press Enter. Read them first. i is the task index (0 … n-1), n the task count.'
            : 'A JavaScript expression that yields one task\'s argument array; i is the task index (0 … n-1), n the task count.',
          value: prompt.value,
          validateInput: validateArgsExpression,
          ignoreFocusOut: true,
        });
      } finally {
        if (this.shownPrompt === prompt) this.shownPrompt = undefined;
      }
      if (args === undefined || controller.signal.aborted) return undefined;
    }
    // Saved as this function's default only now, once the user has confirmed (or typed) it.
    await this.context.workspaceState.update(argsKey, args);
    const construct = await this.askConstruct(fn, request);
    if (construct === null || controller.signal.aborted) return undefined;
    const full: RunRequest = { file: request.file, functionName: name, args, overrides: request.overrides, ...(construct !== undefined ? { construct } : {}), ...(request.versus ? { versus: request.versus } : {}) };
    this.last = full;
    return this.execute(full, controller);
  }

  private async execute(request: RunRequest, controller: AbortController): Promise<Report | undefined> {
    const settings = { ...readSettings(vscode.Uri.file(request.file)), ...request.overrides };
    const options: ProfileOptions = {
      ...settings, file: request.file, functionName: request.functionName, args: request.args, ...(request.construct !== undefined ? { construct: request.construct } : {}),
      // Paired rounds reach significance from six; the CLI's --versus default is eight too.
      ...(request.versus ? { versus: { functionName: '', revision: request.versus.revision }, repeat: Math.max(settings.repeat ?? 3, 8) } : {}),
    };
    // Apart from `settings`, which the output channel prints: the queue options may hold a password.
    const queue = await redisQueueOptions(this.context.secrets, settings.modes, vscode.Uri.file(request.file));
    if (queue === null) return undefined;
    if (queue) options.queue = queue;
    const log = this.host.log;
    const title = `Parallelism: ${request.functionName}`;
    const panel = ReportPanel.show(this.host, ReportPanel.keyFor(request.file, request.functionName!), title);
    this.diagnostics.delete(vscode.Uri.file(request.file));
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
    const started = performance.now();
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
      log.appendLine(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${report.verdict.summary}`);
      for (const m of report.modes) log.appendLine(`  ${m.mode}: ${m.status}${m.wallMs ? `, median ${m.wallMs.median.toFixed(1)} ms, speedup ${m.speedup ?? '–'}` : ''}${m.error ? `: ${m.error.message}` : ''}`);
      try {
        this.host.history?.save(report);
      } catch (err) {
        log.appendLine(`  could not save the report to history: ${(err as Error).message}`);
      }
      // No last live snapshot: the report replaces the live view at once.
      panel.showReport(report, { fromThisWindow: true });
      return report;
    } catch (err) {
      live.end(err instanceof ProfilerError && err.code === 'CANCELLED' ? 'cancelled' : 'failed');
      this.reportFailure(err, request, panel);
      return undefined;
    } finally {
      live.dispose();
      status.dispose();
      this.livePanel = undefined;
    }
  }

  /**
   * The second box, shown only for an instance method whose constructor needs arguments: pre-filled
   * with what was used last time for this class, else its @profileConstruct tag. Undefined: none needed;
   * null: the user backed out.
   */
  private async askConstruct(fn: LocatedFunction, request: RunRequest): Promise<string | undefined | null> {
    if (fn.kind !== 'instance-method' || (!fn.constructorNeeds && request.proposedConstruct === undefined)) return request.construct;
    const key = `construct:${request.file}#${fn.className ?? ''}`;
    let construct = request.construct;
    if (construct === undefined) {
      const fromReport = request.proposedConstruct !== undefined;
      construct = await vscode.window.showInputBox({
        title: `${fromReport ? 'Re-run' : 'Profile'} ${fn.className}.${fn.name}: arguments of the constructor${fromReport ? ' (from a report: check them)' : ''}`,
        prompt: `${fn.className === 'default' ? 'The class' : fn.className}: ${fn.constructorNeeds ?? 'its constructor takes arguments'}. A JavaScript expression that yields the constructor's argument array; the instance is built once per worker thread or process, before timing.` +
          (fromReport ? ' It comes from a report file and runs as code in this workspace when you press Enter: read it first.' : ''),
        value: request.proposedConstruct ?? this.context.workspaceState.get<string>(key) ?? fn.constructTag ?? '[]',
        validateInput: validateArgsExpression,
        ignoreFocusOut: true,
      });
      if (construct === undefined) return null;
    }
    await this.context.workspaceState.update(key, construct);
    return construct;
  }

  rerunLast(): Promise<Report | undefined> | undefined {
    if (!this.last) return undefined;
    return this.run(this.last);
  }

  /**
   * Re-run from a panel. A report this window produced re-runs as it was; any other (opened from a
   * file, restored after a reload) only with its function file inside the workspace, and only after
   * the user has seen and confirmed its arguments in the prompt.
   */
  async rerunReport(report: Report, fromThisWindow: boolean, overrides?: Partial<RunSettings>): Promise<Report | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const file = report.function.file;
    const refusal = rerunRefusal(file, folders, fromThisWindow);
    if (refusal) {
      void vscode.window.showErrorMessage(`Parallelism Profiler: ${refusal}`);
      this.host.log.appendLine(refusal);
      return undefined;
    }
    const functionName = qualifiedFunctionName(report.function);
    const extra = overrides ? { overrides } : {};
    const construct = report.settings.construct;
    return this.run(fromThisWindow
      ? { file, functionName, args: report.settings.args, ...(construct !== undefined ? { construct } : {}), ...extra }
      : { file, functionName, proposedArgs: report.settings.args, ...(construct !== undefined ? { proposedConstruct: construct } : {}), ...extra });
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
