// Entry point of the VS Code face. Registers commands and providers only: esbuild and the
// TypeScript compiler load on the first profile or CodeLens request, never on activation.
import * as vscode from 'vscode';
import { compareWith } from './compareWith';
import { stopLocateService } from '../engine';
import { ProfileCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { ReportHistory } from './history';
import { PANEL_VIEW_TYPE, ReportPanel, type PanelHost } from './reportPanel';
import { ProfileRunner } from './profileRunner';

let runner: ProfileRunner | undefined;

export interface ExtensionApi {
  /** For the integration tests: the runner that owns the current profile. */
  readonly runner: ProfileRunner;
  readonly openPanels: () => ReportPanel[];
  /** For the integration tests: the CodeLens provider (the web workbench refuses vscode.executeCodeLensProvider's file URIs). */
  readonly codeLenses: ProfileCodeLensProvider;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Parallelism Profiler');
  const storage = context.storageUri ?? context.globalStorageUri;
  const host: PanelHost = {
    extensionUri: context.extensionUri,
    history: storage.scheme === 'file' ? new ReportHistory(storage.fsPath) : undefined,
    log,
    rerun: (report, fromThisWindow, overrides) => void runner?.rerunReport(report, fromThisWindow, overrides),
    cancel: () => void runner?.cancel(),
    compareWith: (panel) => void compareWith(host, panel),
  };
  runner = new ProfileRunner(context, host);
  const lenses = new ProfileCodeLensProvider();
  const selector: vscode.DocumentSelector = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'].map((language) => ({ language, scheme: 'file' }));
  context.subscriptions.push(
    log,
    runner,
    lenses,
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('parallelismProfiler.codeLens')) lenses.refresh();
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        ReportPanel.restore(host, panel, state);
      },
    }),
    ...registerCommands(runner, host),
  );
  return { runner, openPanels: () => ReportPanel.openPanels(), codeLenses: lenses };
}

export async function deactivate(): Promise<void> {
  // Cancelling ends every worker thread and child process: live threads would block the host's exit.
  runner?.cancel();
  ReportPanel.disposeAll();
  await stopLocateService();
}
