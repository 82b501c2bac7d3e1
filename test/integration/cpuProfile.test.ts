// Issue 15 in the real VS Code: with the cpuProfile setting every lane's CPU profile lands in the
// report, and a lane's .cpuprofile opens in VS Code's own profile viewer (the built-in table). That
// the host opens only a file the report lists is unit-tested (isListedCpuProfile): no click can name another.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { extensionApi, fixture, useSettings } from './support/profiler';
import { canSeeScreen, clearNotifications, click, waitFor, waitForNotification } from './support/workbench';
import { skipBecause } from '../support/skip';

const WORK = fixture('src', 'work.ts');
const TABLE_VIEWER = 'jsProfileVisualizer.cpuprofile.table';

describe('CPU profile of every lane', function () {
  let restore: () => Promise<void>;
  let report: Report | undefined;

  before(async () => {
    restore = await useSettings({ tasks: 2, workers: 2, repeat: 1, warmup: 0, timeoutSeconds: 60, modes: ['sequential', 'workers'], cpuProfile: true });
  });
  after(async () => {
    await restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('profiles with the cpuProfile setting: hot functions per mode, one .cpuprofile per lane', async function () {
    this.timeout(120_000);
    report = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[3_000_000]');
    assert.ok(report, 'no report');
    for (const m of report.modes) {
      assert.equal(m.status, 'completed', `${m.mode}: ${m.error?.message ?? ''}`);
      assert.ok(m.hotFunctions?.some((h) => h.name === 'sumOfSquareRoots' && h.file === WORK.fsPath), `${m.mode}: ${JSON.stringify(m.hotFunctions?.slice(0, 3))}`);
      assert.equal(m.cpuProfile?.files.length, m.lanes);
      for (const f of m.cpuProfile!.files) assert.ok(fs.existsSync(f.path), `${f.path} exists`);
    }
    assert.equal(report.settings.cpuProfile?.intervalMs, 1);
  });

  it('a click on "Open profile" in the panel opens that lane\'s .cpuprofile in VS Code\'s profile viewer', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click in');
    this.timeout(60_000);
    assert.ok(report, 'the previous test made no report');
    const api = await extensionApi();
    const panel = api.openPanels().find((p) => p.currentReport?.createdAt === report!.createdAt);
    assert.ok(panel, 'no panel shows the report');
    panel.panel.reveal(undefined, false);
    const listed = report.modes.find((m) => m.mode === 'workers')!.cpuProfile!.files.map((f) => f.path);
    // The button of the first worker lane (sequential's lane is "thread 1" too: told apart by its file).
    await click(`button[data-profile=${JSON.stringify(listed[0])}]`, /Open profile/);
    const tab = await waitFor(async () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === listed[0]), 30_000, 'the worker lane\'s profile in a tab');
    assert.equal((tab.input as vscode.TabInputCustom).viewType, TABLE_VIEWER);
  });

  it('a click on "Open profile" for a lane\'s .cpuprofile that has gone since is refused, and says so', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click in or read the notification from');
    this.timeout(60_000);
    assert.ok(report, 'the first test made no report');
    const api = await extensionApi();
    // The report saved to a file, its first worker lane's profile in a folder that no longer holds it.
    const saved = JSON.parse(JSON.stringify(report)) as Report;
    saved.createdAt = '2026-04-04T00:00:00.000Z';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cpuprofile-'));
    const gone = path.join(dir, 'lane-cleaned-up.cpuprofile');
    saved.modes.find((m) => m.mode === 'workers')!.cpuProfile!.files[0].path = gone;
    const file = path.join(dir, 'saved-report.json');
    fs.writeFileSync(file, JSON.stringify(saved));
    try {
      assert.ok(await vscode.commands.executeCommand<Report>('parallelismProfiler.openReport', vscode.Uri.file(file)), 'the saved report should open');
      const panel = api.openPanels().find((p) => p.currentReport?.createdAt === saved.createdAt);
      assert.ok(panel, 'no panel shows the saved report');
      // Only this panel on screen: a click lands in the first visible frame that has the button.
      for (const p of api.openPanels()) if (p !== panel) p.panel.dispose();
      panel.panel.reveal(undefined, false);
      await clearNotifications();
      await click(`button[data-profile=${JSON.stringify(gone)}]`, /Open profile/);
      assert.equal(await waitForNotification(/no longer exists/), `${gone} no longer exists (profiles in the temp folder may have been cleaned up).`);
      assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === gone), false, 'a tab opened for the missing profile');
      panel.panel.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
