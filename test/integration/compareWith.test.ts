// "Compare with…" in the real VS Code: the panel's report (a real --versus report, B) against a report
// file (A). The extension computes the comparison on the host and the panel draws it; a report of a
// different run is refused, and the panel lists what differs. A is made from B's own rounds (workers
// 3× slower), so the expected answer is known: workers faster, sequential no detectable difference.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparisonMessage } from '../../src/extension/comparisonResult';
import type { Report } from '../../src/shared/report/report';
import { repoRoot, resultsDir } from './harness/paths';
import { extensionApi, fixture, useSettings } from './support/profiler';
import { skipBecause } from '../support/skip';
import { canSeeScreen, click, log, pressKey, probeWebview, quickInputText, typeText, waitFor } from './support/workbench';

const VERSUS = vscode.Uri.file(path.join(repoRoot, 'test', 'fixtures', 'reports', 'versus.json'));
const DIR = path.join(resultsDir, 'integration', 'compare-with');

function variant(name: string, edit: (r: Report) => void): vscode.Uri {
  const r = JSON.parse(fs.readFileSync(VERSUS.fsPath, 'utf8')) as Report;
  r.createdAt = '2026-01-01T00:00:00.000Z';
  delete r.comparison;
  edit(r);
  fs.mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, name);
  fs.writeFileSync(file, JSON.stringify(r));
  return vscode.Uri.file(file);
}

async function texts(selector: string): Promise<string[]> {
  const r = await probeWebview(selector);
  return r?.frames.flatMap((f) => f.elements).map((e) => e.text.trim()) ?? [];
}

describe('Compare with… in the real VS Code', function () {
  this.timeout(120_000);
  let report: Report;

  before(async () => {
    const opened = await vscode.commands.executeCommand<Report>('parallelismProfiler.openReport', VERSUS);
    assert.ok(opened, 'Open Report returned nothing');
    report = opened;
  });

  after(async () => {
    // Webview probes read every panel's frame: leave no comparison of ours on screen for later tests.
    for (const p of (await extensionApi()).openPanels()) if (p.currentComparison) p.panel.dispose();
  });

  async function panelOfReport() {
    const api = await extensionApi();
    const panel = api.openPanels().find((p) => p.currentReport?.createdAt === report.createdAt);
    assert.ok(panel, 'no panel shows the report');
    // The command acts on the active panel: focus this one, as a user clicking it would.
    panel.panel.reveal(undefined, false);
    await waitFor(() => panel.panel.active, 10_000, 'the report panel to be active');
    return panel;
  }

  it('compares the panel\'s report with a report file and draws the comparison', async function () {
    const panel = await panelOfReport();
    const slower = variant('workers-3x-slower.json', (r) => {
      for (const round of r.rounds!.rounds) for (const m of round.modes) if (m.mode === 'workers') m.wallMs *= 3;
    });
    const sent = await vscode.commands.executeCommand<ComparisonMessage>('parallelismProfiler.compareWith', slower);
    assert.equal(sent?.type, 'comparison', JSON.stringify(sent).slice(0, 300));
    const c = sent.type === 'comparison' ? sent.comparison : assert.fail();
    assert.equal(c.versus, 'workers-3x-slower.json');
    assert.equal(c.paired, false);
    assert.deepEqual(c.modes.map((m) => [m.mode, m.change]), [['sequential', 'no-difference'], ['workers', 'faster']]);
    assert.deepEqual(panel.currentComparison, sent, 'the panel keeps what it was sent (a reloaded panel gets it again)');
    if (!canSeeScreen()) skipBecause(this, 'the desktop path has no page to probe');
    await waitFor(async () => (await texts('.pp-cmp h2')).includes('Compared with workers-3x-slower.json'), 30_000, 'the panel to draw the comparison with the file');
    assert.deepEqual(await texts('.pp-cmp-mode .pp-badge'), ['no detectable difference', 'faster']);
    const changes = await texts('.pp-cmp-change');
    log(`compare with: ${changes.join(' | ')}`);
    assert.match(changes[1], /^Time −67% \[−\d+% … −\d+%\], p (?:< 0\.001|= [\d.]+), 13 and 13 rounds\.$/);
  });

  it('refuses a report of a different run and the panel lists what differs', async function () {
    const panel = await panelOfReport();
    const other = variant('other-tasks.json', (r) => { r.settings.tasks += 4; });
    const sent = await vscode.commands.executeCommand<ComparisonMessage>('parallelismProfiler.compareWith', other);
    assert.equal(sent?.type, 'comparisonRefused', JSON.stringify(sent).slice(0, 300));
    const message = sent.type === 'comparisonRefused' ? sent.message : '';
    assert.match(message, /^other-tasks\.json and this report did not measure the same thing/);
    assert.deepEqual(panel.currentComparison, sent);
    if (!canSeeScreen()) skipBecause(this, 'the desktop path has no page to probe');
    const fields = await waitFor(async () => {
      const t = await texts('.pp-cmp-refused li');
      return t.length > 0 ? t : undefined;
    }, 30_000, 'the panel to show the refusal');
    assert.deepEqual(fields, [`tasks: ${report.settings.tasks + 4} → ${report.settings.tasks}`]);
    assert.deepEqual(await texts('.pp-cmp h2'), [], 'no comparison is drawn beside a refusal');
  });

  it('from the panel\'s Compare with… button, picks an earlier run of the function from the history', async function () {
    this.timeout(300_000);
    // Two small profiles of one function: the first is kept in the history, the second is in the panel.
    const restore = await useSettings({ tasks: 2, workers: 2, repeat: 3, warmup: 0, modes: ['sequential', 'workers'], timeoutSeconds: 60, maxTimeSeconds: 10 });
    try {
      const work = fixture('src', 'work.ts');
      const first = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', work, 'sumOfSquareRoots', '[2_000_000]');
      const second = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', work, 'sumOfSquareRoots', '[2_000_000]');
      assert.ok(first && second, 'a profile returned no report');
      const api = await extensionApi();
      const panel = api.openPanels().find((p) => p.currentReport?.createdAt === second.createdAt);
      assert.ok(panel, 'no panel shows the second report');
      if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click the panel\'s button in');
      // A click lands in the first visible frame with the button: leave only this panel on screen
      // (the report panel opened above sits in another editor group and has the same button).
      for (const p of api.openPanels()) if (p !== panel) p.panel.dispose();
      panel.panel.reveal(undefined, false);
      await waitFor(async () => (await probeWebview('button[data-action="compareWith"]'))?.frames.flatMap((f) => f.elements).some((e) => e.width > 0), 20_000, 'the Compare with… button drawn');
      await click('button[data-action="compareWith"]');
      // VS Code's quick pick, titled by the extension, lists the earlier runs newest first: type the
      // first run's time to keep only its row, then press Enter, as a user picking it.
      const when = new Date(first.createdAt).toLocaleString();
      await waitFor(async () => /Compare this report with/.test(await quickInputText()), 20_000, 'the Compare with… quick pick');
      await typeText(when);
      const rows = await waitFor(async () => {
        const r = await probeWebview('.quick-input-widget .monaco-list-row');
        const t = r?.frames.flatMap((f) => f.elements).filter((e) => e.height > 0).map((e) => e.text) ?? [];
        return t.length === 1 && t[0].includes(when) ? t : undefined;
      }, 20_000, `one row for the run of ${when}`).catch(async (err: Error) => {
        throw new Error(`${err.message}; the quick input shows: ${await quickInputText()}`);
      });
      log(`compare with: picked ${rows[0]}`);
      await pressKey('Enter');
      const shown = await waitFor(() => panel.currentComparison, 30_000, 'the comparison with the earlier run');
      assert.equal(shown.type, 'comparison', JSON.stringify(shown).slice(0, 300));
      const c = shown.type === 'comparison' ? shown.comparison : assert.fail();
      assert.equal(c.base, `the run of ${new Date(first.createdAt).toLocaleString()}`);
      assert.deepEqual(c.modes.map((m) => m.mode), ['sequential', 'workers']);
      await waitFor(async () => (await texts('.pp-cmp h2')).includes(`Compared with ${c.versus}`), 30_000, 'the panel to draw the comparison with the earlier run');
    } finally {
      await restore();
    }
  });
});
