// The comparison view's second half alone in headless Chromium: B's CPU per core against A's and
// where each version's time went, on a real report (test/fixtures/compare/where: `step` with a JSON
// round trip added, profiled with --versus the base `step` and --cpu-profile on the shared 2-core VM).
// The numbers on the page are checked against the report's own; a report without A's samples or
// without profiles says what is missing instead.

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BaseModeDetail, Comparison } from '../../src/shared/report/comparison';
import type { CpuSeries, ModeResult, ProfiledFunction, Report } from '../../src/shared/report/report';
import type { VersionChange } from '../../src/shared/report/versionChanges';
import { categoryChanges, functionChanges } from '../../src/shared/report/versionChanges';
import { bandLabel, formatMs, formatNumber, formatPercent } from '../../src/shared/wording/format';
import { categoryLabel, functionLabel } from '../../src/shared/wording/formatFunction';
import { loadFixture, postReport, violations, waitForCharts, waitInPage, usePanelBrowser, screenshotPath } from './harness';

/** What the page must say for one version: computed here from the report's raw samples, not from the page's code. */
function sideText(label: string, cpu: CpuSeries, utilisation: { share: number; band: 'idle' | 'poor' | 'ok' | 'ideal' } | undefined, coresBusy: number | undefined): string {
  let total = 0;
  for (let s = 0; s < cpu.t.length; s++) total += cpu.cores.reduce((sum, c) => sum + c[s], 0) / cpu.cores.length;
  const own: string[] = [];
  if (coresBusy !== undefined) own.push(`${formatNumber(coresBusy)} cores busy`);
  if (utilisation) own.push(`${formatPercent(utilisation.share)} of all cores, ${bandLabel(utilisation.band)}`);
  return `${label}: cores ${(total / cpu.t.length).toFixed(0)}% busy on average (every program)${own.length ? `; its own threads and processes ${own.join(', ')}` : ''}`;
}

/** Pixels of the canvas within a small distance of a colour (a line drawn in it). */
function inkOf(selector: string, rgb: [number, number, number]): string {
  return `(() => {
    const c = document.querySelector(${JSON.stringify(selector)});
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - ${rgb[0]}) + Math.abs(data[i + 1] - ${rgb[1]}) + Math.abs(data[i + 2] - ${rgb[2]}) < 40) n++;
    return n;
  })()`;
}

describe('panel webview: the comparison view\'s CPU and where the time went (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();

  it('draws B\'s CPU per core against A\'s per mode, with the report\'s numbers; both versions\' profiles side by side, biggest change first; screenshot', async () => {
    const { page, log } = await panels.open({ theme: 'dark', width: 1300 });
    const report = loadFixture('versusProfiled.json') as unknown as Report;
    const c = report.comparison as Comparison;
    assert.ok(c.baseModes && c.baseModes.every((m) => m.cpu && m.profile && m.hotFunctions), 'the fixture carries A\'s samples and profiles');
    await postReport(page, { type: 'report', report, history: [] });
    await waitInPage(page, "document.querySelectorAll('.pp-cmp-cpu [data-chart]').length === 2", 20_000, 'two CPU comparison charts');
    await waitForCharts(page, 2);
    // Taken before the checks, so a failing run still leaves the picture to look at.
    await (await page.$('.pp-cmp'))!.screenshot({ path: screenshotPath('webview-comparison-detail.png') });

    for (const mode of ['sequential', 'workers'] as const) {
      const a: BaseModeDetail = c.baseModes!.find((m) => m.mode === mode)!;
      const b: ModeResult = report.modes.find((m) => m.mode === mode)!;
      const canvas = `.pp-cmp-cpu [data-chart="cmp-cpu-${mode}"] canvas`;
      // Painted: the chart has its size, and both versions' mean lines are on it (A in the muted colour, B in blue).
      assert.ok(await page.evaluate(`document.querySelector('${canvas}').width > 0`), `${mode}: the canvas has a size`);
      const muted = await page.evaluate(inkOf(canvas, [0x9d, 0x9d, 0x9d])) as number;
      const blue = await page.evaluate(inkOf(canvas, [0x37, 0x94, 0xff])) as number;
      assert.ok(muted > 200 && blue > 200, `${mode}: A's line (${muted} px) and B's line (${blue} px) both drawn`);
      const texts = await page.evaluate(`[...document.querySelectorAll('.pp-cmp-cpu [data-chart="cmp-cpu-${mode}"] .pp-cmp-cpu-text li')].map((li) => li.textContent)`) as string[];
      assert.deepEqual(texts, [
        sideText('A', a.cpu!, a.utilisation, a.coresBusy),
        sideText('B', b.cpu!, b.utilisation, b.coresBusy),
      ]);
    }

    const where = await page.evaluate(`[...document.querySelectorAll('.pp-cmp-where-mode')].map((card) => ({
      mode: card.dataset.mode,
      tables: [...card.querySelectorAll('table')].map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))),
    }))`) as { mode: string; tables: string[][][] }[];
    assert.deepEqual(where.map((w) => w.mode), ['sequential', 'workers']);
    for (const w of where) {
      const a: BaseModeDetail = c.baseModes!.find((m) => m.mode === w.mode)!;
      const b: ModeResult = report.modes.find((m) => m.mode === w.mode)!;
      const cell = (x: number | undefined) => (x === undefined ? 'not listed' : formatMs(x));
      // Categories: the profiles' own self times ÷ the tasks, largest change first.
      const tasks = report.settings.tasks;
      const cats = categoryChanges(a.profile!.categories, b.cpuProfile!.categories, tasks);
      assert.deepEqual(w.tables[0].map((r) => r.slice(0, 3)), cats.map((x) => [categoryLabel(x.item.category, x.item.library), cell(x.base), cell(x.new)]));
      for (const x of cats) {
        const ms = (list: { category: string; selfMs: number }[]) => list.find((y) => y.category === x.item.category)?.selfMs;
        const [sa, sb] = [ms(a.profile!.categories), ms(b.cpuProfile!.categories)];
        assert.equal(x.base, sa === undefined ? undefined : sa / tasks);
        assert.equal(x.new, sb === undefined ? undefined : sb / tasks);
      }
      // Functions: each version's perTaskMs as its report lists it, ordered by the size of the change.
      const fns: VersionChange<ProfiledFunction>[] = functionChanges(a.hotFunctions!, b.hotFunctions!).slice(0, 10);
      assert.deepEqual(w.tables[1].map((r) => r.slice(0, 3)), fns.map((x) => [functionLabel(x.item), cell(x.base), cell(x.new)]));
      const deltas = fns.map((x) => Math.abs(x.deltaMs));
      assert.deepEqual(deltas, [...deltas].sort((p, q) => q - p), `${w.mode}: biggest change first`);
      const mix = fns.find((x) => x.item.name === 'mix');
      assert.ok(mix && mix.base === a.hotFunctions!.find((f) => f.name === 'mix')!.perTaskMs && mix.new === b.hotFunctions!.find((f) => f.name === 'mix')!.perTaskMs, `${w.mode}: mix matched across the two versions`);
    }
    assert.equal(await page.evaluate("document.querySelectorAll('.pp-cmp [data-missing]').length"), 0, 'nothing said missing');
    assert.deepEqual(log.errors, [], 'console errors');
    assert.deepEqual(await violations(page), [], 'CSP violations');
  });

  it('says what is missing: no CPU samples of A in an older comparison, no CPU profiles in either version', async () => {
    const { page, log } = await panels.open({ theme: 'dark' });
    await postReport(page, { type: 'report', report: loadFixture('versus.json'), history: [] });
    await waitInPage(page, "document.querySelector('.pp-cmp-where') !== null", 20_000, 'the comparison drawn');
    const notes = await page.evaluate("Object.fromEntries([...document.querySelectorAll('.pp-cmp [data-missing]')].map((p) => [p.dataset.missing, p.textContent]))") as Record<string, string>;
    assert.match(notes.cpu ?? '', /carries no CPU samples of spin .*compare again/);
    assert.match(notes.profile ?? '', /^neither version has a CPU profile: profile again with --versus and --cpu-profile to see where each version's time went\.$/);
    assert.equal(await page.evaluate("document.querySelectorAll('.pp-cmp-cpu canvas').length"), 0, 'no CPU chart without A\'s samples');
    assert.deepEqual(log.errors, [], 'console errors');
  });

  it('Compare with… a report without a profile: A\'s CPU drawn beside B\'s, and which version lacks the profile', async () => {
    const { page, log } = await panels.open({ theme: 'dark' });
    const report = loadFixture('versusProfiled.json') as unknown as Report;
    const c = report.comparison as Comparison;
    // What the host sends for "Compare with…" an unprofiled report: A's modes without hotFunctions or profile.
    const other: Comparison = { ...c, paired: false, versus: 'base.json', base: 'base.json', new: 'this report', baseModes: c.baseModes!.map(({ hotFunctions: _h, profile: _p, ...rest }) => rest) };
    await postReport(page, { type: 'report', report, history: [] });
    await postReport(page, { type: 'comparison', comparison: other });
    await waitInPage(page, "document.querySelector('.pp-cmp h2')?.textContent === 'Compared with base.json'", 20_000, 'the host\'s comparison drawn');
    await waitForCharts(page, 2);
    assert.equal(await page.evaluate("document.querySelectorAll('.pp-cmp-cpu [data-chart]').length"), 2);
    assert.equal(await page.evaluate("document.querySelector('.pp-cmp [data-missing=\"profile\"]')?.textContent"), 'A (base.json) has no CPU profile: run both with --cpu-profile to see where the time went.');
    assert.deepEqual(log.errors, [], 'console errors');
  });
});
