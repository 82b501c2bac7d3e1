// "Compare with…" (palette, and the panel's toolbar button): pick an earlier run of the panel's
// function from the history, or a report file, and show the panel's report against it in the panel's
// comparison view. The comparison is computed here, on the host, and sent through the protocol.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareForPanel, type ComparisonMessage } from './comparisonResult';
import { readReportFile } from './reportFile';
import type { PanelHost, ReportPanel } from './reportPanel';
import type { Report } from '../shared/report/report';

const COMPARE_ANYWAY = 'Compare Anyway';

interface Picked {
  report: Report;
  label: string;
}

/** Picks A for the panel's report: `source` (a report file's Uri, or a history id) skips the picker, as tests and scripts need. */
async function pickBase(host: PanelHost, current: Report, source?: vscode.Uri | string): Promise<Picked | undefined> {
  if (typeof source === 'string') return fromHistory(host, source);
  if (source instanceof vscode.Uri) return fromFile(source);
  const history = host.history?.list(current) ?? [];
  const FILE = '$(file) A report file…';
  const items: (vscode.QuickPickItem & { id?: string })[] = [
    ...history.map((e) => ({ label: e.label, description: 'earlier run', id: e.id })),
    { label: FILE, description: 'a JSON report saved from the panel or the CLI' },
  ];
  const choice = history.length === 0 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Compare this report with…', placeHolder: 'An earlier run of this function, or a report file' });
  if (!choice) return undefined;
  if (choice.id) return fromHistory(host, choice.id);
  const file = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Parallelism report': ['json'] }, title: 'Compare with a Parallelism Profiler report' }))?.[0];
  return file ? fromFile(file) : undefined;
}

function fromHistory(host: PanelHost, id: string): Picked | undefined {
  const report = host.history?.load(id);
  if (!report) {
    void vscode.window.showWarningMessage('That earlier run could not be read; it may have been removed.');
    return undefined;
  }
  return { report, label: `the run of ${new Date(report.createdAt).toLocaleString()}` };
}

async function fromFile(file: vscode.Uri): Promise<Picked | undefined> {
  const parsed = await readReportFile(file, vscode.workspace.fs).catch((err: Error) => ({ ok: false as const, errors: [err.message] }));
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`That file is not a Parallelism Profiler report: ${parsed.errors.slice(0, 3).join('; ')}`);
    return undefined;
  }
  return { report: parsed.report, label: path.basename(file.fsPath) };
}

/** Returns what the panel was sent (for tests), or undefined when nothing was picked. */
export async function compareWith(host: PanelHost, panel: ReportPanel | undefined, source?: vscode.Uri | string): Promise<ComparisonMessage | undefined> {
  const current = panel?.currentReport;
  if (!panel || !current) {
    void vscode.window.showInformationMessage('Open a report first (profile a function or Open Report…), then compare it with another.');
    return undefined;
  }
  const base = await pickBase(host, current, source);
  if (!base) return undefined;
  const outcome = compareForPanel(current, base.report, base.label);
  panel.showComparison(outcome.message);
  panel.panel.reveal(undefined, true);
  if (outcome.message.type === 'comparisonRefused') {
    host.log.appendLine(`compare with ${base.label} refused: ${outcome.message.message}`);
    // Not awaited: the command returns what the panel shows while the notification waits for the user.
    void vscode.window.showWarningMessage(outcome.message.message.split('\n')[0], ...(outcome.machineOnly ? [COMPARE_ANYWAY] : [])).then((answer) => {
      if (answer === COMPARE_ANYWAY && panel.currentReport === current) panel.showComparison(compareForPanel(current, base.report, base.label, true).message);
    });
  }
  return outcome.message;
}
