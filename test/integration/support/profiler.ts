// Shared steps of the extension's integration tests: the extension's API, quick settings for
// short runs, and counts of the threads and child processes of this extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { fixtureWorkspace, waitFor } from './workbench';

export const EXTENSION_ID = 'parallelism-profiler.parallelism-profiler';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function fixture(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(fixtureWorkspace, ...parts));
}

/** User-level settings, so the checked-in workspace settings file is never rewritten by a test. */
export async function useSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const c = vscode.workspace.getConfiguration('parallelismProfiler');
  const before = new Map<string, unknown>();
  for (const [k, v] of Object.entries(values)) {
    before.set(k, c.inspect(k)?.globalValue);
    await c.update(k, v, vscode.ConfigurationTarget.Global);
  }
  return async () => {
    for (const [k, v] of before) await c.update(k, v, vscode.ConfigurationTarget.Global);
  };
}

/** Threads of this extension host process (Linux), so a test can see that none were left behind. */
export function threadCount(): number {
  return fs.readdirSync('/proc/self/task').length;
}

/** Live child processes of this extension host (Linux). */
export function childPids(): number[] {
  const me = String(process.pid);
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state, fields[1] the parent pid; zombies are already gone for our purposes.
      if (fields[1] === me && fields[0] !== 'Z') out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Waits until the thread count and child processes are back to a baseline (or below). */
export async function settlesBackTo(baselineThreads: number, baselineChildren: number[], timeoutMs = 3000): Promise<void> {
  await waitFor(
    () => threadCount() <= baselineThreads && childPids().filter((p) => !baselineChildren.includes(p)).length === 0,
    timeoutMs,
    `threads (${threadCount()} now, ${baselineThreads} before) and child processes (${childPids().length} now, ${baselineChildren.length} before) to return to the baseline`,
  );
}
