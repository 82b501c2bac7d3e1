// The "What if" section in headless Chromium: with a report that carries a prediction, the speedup
// chart (log core axis, band, measured points, bounds, this machine's marker) and the chunk-size chart
// are drawn, the check and what the prediction ignores are said in words; without one, no section.

import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  canvasInk, loadFixture, postReport, ROOT, violations, waitForCharts, usePanelBrowser,
} from './harness';

const RESULTS = join(ROOT, 'test-results');

describe('panel: What if (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();
  before(() => mkdirSync(RESULTS, { recursive: true }));

  it('draws the speedup and chunk-size charts with the check in words; screenshot', async () => {
    const { page, log } = await panels.open({ theme: 'dark' });
    await postReport(page, { type: 'report', report: loadFixture('predicted.json') });
    // The complete fixture's 11 charts, then the two of What if.
    await waitForCharts(page, 13);
    const ink = await canvasInk(page);
    for (const id of ['what-if', 'chunk-size']) {
      const c = ink.find((x) => x.id === id);
      assert.ok(c, `a ${id} chart (charts: ${ink.map((x) => x.id).join(', ')})`);
      assert.ok(c.inked > 0.01, `${id} looks blank (${(c.inked * 100).toFixed(2)}% inked)`);
    }
    const text = await page.evaluate(`document.getElementById('pp-whatif-h').parentElement.innerText`) as string;
    assert.match(text, /worker threads on 2 lanes: predicted 1\.99× .* without using that run; measured 1\.95×; error \+2\.30%/);
    assert.match(text, /With 8 tasks the curve stops at 8 cores: split the work into more tasks/);
    assert.match(text, /ignores: .*NUMA/);
    assert.match(text, /What it was fed\s+Worker threads, measured on one lane, the engine.s thread held on core 0 and the lane.s on core 1: 90\.0 µs a message between tasks; 61\.0 µs of it on the engine's thread .*; 120 µs of CPU a message/);
    assert.match(text, /Child processes, measured on one lane, its threads where the OS put them: 350 µs a message between tasks; 350 µs before the first task/);
    // The chart's numbers as a table, as every chart has.
    const rows = await page.evaluate(`[...document.querySelectorAll('[data-chart="what-if"] table tbody tr')].length`);
    assert.equal(rows, 14, '7 core counts × 2 modes');
    assert.deepEqual(log.errors, [], 'console errors');
    assert.deepEqual(await violations(page), [], 'CSP violations');
    await page.screenshot({ path: join(RESULTS, 'webview-what-if.png'), fullPage: true });
    const section = await page.$('section[aria-labelledby="pp-whatif-h"]');
    await section?.screenshot({ path: join(RESULTS, 'webview-what-if-section.png') });
  });

  it('no prediction in the report: no What if section', async () => {
    const { page } = await panels.open({});
    await postReport(page, { type: 'report', report: loadFixture('complete.json') });
    await waitForCharts(page, 11);
    assert.equal(await page.evaluate(`document.getElementById('pp-whatif-h')`), null);
  });
});
