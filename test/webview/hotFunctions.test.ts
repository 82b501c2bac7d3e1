// The panel's "Where the time went" section (CPU profile, issue 15) in headless Chromium: the top
// functions per mode with their ratio against alone, the bar of where the extra time went, the
// messages it posts (open a source line, open a lane's .cpuprofile, re-run with profiling), and one
// task's top functions from the picker and from a click on the task timeline.

import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  loadFixture, posted, postReport, violations, waitForCharts, usePanelBrowser, screenshotPath,
} from './harness';

describe('panel: where the time went (CPU profile)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();

  async function openWith(fixture: string): Promise<{ page: Page; errors: string[] }> {
    const { page, log } = await panels.open({ theme: 'dark' });
    await postReport(page, { type: 'report', report: loadFixture(fixture), history: [] });
    await waitForCharts(page, 6);
    return { page, errors: log.errors };
  }

  it('shows each mode\'s top functions with × alone, the extra-time bar and the GC share; no errors or CSP violations', async () => {
    const { page, errors } = await openWith('cpuprofile.json');
    const report = loadFixture('cpuprofile.json') as { modes: { mode: string; slowdowns?: { name: string }[]; cpuProfile?: { files: { path: string }[] } }[] };
    const text = await page.evaluate(`document.querySelector('.pp-hot').innerText`) as string;
    assert.match(text, /Where the time went/);
    assert.match(text, /lockedSection \(contended\.ts:\d+\)/);
    assert.match(text, /freeSection \(contended\.ts:\d+\)/);
    assert.match(text, /× alone/);
    assert.match(text, /garbage collector \d/);
    const cards = await page.evaluate(`[...document.querySelectorAll('.pp-hot .pp-card[data-mode]')].map((c) => c.getAttribute('data-mode'))`) as string[];
    assert.deepEqual(cards, ['sequential', 'async', 'workers', 'processes']);
    const workers = report.modes.find((m) => m.mode === 'workers')!;
    const segments = await page.evaluate(`document.querySelectorAll('.pp-extra-row[data-mode="workers"] .pp-extra-seg').length`) as number;
    assert.equal(segments, Math.min(6, workers.slowdowns!.length));
    const width = await page.evaluate(`getComputedStyle(document.querySelector('.pp-extra-row[data-mode="workers"] .pp-extra-seg')).width`) as string;
    assert.ok(parseFloat(width) > 10, `the first segment is drawn (${width})`);
    assert.deepEqual(errors, []);
    assert.deepEqual(await violations(page), []);
    await (await page.$('.pp-hot'))!.screenshot({ path: screenshotPath('panel-hot-functions-dark.png') });
  });

  it('a function opens its source line; Open profile asks for that lane\'s .cpuprofile', async () => {
    const { page } = await openWith('cpuprofile.json');
    await page.click('.pp-hot .pp-card[data-mode="workers"] tr[data-fn="lockedSection"] button.pp-link');
    const open = (await posted(page)).find((m) => m.type === 'openLocation')!;
    assert.ok(open, 'openLocation posted');
    assert.match(String(open.file), /contended\.ts$/);
    assert.ok(Number(open.line) > 1);
    await page.click('.pp-hot .pp-card[data-mode="processes"] button[data-profile]');
    const prof = (await posted(page)).find((m) => m.type === 'openProfile')!;
    assert.match(String(prof.path), /contendedTask-processes-lane0\.cpuprofile$/);
  });

  it('one task\'s top functions: from the picker, and from a click on the task timeline', async () => {
    const { page } = await openWith('cpuprofile.json');
    await page.selectOption('.pp-task-card select[aria-label="Mode"]', 'workers');
    await page.selectOption('.pp-task-card select[aria-label="Task"]', '3');
    let shown = await page.evaluate(`document.querySelector('.pp-task-top').innerText`) as string;
    assert.match(shown, /Task 3 in worker threads/);
    assert.match(shown, /(lockedSection|freeSection) \(contended\.ts:\d+\) [\d.]+ (ms|µs) self/);
    // Click across the processes timeline until a bar is hit.
    const canvas = (await page.$('[data-chart="timeline-processes"] canvas'))!;
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    search: for (const y of [0.25, 0.45, 0.65]) {
      for (let x = 0.1; x < 0.98; x += 0.06) {
        await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
        shown = await page.evaluate(`document.querySelector('.pp-task-top').innerText`) as string;
        if (/in child processes/.test(shown)) break search;
      }
    }
    assert.match(shown, /Task \d+ in child processes/);
  });

  it('without a profile: the button re-runs with one', async () => {
    const { page } = await openWith('complete.json');
    const text = await page.evaluate(`document.querySelector('.pp-hot').innerText`) as string;
    assert.match(text, /Profile where the time goes/);
    await page.click('button[data-action="cpu-profile"]');
    assert.ok((await posted(page)).some((m) => m.type === 'rerunWithCpuProfile'));
  });
});
