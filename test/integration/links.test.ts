// Links in the panel, clicked as a user does, in the shipped bundle (issue 27): a hot function's
// source link opens its file at its line, "Open profile" opens the lane's .cpuprofile, and links in a
// report from elsewhere (issue 4: a colleague's report or a crafted file) that point outside the
// workspace are refused with words the user reads. Which paths count as inside is tested apart, on
// isInsideFolders (test/system/workspacePaths.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { repoRoot, resultsDir } from './harness/paths';
import { extensionApi, fixture, useSettings } from './support/profiler';
import { canSeeScreen, clearNotifications, click, fixtureWorkspace, probeWebview, waitFor, waitForNotification } from './support/workbench';
import { skipBecause } from '../support/skip';

const WORK = fixture('src', 'work.ts');
const TABLE_VIEWER = 'jsProfileVisualizer.cpuprofile.table';
const DIR = path.join(resultsDir, 'integration', 'links');

/** Closes the text editors, leaving the panels (closeAllEditors would dispose them too). */
async function closeTextEditors(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => !(t.input instanceof vscode.TabInputWebview));
  await vscode.window.tabGroups.close(tabs);
  await waitFor(() => vscode.window.activeTextEditor === undefined, 10_000, 'no text editor left open');
}

/** Shows only `panel` (a click lands in the first visible frame that has the element) and waits for `selector` to be drawn in it. */
async function onlyPanel(panel: { panel: vscode.WebviewPanel }, selector: string): Promise<void> {
  for (const p of (await extensionApi()).openPanels()) if (p.panel !== panel.panel) p.panel.dispose();
  panel.panel.reveal(undefined, false);
  // A wait, not a promise: revealed again, the panel reloads and redraws every chart, which took over
  // 20 s once in CI at a load of 10.
  let seen = '';
  await waitFor(async () => {
    const found = (await probeWebview(selector))?.frames.flatMap((f) => f.elements) ?? [];
    seen = `${found.length} matched, widths ${found.map((e) => e.width).join(', ')}`;
    return found.some((e) => e.width > 0);
  }, 60_000, `${selector} drawn in the panel`).catch((err: Error) => {
    throw new Error(`${err.message} (${seen}; panel visible ${panel.panel.visible})`);
  });
}

describe('links in the panel', function () {
  this.timeout(120_000);
  let restore: (() => Promise<void>) | undefined;

  before(async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click the panel\'s links in or read the notifications from');
    restore = await useSettings({ tasks: 2, workers: 2, repeat: 1, warmup: 0, timeoutSeconds: 60, modes: ['sequential'], cpuProfile: true });
  });

  after(async () => {
    await restore?.();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('of a profile made here, with a CPU profile', () => {
    let report: Report;

    before(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const p of (await extensionApi()).openPanels()) p.panel.dispose();
      const made = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[30_000_000]');
      assert.ok(made, 'no report');
      report = made;
    });

    async function panelOfReport() {
      const panel = (await extensionApi()).openPanels().find((p) => p.currentReport?.createdAt === report.createdAt);
      assert.ok(panel, 'no panel shows the report');
      return panel;
    }

    it('a click on a hot function\'s source link opens its file at the function\'s line', async () => {
      // The panel's table lists functions with self time: tasks of 3 million square roots (a few ms)
      // once left sumOfSquareRoots none in CI, its samples late under load, and no link was drawn.
      const hot = report.modes[0].hotFunctions?.find((h) => h.name === 'sumOfSquareRoots');
      assert.ok(hot?.file && hot.line && hot.selfMs > 0, `sumOfSquareRoots is not among the hot functions with self time: ${JSON.stringify(report.modes[0].hotFunctions?.slice(0, 3))}`);
      assert.equal(hot.file, WORK.fsPath);
      await closeTextEditors();
      await onlyPanel(await panelOfReport(), '.pp-hot-table button.pp-link');
      await click('.pp-hot-table button.pp-link', /^sumOfSquareRoots/);
      const editor = await waitFor(() => vscode.window.activeTextEditor, 20_000, 'an editor to open');
      assert.equal(editor.document.uri.fsPath, WORK.fsPath, 'the link opened another file');
      assert.equal(editor.selection.active.line, hot.line - 1, 'the cursor is not on the function\'s line');
      assert.equal(editor.selection.active.character, (hot.column ?? 1) - 1, 'the cursor is not at the function\'s column');
      // What the user sees there: the function's own declaration.
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /function sumOfSquareRoots\(/);
    });

    it('a click on "Open profile" opens the lane\'s .cpuprofile in VS Code\'s profile viewer', async () => {
      const file = report.modes[0].cpuProfile?.files[0]?.path;
      assert.ok(file && fs.existsSync(file), `the report lists no .cpuprofile that exists: ${JSON.stringify(report.modes[0].cpuProfile?.files)}`);
      await onlyPanel(await panelOfReport(), 'button[data-profile]');
      await click(`button[data-profile=${JSON.stringify(file)}]`, /Open profile/);
      const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === file), 30_000, `${file} open in a tab`);
      assert.equal((tab.input as vscode.TabInputCustom).viewType, TABLE_VIEWER);
    });
  });

  describe('of a report from a file, whose links point elsewhere', () => {
    // A task's stack with a frame outside the workspace, one that leaves it through ../, one naming the
    // folder itself (not a file in it) and one inside it that has gone since.
    // Written out, not path.join'ed: join would fold the ../ away.
    const outsideByDotDot = `${fixtureWorkspace}/../../../package.json`;
    const gone = path.join(fixtureWorkspace, 'src', 'gone.ts');
    const stack = [
      'Error: from elsewhere',
      '    at a (/etc/hostname:1:1)',
      `    at b (${outsideByDotDot}:2:1)`,
      `    at c (${fixtureWorkspace}:3:1)`,
      `    at d (${gone}:4:1)`,
    ].join('\n');

    before(async () => {
      const r = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'reports', 'complete.json'), 'utf8')) as Report;
      r.createdAt = '2026-03-03T00:00:00.000Z';
      r.modes[0].failedTasks = [{ index: 0, name: 'Error', message: 'from elsewhere', stack }];
      fs.mkdirSync(DIR, { recursive: true });
      const file = path.join(DIR, 'links-elsewhere.json');
      fs.writeFileSync(file, JSON.stringify(r));
      for (const p of (await extensionApi()).openPanels()) p.panel.dispose();
      assert.ok(await vscode.commands.executeCommand<Report>('parallelismProfiler.openReport', vscode.Uri.file(file)), 'the report should open');
    });

    after(async () => {
      for (const p of (await extensionApi()).openPanels()) if (p.currentReport?.createdAt === '2026-03-03T00:00:00.000Z') p.panel.dispose();
    });

    const cases: Array<[string, RegExp, RegExp, string]> = [
      ['a file outside the workspace', /^\/etc\/hostname:1:1$/, /Not opening hostname/, 'Not opening hostname: it is outside the workspace.'],
      ['a ../ path that leaves the workspace', /package\.json:2:1$/, /Not opening package\.json/, 'Not opening package.json: it is outside the workspace.'],
      ['the workspace folder itself, not a file in it', /workspace:3:1$/, /Not opening workspace/, 'Not opening workspace: it is outside the workspace.'],
      ['a file inside the workspace that has gone', /gone\.ts:4:1$/, /no longer exists/, `${gone} no longer exists.`],
    ];
    for (const [what, link, pattern, words] of cases) {
      it(`refuses ${what}, and says so`, async () => {
        const api = await extensionApi();
        const panel = api.openPanels().find((p) => p.currentReport?.createdAt === '2026-03-03T00:00:00.000Z');
        assert.ok(panel, 'no panel shows the report');
        await closeTextEditors();
        await onlyPanel(panel, '.pp-stack button.pp-link');
        await clearNotifications();
        await click('.pp-stack button.pp-link', link);
        assert.equal(await waitForNotification(pattern), words);
        // The refusal is shown before openLocation returns: no editor can open after it.
        assert.equal(vscode.window.activeTextEditor, undefined, `${what} was opened`);
      });
    }
  });
});
