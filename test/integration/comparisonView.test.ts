// Issue 25 in the real VS Code: a saved --versus report opened through the extension shows its
// comparison in the panel (badge and per-mode change with interval equal to the report's numbers),
// photographed for the README. The report is a real one (spinTwice --versus spin on the shared
// 2-core VM, test/fixtures/reports/versus.json), so no profile runs and the numbers are known.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../../src/shared/report/comparison';
import type { Report } from '../../src/shared/report/report';
import { repoRoot } from './harness/paths';
import { extensionApi } from './support/profiler';
import { canSeeScreen, log, probeWebview, screenshot, waitFor } from './support/workbench';
import { skipBecause } from '../support/skip';

const VERSUS = vscode.Uri.file(path.join(repoRoot, 'test', 'fixtures', 'reports', 'versus.json'));

/** "+120%" → 1.20 (the panel's signed percentages, with the typographic minus). */
function percentToRatio(text: string): number {
  return 1 + Number(text.replace('−', '-').replace('%', '')) / 100;
}

async function texts(selector: string): Promise<string[]> {
  const r = await probeWebview(selector);
  return r?.frames.flatMap((f) => f.elements).map((e) => e.text.trim()) ?? [];
}

describe('The comparison view in the real VS Code', function () {
  this.timeout(120_000);
  let report: Report;
  let comparison: Comparison;

  before(async () => {
    const opened = await vscode.commands.executeCommand<Report>('parallelismProfiler.openReport', VERSUS);
    assert.ok(opened?.comparison, 'Open Report returned no report with a comparison');
    report = opened;
    comparison = opened.comparison;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    // Webview probes read every visible panel's frame: leave no comparison on screen for later tests.
    for (const p of (await extensionApi()).openPanels()) if (p.currentReport?.createdAt === report?.createdAt) p.panel.dispose();
  });

  it('keeps the comparison in the panel the extension opened', async () => {
    const api = await extensionApi();
    const panel = api.openPanels().find((p) => p.currentReport?.createdAt === report.createdAt);
    assert.ok(panel, 'no panel shows the report');
    assert.deepEqual(panel.currentReport?.comparison?.modes.map((m) => m.change), comparison.modes.map((m) => m.change));
  });

  it('shows each mode\'s badge and change with its interval, as the report says', async function () {
    if (!canSeeScreen()) skipBecause(this, 'the desktop path has no page to probe');
    const titles = await waitFor(async () => {
      const t = await texts('.pp-cmp h2');
      return t.length > 0 ? t : undefined;
    }, 30_000, 'the comparison section in the panel');
    assert.deepEqual(titles, [`Compared with ${comparison.versus}`]);
    const compared = comparison.modes.filter((m) => m.wall && m.change);
    assert.ok(compared.length >= 2, 'the fixture compares at least two modes');
    const badges = await texts('.pp-cmp-mode .pp-badge');
    const wantBadge: Record<string, string> = { faster: 'faster', slower: 'slower', 'within-threshold': 'within noise threshold', 'no-difference': 'no detectable difference' };
    assert.deepEqual(badges, compared.map((m) => wantBadge[m.change!]));
    const changes = await texts('.pp-cmp-change');
    assert.equal(changes.length, compared.length, changes.join(' | '));
    compared.forEach((m, i) => {
      // Read the numbers back from the drawn text, so a wrong field or a wrong scale shows here.
      const got = /^Time ([+−]\d+(?:\.\d+)?%) \[([+−]\d+(?:\.\d+)?%) … ([+−]\d+(?:\.\d+)?%)\], p (?:< 0\.001|= [\d.]+), (\d+) paired rounds\.$/.exec(changes[i]);
      assert.ok(got, `${m.mode}: unexpected change text "${changes[i]}"`);
      const [ratio, low, high] = [got[1], got[2], got[3]].map(percentToRatio);
      // Percentages are drawn to 3 significant figures at most: within 1% of the report's ratio.
      for (const [drawn, want, what] of [[ratio, m.wall!.ratio, 'ratio'], [low, m.wall!.low, 'low'], [high, m.wall!.high, 'high']] as const) {
        assert.ok(Math.abs(drawn / want - 1) < 0.01, `${m.mode} ${what}: drawn ${drawn}, report ${want}`);
      }
      assert.equal(Number(got[4]), m.wall!.samples[0]);
    });
    log(`comparison view: ${changes.join(' | ')}`);
  });

  it('photographs the comparison view in the dark theme', async function () {
    if (!canSeeScreen()) skipBecause(this, 'screenshots are taken by the server path\'s runner');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const api = await extensionApi();
    api.openPanels().find((p) => p.currentReport?.createdAt === report.createdAt)?.panel.reveal(undefined, false);
    await vscode.commands.executeCommand('workbench.action.maximizeEditorHideSidebar').then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    // Scroll the section into view: it sits below the verdict.
    await waitFor(async () => ((await probeWebview('.pp-cmp', 15_000, { scroll: true }))?.frames.length ?? 0) > 0, 30_000, 'the comparison section to scroll into view');
    await new Promise((r) => setTimeout(r, 2500)); // the theme and the scroll paint
    const shot = await screenshot('panel-compare-vscode-dark');
    assert.ok(shot && fs.statSync(shot).size > 20_000, `${shot} looks empty`);
  });
});
