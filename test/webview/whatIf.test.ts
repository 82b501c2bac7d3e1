// The "What if" section in headless Chromium: with a report that carries a prediction, the speedup
// chart (log core axis, band, measured points, bounds, this machine's marker) and the chunk-size chart
// are drawn, the check and what the prediction ignores are said in words; without one, no section.

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  canvasInk, loadFixture, postReport, violations, waitForCharts, usePanelBrowser, screenshotPath,
} from './harness';

describe('panel: What if (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();

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
    await page.screenshot({ path: screenshotPath('webview-what-if.png'), fullPage: true });
    const section = await page.$('section[aria-labelledby="pp-whatif-h"]');
    await section?.screenshot({ path: screenshotPath('webview-what-if-section.png') });
  });

  it('with the queue mode\'s machines what-if: its chart, table, check and inputs; without it, none', async () => {
    const { page, log } = await panels.open({ theme: 'light' });
    const report = loadFixture('predicted.json') as { prediction: Record<string, unknown> };
    const speedups = [1.84, 3.6, 7.0, 12.9, 19.5, 20.1, 20.1];
    report.prediction.machines = {
      inputs: {
        lanesPerMachine: 2, perJobMs: 1.2, perByteMs: 0, latencyMs: 3, pickupMs: 1.1, heardMs: 0.4, argBytesPerJob: 60, resultBytesPerJob: 300,
        measuredRttMs: 0.2, networkLatencyMs: 5, networkLatencySource: 'set', roundTripsPerJob: 1, latencyTermMs: 4.8, redisCpuMsPerJob: 0.5, redisJobsPerSecond: 2000,
      },
      points: [1, 2, 4, 8, 16, 32, 64].map((machines, j) => ({ machines, lanes: 2 * machines, speedup: speedups[j], jobsPerSecond: speedups[j] * 100, by: machines >= 16 ? 'redis' : 'lanes' })),
      check: { machines: 1, lanes: 2, predicted: 1.84, measured: 1.79, errorPct: 2.8 },
      findings: ['From 16 machines on, Redis sets the pace: at 500 µs of its CPU per job it carries at most ~2,000 jobs a second.'],
    };
    await postReport(page, { type: 'report', report });
    await waitForCharts(page, 14);
    const c = (await canvasInk(page)).find((x) => x.id === 'what-if-machines');
    assert.ok(c && c.inked > 0.01, 'the machines chart is drawn');
    const text = await page.evaluate(`document.getElementById('pp-whatif-machines-h').parentElement.innerText`) as string;
    assert.match(text, /queue mode on 2 lanes predicted 1\.84× from its one-lane run; measured 1\.79×; error \+2\.80%/);
    assert.match(text, /Network round trip to Redis: 5\.00 ms \(set; 200 µs measured here\)/);
    assert.match(text, /at most ~2,000 jobs a second/);
    const rows = await page.evaluate(`[...document.querySelectorAll('[data-chart="what-if-machines"] table tbody tr')].map((r) => [...r.cells].map((c) => c.textContent).join(' | '))`) as string[];
    assert.equal(rows.length, 7, 'one row per machine count');
    assert.equal(rows[6], '64 | 128 | 20.1× | 2,010 | Redis\'s CPU');
    assert.deepEqual(log.errors, [], 'console errors');
    assert.deepEqual(await violations(page), [], 'CSP violations');
    await postReport(page, { type: 'report', report: loadFixture('predicted.json') });
    await waitForCharts(page, 13);
    assert.equal(await page.evaluate(`document.getElementById('pp-whatif-machines-h')`), null, 'no machines what-if without one in the report');
  });

  it('no prediction in the report: no What if section', async () => {
    const { page } = await panels.open({});
    await postReport(page, { type: 'report', report: loadFixture('complete.json') });
    await waitForCharts(page, 11);
    assert.equal(await page.evaluate(`document.getElementById('pp-whatif-h')`), null);
  });
});
