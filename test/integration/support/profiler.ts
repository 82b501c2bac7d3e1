// Shared steps of the extension's integration tests: the extension's API, quick settings for
// short runs, counts of the threads and child processes of this extension host, and how long its
// thread runs without yielding.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { ProbedElement } from '../harness/protocol';
import { childPids, threadCount } from '../../support/processes';
import { click, fixtureWorkspace, pressKey, probeWebview, quickInputText, screenshot, waitFor } from './workbench';

export { childPids, threadCount };

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

/** Waits until the thread count and child processes are back to a baseline (or below). */
export async function settlesBackTo(baselineThreads: number, baselineChildren: number[], timeoutMs = 3000): Promise<void> {
  // esbuild's JavaScript API keeps one `esbuild --service` child for the life of the host, started by
  // the first bundle: it is not left over by this test (which may be the first to bundle when run alone).
  const extraChildren = () => childPids().filter((p) => !baselineChildren.includes(p) && !/esbuild --service/.test(commandLine(p)));
  await waitFor(() => threadCount() <= baselineThreads && extraChildren().length === 0, timeoutMs, 'threads and child processes to return to the baseline').catch((err: Error) => {
    // Said as things stand at the timeout, with what the extra children are.
    const extra = extraChildren().map((pid) => `${pid} (${commandLine(pid)})`);
    throw new Error(`${err.message}: ${threadCount()} threads now, ${baselineThreads} before; extra child processes: ${extra.join(', ') || 'none'}`);
  });
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
  } catch {
    return 'gone';
  }
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

/**
 * README (under the modes table): a profile never keeps the extension host's thread busy for more than this
 * at a stretch. The promise is the bound; measured here under load (2 cores, load 10–15): 53 ms during
 * a live profile, 22 ms during the CodeLens profile, a sixth of it and less (issue 27).
 */
export const HOST_THREAD_PROMISE_MS = 300;

/** The most CPU the extension host's own thread used within one 10 ms timer gap, while watched. */
export function watchHostThreadBusy(): { stop(): number } {
  const runNs = () => Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  let last = runNs();
  let longest = 0;
  const timer = setInterval(() => {
    const now = runNs();
    longest = Math.max(longest, (now - last) / 1e6);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return longest;
    },
  };
}

/** One CodeLens as the user sees it: where it is drawn, and the function its click asks arguments for. */
export interface ShownLens {
  top: number;
  functionName: string;
}

/**
 * Every "Profile Parallelism" lens drawn in the visible editors, each clicked with the mouse: the
 * prompt it opens names its function; Escape closes it and nothing runs. Server path only.
 */
export async function clickEveryLens(expected: number): Promise<ShownLens[]> {
  const api = await extensionApi();
  const drawn = await waitFor(async () => {
    const els = (await probeWebview('.codelens-decoration a'))?.frames.flatMap((f) => f.elements).filter((e) => e.width > 0 && e.height > 0 && !e.hidden && /Profile Parallelism/.test(e.text)) ?? [];
    return els.length >= expected ? els : undefined;
  }, 30_000, `${expected} lenses drawn`);
  // (Where more are drawn than expected, all are clicked: the caller checks which functions it met.)
  // An editor keeps a few lenses past its edges in the page (under the tabs, below the fold); those
  // cannot be clicked where they are: only the ones inside the editor's viewport are.
  const viewport = (await probeWebview('.editor-instance .monaco-editor .overflow-guard'))?.frames.flatMap((f) => f.elements).find((e) => e.width > 0 && !e.hidden);
  const from = viewport?.top ?? 0;
  const height = from + (viewport?.height ?? Infinity);
  const shown: ShownLens[] = [];
  for (let i = 0; i < drawn.length; i++) {
    const top = drawn[i].top ?? NaN;
    if (!(top >= from && top + drawn[i].height <= height)) continue;
    await click('.codelens-decoration a', /Profile Parallelism/, 20_000, i).catch(async (err: Error) => {
      await screenshot(`lens-click-failed-${i}`);
      throw new Error(`${err.message}; lens ${i + 1} of ${drawn.length} drawn (top, height): ${drawn.map((d) => `${d.top} ${d.height} ${d.text}`).join(' | ')}; editor viewport ${from}–${height} px`);
    });
    const title = await waitFor(async () => /Profile (\S+): arguments of each task/.exec(await quickInputText())?.[1], 20_000, `the prompt of lens ${i + 1}`);
    shown.push({ top, functionName: title });
    await pressKey('Escape');
    await waitFor(() => !api.runner.running && api.runner.shownPrompt === undefined, 10_000, 'the prompt to close with nothing run');
  }
  return shown;
}
