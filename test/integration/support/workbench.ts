// What a test inside the extension host can ask of the screen.
//
// Only the outer runner can reach the workbench page (server path), so a test prints a tagged
// console line (protocol.ts) and polls for the file the runner writes in reply: both run on the
// same machine, because the server's extension host is a local Node process. On the desktop path
// there is no page to reach: screenshot() and probeWebview() then return undefined, and a test
// that needs them should skip with `skipBecause(this, reason)` rather than pass vacuously.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';
import { ACT_TAG, ENV, OUTPUT_TAG, PROBE_TAG, SCREENSHOT_TAG, formatTagged, type ActRequest, type ActResult, type HarnessKind, type ProbeResult } from '../harness/protocol';
import { fixtureWorkspace, resultsDir } from '../harness/paths';

export { fixtureWorkspace };
export const screenshotDir = path.join(resultsDir, 'integration');

export function harnessKind(): HarnessKind | undefined {
  const v = process.env[ENV.harness];
  return v === 'server' || v === 'desktop' ? v : undefined;
}

/** Whether screenshots and webview probes are answered on this path. */
export function canSeeScreen(): boolean {
  return harnessKind() === 'server';
}

/** Prints a line that shows in the harness output on both paths (plain console.log shows only with INTEGRATION_VERBOSE=1 on the server path). */
export function log(...args: unknown[]): void {
  console.log((harnessKind() === 'server' ? OUTPUT_TAG : '') + format(...args));
}

/** Polls `check` every 100 ms until it returns a value other than undefined/false; rejects with `what` on timeout. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/**
 * Saves a screenshot of the whole workbench to test-results/integration/<name>.png and returns
 * its path, or undefined on the desktop path. Give the UI a moment to paint before calling.
 */
export async function screenshot(name: string, timeoutMs = 15_000): Promise<string | undefined> {
  if (!canSeeScreen()) return undefined;
  const file = path.join(screenshotDir, `${fileName(name)}.png`);
  fs.rmSync(file, { force: true });
  console.log(formatTagged(SCREENSHOT_TAG, { file }));
  return waitFor(() => fs.existsSync(file) && file, timeoutMs, `the screenshot ${file}`);
}

/**
 * Queries every frame of the workbench page (each webview is a nested iframe) for `selector`;
 * a <canvas> also reports how many pixels are painted. Undefined on the desktop path.
 */
export async function probeWebview(selector: string, timeoutMs = 15_000, opts: { scroll?: boolean } = {}): Promise<ProbeResult | undefined> {
  if (!canSeeScreen()) return undefined;
  const file = path.join(resultsDir, 'integration', 'probes', `${Date.now()}-${Math.floor(Math.random() * 1e6)}.json`);
  console.log(formatTagged(PROBE_TAG, { selector, file, ...(opts.scroll ? { scroll: true } : {}) }));
  await waitFor(() => fs.existsSync(file), timeoutMs, `the webview probe of ${selector}`);
  const result = JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeResult;
  fs.rmSync(file, { force: true });
  if (result.error) throw new Error(`webview probe of ${selector} failed: ${result.error}`);
  return result;
}

type Act = ActRequest extends infer R ? (R extends { file: string } ? Omit<R, 'file'> : never) : never;

async function actOnce(req: Act, timeoutMs: number): Promise<ActResult> {
  const file = path.join(resultsDir, 'integration', 'probes', `act-${Date.now()}-${Math.floor(Math.random() * 1e6)}.json`);
  console.log(formatTagged(ACT_TAG, { ...req, file, notAfter: Date.now() + timeoutMs }));
  await waitFor(() => fs.existsSync(file), timeoutMs, `the harness to do ${JSON.stringify(req)}`);
  const result = JSON.parse(fs.readFileSync(file, 'utf8')) as ActResult;
  fs.rmSync(file, { force: true });
  return result;
}

/**
 * Clicks, as a user does (Chromium's mouse events, not a script's), the first visible element that
 * matches `selector` and, when given, `text`, in any frame of the page: the workbench or a webview.
 * Waits for one to appear. Only on the server path (check canSeeScreen() first).
 */
export async function click(selector: string, text?: RegExp, timeoutMs = 20_000, nth = 0): Promise<ActResult> {
  if (!canSeeScreen()) throw new Error('click() needs the workbench page (server path)');
  const req: Act = { action: 'click', selector, ...(text ? { text: text.source } : {}), ...(nth ? { nth } : {}) };
  let last: ActResult | undefined;
  return waitFor(async () => {
    last = await actOnce(req, timeoutMs);
    return last.done ? last : undefined;
  }, timeoutMs, `something to click at ${selector}${text ? ` ${text}` : ''}`).catch((err: Error) => {
    throw new Error(`${err.message}: ${last?.error ?? ''}`);
  });
}

/** Types `text` into whatever has the keyboard focus, key by key. */
export async function typeText(text: string, timeoutMs = 20_000): Promise<void> {
  if (!canSeeScreen()) throw new Error('typeText() needs the workbench page (server path)');
  const r = await actOnce({ action: 'type', text }, timeoutMs);
  if (!r.done) throw new Error(`typing failed: ${r.error}`);
}

/** Presses one key (Playwright's names: 'Enter', 'Escape', 'Control+A'). */
export async function pressKey(key: string, timeoutMs = 20_000): Promise<void> {
  if (!canSeeScreen()) throw new Error('pressKey() needs the workbench page (server path)');
  const r = await actOnce({ action: 'press', key }, timeoutMs);
  if (!r.done) throw new Error(`pressing ${key} failed: ${r.error}`);
}


/**
 * The text of every notification the user can read now, from the notification centre (the list
 * behind the status bar's bell). In the headless web workbench the toasts never appear (checked on
 * VS Code 1.139: the centre lists a message that no toast showed), so the centre is where a message
 * is read, as a user who missed the toast would. Server path only.
 */
export async function notificationTexts(): Promise<string[]> {
  if (!canSeeScreen()) throw new Error('notificationTexts() needs the workbench page (server path)');
  await vscode.commands.executeCommand('notifications.showList');
  const r = await probeWebview('.notifications-center .notification-list-item-message, .notifications-toasts .notification-list-item-message');
  return r?.frames.flatMap((f) => f.elements).map((e) => e.text) ?? [];
}

/**
 * Waits for a notification whose text matches `pattern` and returns its whole text, so a test can
 * assert the words a user reads. On a timeout the error lists the notifications that were there.
 */
export async function waitForNotification(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  let seen: string[] = [];
  try {
    return await waitFor(async () => {
      seen = await notificationTexts();
      return seen.find((t) => pattern.test(t));
    }, timeoutMs, `a notification matching ${pattern}`).catch((err: Error) => {
      throw new Error(`${err.message}; the notifications: ${seen.length ? seen.map((t) => JSON.stringify(t)).join(' | ') : 'none'}`);
    });
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/** Dismisses every notification, so the next waitForNotification() sees only what comes after. */
export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
}

/** What VS Code's own quick input shows now: its title, message and list rows, for a test to wait on or to quote in a failure. */
export async function quickInputText(): Promise<string> {
  const r = await probeWebview('.quick-input-widget .quick-input-title, .quick-input-widget .quick-input-message, .quick-input-widget .monaco-list-row');
  return r?.frames.flatMap((f) => f.elements).filter((e) => e.width > 0 && e.text).map((e) => e.text).join(' | ') ?? '';
}
