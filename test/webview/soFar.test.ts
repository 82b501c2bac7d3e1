// The live view's speedups so far, alone in headless Chromium: nothing before a round has ended, a
// point marked "so far, round 1", then the interval from round 2, in the section the verdict will
// take; the report replaces it.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LiveState } from '../../src/shared/live/state';
import { loadFixture, postReport, usePanelBrowser, violations, waitForCharts, waitInPage, screenshotPath } from './harness';

const T0 = 1_800_000_000_000;

function interleaved(): LiveState {
  const s = new LiveState();
  s.apply({ kind: 'plan', functionName: 'countPrimes', modes: ['sequential', 'workers', 'processes'], tasks: 8, workers: 2, warmup: 1, repeat: 0, cores: 2, sampleIntervalMs: 100, sweepWorkers: [], at: T0 });
  for (const [mode, lanes] of [['sequential', 1], ['workers', 2], ['processes', 2]] as const) s.apply({ kind: 'mode-start', mode, lanes, at: T0 });
  s.apply({ kind: 'repetition-start', mode: 'sequential', warmup: false, index: 1, of: 0, at: T0 + 2000 });
  s.apply({ kind: 'cpu', mode: 'sequential', t: 100, cores: [95, 5], process: 95 });
  return s;
}

describe('live view: speedups so far (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();
  const text = (page: Page, selector: string) => page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ''`) as Promise<string>;

  it('none before round 1 ends; then a point marked with its round; from round 2 the interval; screenshot', async () => {
    const { page, log } = await panels.open({ theme: 'dark' });
    const s = interleaved();
    await postReport(page, { type: 'live', live: s.snapshot(T0 + 2200) });
    await waitForCharts(page, 1);
    assert.equal(await text(page, '[data-live="so-far"]'), '', 'no round has ended: no speedup');
    s.apply({ kind: 'round-end', round: 1, minRounds: 3, elapsedMs: 6000, at: T0 + 8000, speedups: [
      { mode: 'workers', lanes: 2, speedup: 1.91, rounds: 1 }, { mode: 'processes', lanes: 2, speedup: 1.84, rounds: 1 },
    ] });
    s.apply({ kind: 'repetition-start', mode: 'workers', warmup: false, index: 2, of: 0, at: T0 + 8000 });
    await postReport(page, { type: 'live', live: s.snapshot(T0 + 8100) });
    await waitInPage(page, `document.getElementById('pp-content').dataset.liveRound === '1'`);
    const one = await text(page, '[data-live="so-far"]');
    assert.match(one, /so far, round 1\s+worker threads ×2 1\.91×, child processes ×2 1\.84×/);
    assert.match(one, /the interval comes with round 2/);
    s.apply({ kind: 'round-end', round: 2, minRounds: 3, elapsedMs: 12_000, at: T0 + 14_000, speedups: [
      { mode: 'workers', lanes: 2, speedup: 1.93, low: 1.88, high: 1.99, rounds: 2 }, { mode: 'processes', lanes: 2, speedup: 1.85, low: 1.8, high: 1.9, rounds: 2 },
    ] });
    await postReport(page, { type: 'live', live: s.snapshot(T0 + 14_100) });
    await waitInPage(page, `document.getElementById('pp-content').dataset.liveRound === '2'`);
    const two = await text(page, '[data-live="so-far"]');
    assert.match(two, /so far, round 2\s+worker threads ×2 1\.93× \[1\.88–1\.99\], child processes ×2 1\.85× \[1\.80–1\.90\]/);
    assert.doesNotMatch(two, /comes with round 2/);
    assert.ok(await page.evaluate(`document.querySelector('#pp-live [data-live="so-far"]') !== null`), 'in the section the verdict will take');
    await page.screenshot({ path: screenshotPath('panel-live-so-far-dark.png'), fullPage: true });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(await violations(page), []);
    await postReport(page, { type: 'report', report: loadFixture('complete.json') });
    await waitForCharts(page, 5);
    assert.equal(await page.evaluate(`document.querySelector('[data-live="so-far"]')`), null, 'the report replaced it');
    assert.doesNotMatch(await text(page, 'body'), /so far, round/);
  });
});
