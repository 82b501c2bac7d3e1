// Shared steps of the extension's integration tests: the extension's API, quick settings for
// short runs, and counts of the threads and child processes of this extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { ProbedElement } from '../harness/protocol';
import { fixtureWorkspace, probeWebview, waitFor } from './workbench';

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

/**
 * Waits until the profiler's panel has painted at least `min` charts (wall and speedup bars, one
 * CPU chart and one timeline per mode: 10 for 4 modes) and returns every canvas it holds.
 */
export async function waitForPanelCharts(min = 10, timeoutMs = 30_000): Promise<ProbedElement[]> {
  let last = '';
  return waitFor(async () => {
    const r = await probeWebview('main#app canvas');
    const found = r?.frames.flatMap((f) => f.elements) ?? [];
    last = JSON.stringify(found.map((c) => [c.width, c.height, c.paintedPixels]));
    return found.filter((c) => (c.paintedPixels ?? 0) > 500).length >= min ? found : undefined;
  }, timeoutMs, 'the panel to draw its charts').catch((err: Error) => {
    throw new Error(`${err.message}; canvases [width, height, painted]: ${last}`);
  });
}
