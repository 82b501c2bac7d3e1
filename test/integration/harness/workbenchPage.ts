// The outer runner's side of the console channel (see protocol.ts): forwards the extension host's
// console from the workbench page to stdout, answers screenshot, webview-probe and UI-action requests, and
// notices the totals line and a crashed extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import {
  OUTPUT_TAG,
  ACT_TAG,
  PROBE_TAG,
  SCREENSHOT_TAG,
  SUMMARY_TAG,
  isTotals,
  parseTagged,
  type ActRequest,
  type ActResult,
  type ProbeRequest,
  type ProbeResult,
  type ProbedElement,
  type ScreenshotRequest,
  type TestTotals,
} from './protocol';
import { resultsDir } from './paths';

export interface PageEvents {
  onTotals(totals: TestTotals): void;
  onHostCrash(message: string): void;
}

const CRASH = /Extension host \(.*\) terminated unexpectedly/;
// Untagged workbench lines still worth showing: problems with our extension or its host.
const WORTH_SHOWING = /parallelism-?profiler|Extension host .*(terminated|crash)|Activating extension .* failed/i;

/** The extension host's own text in a page console message, or undefined for workbench chatter. */
export function hostText(raw: string): string | undefined {
  const at = raw.indexOf(OUTPUT_TAG);
  return at < 0 ? undefined : raw.slice(at + OUTPUT_TAG.length);
}

/** Keeps only files under test-results/: the request comes from test code, the write is ours. */
function safeResultPath(file: unknown): string | undefined {
  if (typeof file !== 'string' || !path.isAbsolute(file)) return undefined;
  const rel = path.relative(resultsDir, path.resolve(file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : path.resolve(file);
}

function writeAtomically(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

async function probeFrame(frame: Frame, selector: string, scroll = false): Promise<ProbedElement[]> {
  return frame.$$eval(selector, (els, scrollFirst) => {
    if (scrollFirst && els[0]) (els[0] as unknown as { scrollIntoView(o: { block: string }): void }).scrollIntoView({ block: 'start' });
    return els.map((el) => {
      const box = el.getBoundingClientRect();
      const found = {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        className: typeof el.className === 'string' ? el.className : '',
        text: (el.textContent ?? '').trim().slice(0, 1000),
        width: Math.round(box.width),
        height: Math.round(box.height),
        top: Math.round(box.top),
        // As Playwright's "visible": a click's nth counts only these (an editor parks lenses it does not show).
        ...((el.ownerDocument.defaultView?.getComputedStyle(el).visibility ?? 'visible') === 'hidden' ? { hidden: true } : {}),
        paintedPixels: undefined as number | undefined,
        ...(typeof (el as unknown as { value?: unknown }).value === 'string' && el.tagName.toLowerCase() === 'input' ? { value: (el as unknown as { value: string }).value } : {}),
      };
      // This runs in the browser; the project's tsconfig has no DOM types, hence the narrow shape.
      const canvas = el as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      };
      if (found.tag === 'canvas' && canvas.width > 0 && canvas.height > 0) {
        try {
          const ctx = canvas.getContext('2d');
          const data = ctx ? ctx.getImageData(0, 0, canvas.width, canvas.height).data : undefined;
          let painted = 0;
          let hash = 2166136261;
          if (data) {
            for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
            // FNV-1a over every pixel's colour: any change in the picture changes it (almost surely).
            for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ data[i], 16777619) >>> 0;
          }
          found.paintedPixels = painted;
          (found as { pixelHash?: number }).pixelHash = hash;
        } catch {
          // a canvas with a WebGL context or a tainted one: size only
        }
      }
      return found;
    });
  }, scroll);
}

const FRAME_PROBE_MS = 3000;

/** Clicks, types or presses as a user would, through Chromium's input events (no script dispatch). */
export async function actOn(page: Page, req: ActRequest): Promise<ActResult> {
  if (req.action === 'type') {
    await page.keyboard.type(String(req.text), { delay: 10 });
    return { done: true };
  }
  if (req.action === 'press') {
    await page.keyboard.press(String(req.key));
    return { done: true };
  }
  const text = req.text === undefined ? undefined : new RegExp(req.text);
  for (const frame of page.frames()) {
    try {
      let target = frame.locator(String(req.selector));
      if (text) target = target.filter({ hasText: text });
      const visible = target.locator('visible=true');
      const nth = Number(req.nth ?? 0);
      if ((await visible.count()) <= nth) continue;
      const startedAt = Date.now();
      await visible.nth(nth).click({ timeout: 5000 });
      return { done: true, frameUrl: frame.url(), startedAt };
    } catch {
      // a frame navigating or detaching meanwhile: try the next
    }
  }
  return { done: false, error: `nothing visible matches ${req.selector}${req.text ? ` with text /${req.text}/` : ''}` };
}

export async function probeWebviews(page: Page, selector: string, scroll = false): Promise<ProbeResult> {
  const result: ProbeResult = { selector, frames: [] };
  for (const frame of page.frames()) {
    try {
      // A webview torn down while it is queried (a panel being hidden) can leave the query unanswered
      // for good, and every probe after it would queue behind it: give each frame a few seconds.
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('frame did not answer')), FRAME_PROBE_MS); });
      const elements = await Promise.race([probeFrame(frame, selector, scroll), gaveUp]).finally(() => clearTimeout(timer));
      if (elements.length > 0) result.frames.push({ url: frame.url(), elements });
    } catch {
      // a frame navigating or detaching meanwhile has nothing to report
    }
  }
  return result;
}

export class WorkbenchPage {
  private readonly verbose = process.env.INTEGRATION_VERBOSE === '1';
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly page: Page,
    private readonly events: PageEvents,
  ) {
    page.on('console', (msg) => this.onConsole(msg));
    page.on('pageerror', (err) => {
      if (this.verbose) console.log(`[workbench error] ${err.message}`);
    });
    page.on('crash', () => events.onHostCrash('the workbench page crashed'));
  }

  /** Resolves when every screenshot and probe asked for so far has been written. */
  settled(): Promise<void> {
    return this.pending;
  }

  private onConsole(msg: ConsoleMessage): void {
    const raw = msg.text();
    if (CRASH.test(raw)) this.events.onHostCrash(raw);
    const totals = parseTagged(raw, SUMMARY_TAG);
    if (totals !== undefined) {
      if (isTotals(totals)) this.events.onTotals(totals);
      return;
    }
    const shot = parseTagged(raw, SCREENSHOT_TAG) as ScreenshotRequest | undefined;
    if (shot) return this.enqueue(() => this.screenshot(shot));
    const probe = parseTagged(raw, PROBE_TAG) as ProbeRequest | undefined;
    if (probe) return this.enqueue(() => this.probe(probe));
    const act = parseTagged(raw, ACT_TAG) as ActRequest | undefined;
    if (act) return this.enqueue(() => this.act(act));
    const text = hostText(raw);
    if (text !== undefined) console.log(text);
    else if (this.verbose || WORTH_SHOWING.test(raw)) console.log(`[workbench ${msg.type()}] ${raw.replace(/^%c\s*\w+ color: \S+ /, '')}`);
  }

  private enqueue(job: () => Promise<void>): void {
    this.pending = this.pending.then(job).catch((err: Error) => console.log(`[harness] ${err.message}`));
  }

  private async screenshot(req: ScreenshotRequest): Promise<void> {
    const file = safeResultPath(req.file);
    if (!file) throw new Error(`screenshot refused: ${String(req.file)} is not under ${resultsDir}`);
    writeAtomically(file, await this.page.screenshot({ type: 'png' }));
    console.log(`[harness] screenshot ${path.relative(process.cwd(), file)}`);
  }

  private async act(req: ActRequest): Promise<void> {
    const file = safeResultPath(req.file);
    if (!file) throw new Error(`action refused: ${String(req.file)} is not under ${resultsDir}`);
    let result: ActResult;
    try {
      result = typeof req.notAfter === 'number' && Date.now() > req.notAfter
        ? { done: false, error: 'the test stopped waiting before the runner got to it' }
        : await actOn(this.page, req);
    } catch (err) {
      result = { done: false, error: (err as Error).message };
    }
    writeAtomically(file, JSON.stringify(result, null, 2));
  }

  private async probe(req: ProbeRequest): Promise<void> {
    const file = safeResultPath(req.file);
    if (!file) throw new Error(`probe refused: ${String(req.file)} is not under ${resultsDir}`);
    let result: ProbeResult;
    try {
      result = await probeWebviews(this.page, String(req.selector), req.scroll === true);
    } catch (err) {
      result = { selector: String(req.selector), frames: [], error: (err as Error).message };
    }
    writeAtomically(file, JSON.stringify(result, null, 2));
  }
}
