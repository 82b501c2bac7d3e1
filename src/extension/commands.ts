// The commands of the palette, the editor's context menu and the CodeLens.
import * as vscode from 'vscode';
import { qualifiedFunctionName } from '../shared/report/functionName';
import { compareWith } from './compareWith';
import { readReportFile } from './reportFile';
import { ReportPanel, type PanelHost } from './reportPanel';
import type { ProfileRunner } from './profileRunner';

export function registerCommands(runner: ProfileRunner, host: PanelHost): vscode.Disposable[] {
  return [
    // From the palette or context menu (no arguments: the cursor), or the CodeLens (uri and name).
    vscode.commands.registerCommand('parallelismProfiler.profile', async (uri?: vscode.Uri, name?: string, args?: string, construct?: string) => {
      const target = targetOf(uri, name);
      if (!target) return undefined;
      return runner.run({ ...target, args, ...(typeof construct === 'string' ? { construct } : {}) });
    }),
    vscode.commands.registerCommand('parallelismProfiler.profileWithOverrides', async () => {
      const target = targetOf();
      if (!target) return undefined;
      const tasks = await askInteger('Tasks (N) for this run', 'parallelismProfiler.tasks', 1, 100000);
      if (tasks === undefined) return undefined;
      const workers = await askInteger('Worker threads and processes (K) for this run; 0 = one per core', 'parallelismProfiler.workers', 0, 1024);
      if (workers === undefined) return undefined;
      return runner.run({ ...target, overrides: { tasks, workers: workers > 0 ? workers : undefined } });
    }),
    // The function at the cursor against itself as it was at the last commit, in the same rounds.
    vscode.commands.registerCommand('parallelismProfiler.compareWithLastCommit', async (uri?: vscode.Uri, name?: string) => {
      const target = targetOf(uri, name);
      if (!target) return undefined;
      return runner.run({ ...target, versus: { revision: 'HEAD' } });
    }),
    // The panel's report against an earlier run or a report file; `source` (a Uri or a history id) skips the picker.
    vscode.commands.registerCommand('parallelismProfiler.compareWith', async (source?: vscode.Uri | string) => compareWith(host, ReportPanel.focused(), source)),
    vscode.commands.registerCommand('parallelismProfiler.rerun', async () => {
      const again = runner.rerunLast();
      if (!again) {
        void vscode.window.showInformationMessage('Nothing to re-run yet: profile a function first (Profile Parallelism).');
        return undefined;
      }
      return again;
    }),
    vscode.commands.registerCommand('parallelismProfiler.openReport', async (uri?: vscode.Uri) => {
      const file = uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Parallelism report': ['json'] }, title: 'Open a Parallelism Profiler report' }))?.[0];
      if (!file) return undefined;
      // Size first (stat), then read: a huge file is refused without loading it.
      const parsed = await readReportFile(file, vscode.workspace.fs).catch((err: Error) => ({ ok: false as const, errors: [err.message] }));
      if (!parsed.ok) {
        void vscode.window.showErrorMessage(`That file is not a Parallelism Profiler report: ${parsed.errors.slice(0, 3).join('; ')}`);
        return undefined;
      }
      const panel = ReportPanel.show(host, `file:${file.toString()}`, `Parallelism: ${qualifiedFunctionName(parsed.report.function)}`);
      panel.showReport(parsed.report);
      return parsed.report;
    }),
    vscode.commands.registerCommand('parallelismProfiler.cancel', () => {
      if (!runner.cancel()) void vscode.window.showInformationMessage('No profile is running.');
    }),
  ];
}

function targetOf(uri?: vscode.Uri, name?: string): { file: string; functionName?: string; line?: number } | undefined {
  if (uri instanceof vscode.Uri && typeof name === 'string') return { file: uri.fsPath, functionName: name };
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Open a TypeScript or JavaScript file and put the cursor in a function to profile it.');
    return undefined;
  }
  return { file: editor.document.uri.fsPath, line: editor.selection.active.line + 1 };
}

async function askInteger(prompt: string, setting: string, min: number, max: number): Promise<number | undefined> {
  const current = vscode.workspace.getConfiguration().get<number>(setting);
  const text = await vscode.window.showInputBox({
    prompt,
    value: String(current ?? ''),
    validateInput: (t) => (/^\d+$/.test(t.trim()) && +t >= min && +t <= max ? undefined : `A whole number from ${min} to ${max}.`),
  });
  return text === undefined ? undefined : Number(text.trim());
}
