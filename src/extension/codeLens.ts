// A "Profile Parallelism" CodeLens above every function the engine can profile. The TypeScript
// compiler loads on the first request, not on activation.
import * as vscode from 'vscode';
import { listFunctionsOffThread } from '../engine';
import { codeLensEnabled } from './settings';

export class ProfileCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled() || document.uri.scheme !== 'file' || document.lineCount > 50_000) return [];
    const functions = await listFunctionsOffThread(document.uri.fsPath, document.getText()).catch(() => []);
    if (token.isCancellationRequested) return [];
    return functions.map((fn) => {
      const line = Math.max(0, fn.line - 1);
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: 'Profile Parallelism',
        tooltip: `Run ${fn.name} as N tasks sequentially, async-interleaved, on worker threads and on processes`,
        command: 'parallelismProfiler.profile',
        arguments: [document.uri, fn.name],
      });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
