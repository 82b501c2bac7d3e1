// A "Profile Parallelism" CodeLens above every function the engine can profile. The TypeScript
// compiler loads on the first request, not on activation.
import * as vscode from 'vscode';
import { listFunctionsOffThread, qualifiedName } from '../engine';
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
      // Class.method: a bare `run` over B.run would profile a top-level run() when there is one.
      const name = qualifiedName(fn);
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: 'Profile Parallelism',
        tooltip: `Run ${name} as N tasks sequentially, async-interleaved, on worker threads and on processes`,
        command: 'parallelismProfiler.profile',
        arguments: [document.uri, name],
      });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
