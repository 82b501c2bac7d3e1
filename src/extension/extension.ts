// Entry point of the VS Code face. Registers commands and providers only: esbuild and the
// TypeScript compiler load on the first profile or CodeLens request, never on activation.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const notYet = (name: string) => () => vscode.window.showInformationMessage(`Parallelism Profiler: ${name} is being built.`);
  for (const id of ['profile', 'profileWithOverrides', 'rerun', 'openReport', 'cancel']) {
    context.subscriptions.push(vscode.commands.registerCommand(`parallelismProfiler.${id}`, notYet(id)));
  }
}

export function deactivate(): void {}
