// The queue mode's section in headless Chromium: a report with a `queue` mode shows its Redis, what a
// job cost beyond its work, every worker (a remote one marked so, with its own pickup times) and a
// refused worker with why, each number as the report has it; a report without one shows no section.

import * as assert from 'node:assert/strict';
import { loadFixture, postReport, violations, waitForCharts, usePanelBrowser, screenshotPath } from './harness';
import type { Report } from '../../src/shared/report/report';
import { formatBytes, formatMs } from '../../src/shared/wording/format';

describe('panel: the queue mode (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();

  it('shows the per-job costs, every worker and the refused one, as the report says; screenshot', async () => {
    const report = loadFixture('queue.json') as unknown as Report;
    const q = report.modes.find((m) => m.mode === 'queue')!.queue!;
    const { page, log } = await panels.open({ theme: 'dark' });
    await postReport(page, { type: 'report', report: report as unknown as Record<string, unknown> });
    await waitForCharts(page, 1);
    const text = await page.evaluate(`document.getElementById('pp-queue-h').parentElement.innerText`) as string;
    assert.ok(text.includes(`Add to start\n${formatMs(q.pickupMs!.median)} (p95 ${formatMs(q.pickupMs!.p95)})`), text);
    assert.ok(text.includes(`End to heard\n${formatMs(q.heardMs!.median)} (p95 ${formatMs(q.heardMs!.p95)})`), text);
    assert.ok(text.includes(`Redis CPU per job\n${formatMs(q.redisCpuMsPerJob)}`), text);
    assert.ok(text.includes(`${formatBytes(q.argBytesPerJob)} in, ${formatBytes(q.resultBytesPerJob)} out`), text);
    const rows = await page.evaluate(`[...document.querySelectorAll('.pp-queue-workers tbody tr')].map((tr) => [tr.dataset.remote, ...[...tr.children].map((c) => c.textContent)])`) as string[][];
    assert.deepEqual(rows, q.workers.map((w) => [String(w.remote), `${w.host}${w.remote ? ' (remote)' : ''}`, String(w.pid), String(w.lanes), w.tasks.toLocaleString('en-US'), w.pickupMs ? `${formatMs(w.pickupMs.median)} (p95 ${formatMs(w.pickupMs.p95)})` : '—']));
    assert.ok(rows.some((r) => r[0] === 'true') && rows.some((r) => r[0] === 'false'), 'the fixture has a local and a remote worker');
    const refused = await page.evaluate(`[...document.querySelectorAll('.pp-queue-refused li')].map((li) => li.textContent)`) as string[];
    assert.deepEqual(refused, q.refused!.map((w) => `Refused: ${w.host} pid ${w.pid}: ${w.reason}`));
    assert.deepEqual(log.errors, [], 'console errors');
    assert.deepEqual(await violations(page), [], 'CSP violations');
    const section = await page.$('section[aria-labelledby="pp-queue-h"]');
    await section?.screenshot({ path: screenshotPath('webview-queue-section.png') });
  });

  it('a report without the queue mode: no queue section', async () => {
    const { page } = await panels.open({});
    await postReport(page, { type: 'report', report: loadFixture('complete.json') });
    await waitForCharts(page, 11);
    assert.equal(await page.evaluate(`document.getElementById('pp-queue-h')`), null);
  });
});
