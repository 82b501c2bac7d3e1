// The panel's comparison view alone in headless Chromium, on a real --versus report (spinTwice, twice
// spin's work, profiled with --versus spin on the shared 2-core VM): paired bars per mode on one
// scale, the change with its interval, the badge, and nothing the CSP refuses.

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadFixture, posted, postReport, violations, waitInPage, usePanelBrowser, screenshotPath } from './harness';

describe('panel webview: the comparison view (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();

  it('draws both versions per mode as paired bars with the change, its interval and a badge; screenshot', async () => {
    const { page, log } = await panels.open({ theme: 'dark' });
    const report = loadFixture('versus.json');
    await postReport(page, { type: 'report', report, history: [] });
    await waitInPage(page, "document.querySelector('.pp-cmp') !== null", 20_000, 'the comparison section appears');
    const view = await page.evaluate(`(() => {
      const section = document.querySelector('.pp-cmp');
      return {
        outcome: section.dataset.outcome,
        title: section.querySelector('h2')?.textContent,
        headline: section.querySelector('.pp-summary')?.textContent,
        modes: [...section.querySelectorAll('.pp-cmp-mode')].map((m) => ({
          mode: m.dataset.mode,
          change: m.dataset.change,
          badge: m.querySelector('.pp-badge')?.textContent,
          widths: [...m.querySelectorAll('.pp-cmp-bar')].map((b) => b.getBoundingClientRect().width),
          text: m.querySelector('.pp-cmp-change')?.textContent,
        })),
      };
    })()`) as { outcome?: string; title?: string; headline?: string; modes: { mode?: string; change?: string; badge?: string; widths: number[]; text?: string }[] };
    assert.equal(view.outcome, 'regressed');
    assert.equal(view.title, 'Compared with spin');
    assert.match(view.headline ?? '', /^Regressed: sequential 2\.\d+× slower, worker threads 2\.\d+× slower\.$/);
    assert.deepEqual(view.modes.map((m) => [m.mode, m.change, m.badge]), [['sequential', 'slower', 'slower'], ['workers', 'slower', 'slower']]);
    const walls = (report as { comparison: { modes: { wall: { base: number; new: number } }[] } }).comparison.modes.map((m) => m.wall);
    view.modes.forEach((m, i) => {
      // Both medians on one scale: the bars' lengths keep their ratio (B, twice the work, is the longer).
      const want = walls[i].new / walls[i].base;
      assert.ok(m.widths.length === 2 && Math.abs(m.widths[1] / m.widths[0] / want - 1) < 0.03, `${m.mode} bars ${m.widths.join(', ')}, medians ratio ${want}`);
      assert.match(m.text ?? '', /^Time \+\d+% \[\+\d+% … \+\d+%\], p [<=] [\d.]+, \d+ paired rounds\.$/);
    });
    assert.deepEqual(log.errors, [], 'console errors');
    assert.deepEqual(await violations(page), [], 'CSP violations');
    await (await page.$('.pp-cmp'))!.screenshot({ path: screenshotPath('webview-comparison.png') });
  });

  it('Compare with…: the button asks the host, the host\'s comparison replaces the report\'s own, a refusal lists what differs, a new report clears it', async () => {
    const { page, log } = await panels.open({ theme: 'dark' });
    const report = loadFixture('versus.json') as { comparison: Record<string, unknown> };
    await postReport(page, { type: 'report', report, history: [] });
    await waitInPage(page, "document.querySelector('.pp-cmp') !== null", 20_000, 'the report\'s own comparison');
    await page.click('button[data-action="compareWith"]');
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'compareWith' }]);
    // What the host sends: another comparison (here the report's own, renamed and improved).
    const other = { ...report.comparison, versus: 'base.json', base: 'base.json', new: 'this report', paired: false, outcome: 'improved',
      modes: (report.comparison.modes as Record<string, unknown>[]).map((m) => ({ ...m, change: 'faster' })) };
    await postReport(page, { type: 'comparison', comparison: other });
    await waitInPage(page, "document.querySelector('.pp-cmp h2')?.textContent === 'Compared with base.json'", 20_000, 'the host\'s comparison drawn');
    assert.equal(await page.evaluate("document.querySelector('.pp-cmp').dataset.outcome"), 'improved');
    assert.deepEqual(await page.evaluate("[...document.querySelectorAll('.pp-cmp-mode .pp-badge')].map((b) => b.textContent)"), ['faster', 'faster']);
    await postReport(page, { type: 'comparisonRefused', message: 'a.json and this report did not measure the same thing, so they cannot be compared:\n  tasks: 8 → 4\n  workers: 2 → 4\nProfile both with the same function, --tasks, --args and --workers.' });
    await waitInPage(page, "document.querySelector('.pp-cmp-refused') !== null", 20_000, 'the refusal drawn');
    assert.deepEqual(await page.evaluate("[...document.querySelectorAll('.pp-cmp-refused li')].map((li) => li.textContent)"), ['tasks: 8 → 4', 'workers: 2 → 4']);
    assert.equal(await page.evaluate("document.querySelector('.pp-cmp') === null"), true, 'no comparison beside a refusal');
    // A malformed comparison is refused by the panel's parse (a warning in the console, no error).
    await postReport(page, { type: 'comparison', comparison: { ...other, alpha: 'five' } });
    await postReport(page, { type: 'report', report, history: [] });
    await waitInPage(page, "document.querySelector('.pp-cmp h2')?.textContent === 'Compared with spin'", 20_000, 'a new report shows its own comparison again');
    assert.equal(await page.evaluate("document.querySelector('.pp-cmp-refused') === null"), true);
    assert.deepEqual(log.errors, [], 'console errors');
    assert.deepEqual(await violations(page), [], 'CSP violations');
  });

  it('shows nothing of it for a report without a comparison', async () => {
    const { page } = await panels.open({ theme: 'dark' });
    await postReport(page, { type: 'report', report: loadFixture('complete.json'), history: [] });
    await waitInPage(page, "document.querySelector('.pp-verdict') !== null", 20_000, 'the report is drawn');
    assert.equal(await page.evaluate("document.querySelector('.pp-cmp') === null"), true);
  });
});
