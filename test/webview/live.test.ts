// The live view alone in headless Chromium: snapshots built by the real LiveState from synthetic
// engine events fill the CPU chart and the task timeline in place, the progress says where the run
// is, Cancel posts cancel, a malformed snapshot is not drawn, and the report replaces the live view.

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LiveEvent } from '../../src/shared/live/events';
import { LiveState } from '../../src/shared/live/state';
import {
  canvasInk, loadFixture, posted, postReport, violations, waitForCharts, type PageLog, usePanelBrowser, screenshotPath,
} from './harness';

const T0 = 1_800_000_000_000;

/** A workers run of 40 tasks on 2 lanes, 2 cores; `upTo` samples and tasks into its first measured repetition. */
function feed(state: LiveState, from: number, upTo: number): void {
  const events: LiveEvent[] = [];
  if (from === 0) {
    events.push(
      { kind: 'plan', functionName: 'countPrimes', modes: ['sequential', 'workers'], tasks: 40, workers: 2, warmup: 1, repeat: 3, cores: 2, sampleIntervalMs: 100, sweepWorkers: [], at: T0 },
      { kind: 'mode-start', mode: 'sequential', lanes: 1, at: T0 },
      { kind: 'mode-end', mode: 'sequential', lanes: 1, status: 'completed', medianMs: 4000, minMs: 3900, maxMs: 4100 },
      { kind: 'mode-start', mode: 'workers', lanes: 2, at: T0 + 17_000 },
      { kind: 'repetition-start', mode: 'workers', warmup: false, index: 1, of: 3, at: T0 + 20_000 },
    );
  }
  for (let k = from; k < upTo; k++) {
    // Core 1 busy from the start, core 2 only from sample 10: each update changes the picture.
    events.push({ kind: 'cpu', mode: 'workers', t: (k + 1) * 100, cores: [95, k >= 10 ? 90 : 5], process: k >= 10 ? 185 : 95 });
    events.push({ kind: 'tasks', mode: 'workers', tasks: [k, k % 2, k * 100, k * 100 + 180, k === 7 ? 1 : 0] });
  }
  for (const e of events) state.apply(e);
}

/** Polls an expression (page.waitForFunction would need 'unsafe-eval', which the panel's CSP refuses). */
async function until(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('live view (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();

  async function open(): Promise<{ page: Page; log: PageLog }> {
    const opened = await panels.open({ theme: 'dark' });
    return opened;
  }

  const text = (page: Page, selector: string) => page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ''`) as Promise<string>;
  const cpuInk = async (page: Page) => (await canvasInk(page)).find((c) => c.id === 'live-cpu-workers')?.inked ?? 0;

  it('fills the CPU chart and the timeline in place as snapshots arrive, says where the run is; screenshot', async () => {
    const { page, log } = await open();
    const state = new LiveState();
    feed(state, 0, 3);
    await postReport(page, { type: 'live', live: state.snapshot(T0 + 20_400) });
    await waitForCharts(page, 2);
    // Mark the canvases: an update in place keeps them, a rebuild would make new ones.
    await page.evaluate(`document.querySelectorAll('canvas').forEach((c) => { c.dataset.first = '1'; })`);
    const inks: number[] = [await cpuInk(page)];
    for (const [from, to] of [[3, 12], [12, 20], [20, 30]]) {
      feed(state, from, to);
      await postReport(page, { type: 'live', live: state.snapshot(T0 + 20_000 + to * 100 + 50) });
      await until(page, `document.getElementById('pp-content').dataset.liveSamples === '${to}'`).catch((err: Error) => {
        throw new Error(`${err.message}; page console: ${JSON.stringify(log)}`);
      });
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      inks.push(await cpuInk(page));
    }
    for (let k = 1; k < inks.length; k++) assert.notEqual(inks[k], inks[k - 1], `update ${k} changed the CPU chart's pixels (${inks.join(', ')})`);
    assert.ok(inks[3] > inks[0], `more of the chart is drawn after 30 samples than after 3 (${inks.join(', ')})`);
    assert.equal(await page.evaluate(`[...document.querySelectorAll('canvas')].filter((c) => c.dataset.first === '1').length`), 2, 'both charts were updated in place, not rebuilt');
    const progress = await text(page, '[data-live="progress"]');
    assert.match(progress, /worker threads ×2 · repetition 1 of 3 · 30 of 40 tasks \(1 failed\) · [\d.]+ s elapsed · about [\d.]+ s left/, progress);
    assert.match(await text(page, '[data-live="finished"]'), /sequential\s+4\.00 s \[3\.90–4\.10\]/);
    assert.match(await text(page, '#pp-timeline-h + p'), /30 of 40 tasks ended; faint/);
    // The mode says which tasks run now: they are drawn from their own start, and counted.
    const before = (await canvasInk(page)).find((c) => c.id === 'live-timeline-workers')?.inked ?? 0;
    state.apply({ kind: 'running', mode: 'workers', tasks: [30, 0, 3000, 31, 1, 3010] });
    await postReport(page, { type: 'live', live: state.snapshot(T0 + 20_000 + 3_600) });
    await until(page, `(document.querySelector('#pp-timeline-h + p')?.innerText ?? '').includes('2 running')`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const after = (await canvasInk(page)).find((c) => c.id === 'live-timeline-workers')?.inked ?? 0;
    assert.notEqual(after, before, `the running tasks changed the timeline's pixels (${before} → ${after})`);
    await page.screenshot({ path: screenshotPath('panel-live-running-dark.png'), fullPage: true });
    await page.screenshot({ path: screenshotPath('panel-live-dark.png'), fullPage: true });
    await page.click('button[data-action="cancel"]');
    assert.deepEqual((await posted(page)).at(-1), { type: 'cancel' });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(await violations(page), []);
  });

  it('reloaded mid-run (hidden, then shown), it waits for the host instead of drawing the older report it saved', async () => {
    const saved = { report: loadFixture('complete.json'), live: true };
    const initScript = `
      window.__ppPosted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__ppPosted.push(m), getState: () => (${JSON.stringify(saved)}), setState: () => {} });`;
    const opened = await panels.open({ theme: 'dark', initScript });
    const page = opened.page;
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    assert.match(await text(page, '#pp-status'), /Reconnecting to the running profile/);
    assert.equal(await page.evaluate(`document.querySelectorAll('canvas').length`), 0, 'the older report is not drawn');
    const state = new LiveState();
    feed(state, 0, 8);
    await postReport(page, { type: 'live', live: state.snapshot(T0 + 20_900) });
    await waitForCharts(page, 2);
    assert.equal(await text(page, '#pp-status'), '', 'the banner goes when the live state arrives');
    assert.match(await text(page, '[data-live="progress"]'), /8 of 40 tasks/);
  });

  it('reloaded with a run the host no longer has (VS Code restarted), it shows what it saved after a few seconds', async () => {
    const saved = { report: loadFixture('complete.json'), live: true };
    const initScript = `
      window.__ppPosted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__ppPosted.push(m), getState: () => (${JSON.stringify(saved)}), setState: () => {} });`;
    const opened = await panels.open({ theme: 'dark', initScript });
    await until(opened.page, `document.querySelectorAll('.pp-verdict').length > 0`, 15_000);
    assert.equal(await text(opened.page, '#pp-status'), '', 'the reconnecting banner is gone');
  });

  it('interleaved rounds (open-ended): the charts name the round, as the progress line does', async () => {
    const { page } = await open();
    const state = new LiveState();
    feed(state, 0, 0);
    state.apply({ kind: 'repetition-start', mode: 'workers', warmup: false, index: 2, of: 0, at: T0 + 24_000 });
    state.apply({ kind: 'cpu', mode: 'workers', t: 100, cores: [95, 90], process: 185 });
    state.apply({ kind: 'cpu', mode: 'workers', t: 200, cores: [95, 90], process: 185 });
    state.apply({ kind: 'running', mode: 'workers', tasks: [0, 0, 1, 1, 1, 2] });
    await postReport(page, { type: 'live', live: state.snapshot(T0 + 24_300) });
    await waitForCharts(page, 2);
    const title = await text(page, '[data-chart="live-timeline-workers"]');
    assert.match(title, /Task timeline — worker threads, round 2/);
    assert.doesNotMatch(title, /of 0/);
    assert.match(await text(page, '[data-live="progress"]'), /round 2/);
  });

  it('a cancelled run keeps what was drawn, marked so, without the Cancel button', async () => {
    const { page } = await open();
    const state = new LiveState();
    feed(state, 0, 15);
    state.end('cancelled');
    await postReport(page, { type: 'live', live: state.snapshot(T0 + 21_600) });
    await waitForCharts(page, 2);
    assert.match(await text(page, 'h1'), /countPrimes — cancelled: what was measured before is shown/);
    assert.equal(await page.evaluate(`document.querySelector('button[data-action="cancel"]').hidden`), true);
    assert.ok((await cpuInk(page)) > 0.01, 'the CPU chart still shows what was sampled');
  });

  it('does not draw a malformed snapshot, and the report replaces the live view in place', async () => {
    const { page, log } = await open();
    const state = new LiveState();
    feed(state, 0, 5);
    const bad = JSON.parse(JSON.stringify(state.snapshot(T0 + 20_500)));
    bad.current.repetition.cpu.cores[0][2] = 'x';
    await postReport(page, { type: 'live', live: bad });
    await page.evaluate('new Promise((r) => setTimeout(r, 200))');
    assert.equal(await page.evaluate(`document.querySelector('[data-live]')`), null, 'nothing drawn from a malformed snapshot');
    log.errors.length = 0;
    await postReport(page, { type: 'live', live: state.snapshot(T0 + 20_500) });
    await waitForCharts(page, 2);
    const liveHeadings = await page.evaluate(`[...document.querySelectorAll('h2')].map((e) => e.textContent)`) as string[];
    await postReport(page, { type: 'report', report: loadFixture('complete.json') });
    await waitForCharts(page, 10);
    assert.equal(await page.evaluate(`document.querySelector('[data-live]')`), null, 'the live view is gone');
    const reportHeadings = await page.evaluate(`[...document.querySelectorAll('h2')].map((e) => e.textContent)`) as string[];
    const shared = reportHeadings.filter((x) => liveHeadings.includes(x));
    assert.deepEqual(shared, liveHeadings.filter((x) => reportHeadings.includes(x)), 'the sections both show come in the same order');
    assert.ok(shared.includes('CPU utilisation per core') && shared.includes('Task timeline per lane'), `shared sections: ${shared.join(', ')}`);
    assert.deepEqual(log.errors, []);
  });
});
