// Re-run and start-up safety in the real VS Code (issue 14 items 2, 9, 11, 12): a report from a
// file re-runs only after its arguments are shown and confirmed; two rapid starts keep the first
// run's cancel handle; methods are named Class.method everywhere.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { childPids, extensionApi, fixture, settlesBackTo, threadCount, useSettings } from './support/profiler';
import { canSeeScreen, clearNotifications, click, fixtureWorkspace, pressKey, probeWebview, typeText, waitFor, waitForNotification } from './support/workbench';
import { skipBecause } from '../support/skip';

const HOSTILE = fixture('src', 'hostile.ts');
const METHODS = fixture('src', 'methods.ts');

function craftedReport(file: string, name: string, args: string): Report {
  const report = JSON.parse(fs.readFileSync(path.join(fixtureWorkspace, '..', '..', 'fixtures', 'reports', 'complete.json'), 'utf8')) as Report;
  report.function = { ...report.function, file, name, line: 1 };
  delete report.function.className;
  report.settings.args = args;
  return report;
}

/** Clicks the Re-run button of `panel` with the mouse, once it is the only panel on screen and drawn (a click lands in the first visible frame that has the button). */
async function clickRerunIn(panel: { panel: vscode.WebviewPanel }): Promise<void> {
  for (const p of (await extensionApi()).openPanels()) if (p.panel !== panel.panel) p.panel.dispose();
  panel.panel.reveal(undefined, false);
  await waitFor(async () => (await probeWebview('button[data-action="rerun"]'))?.frames.flatMap((f) => f.elements).some((e) => e.width > 0), 20_000, 'the Re-run button drawn');
  await click('button[data-action="rerun"]');
}

describe('re-run and start-up safety', function () {
  this.timeout(120_000);
  let restore: () => Promise<void>;
  let tmp: string;

  before(async () => {
    restore = await useSettings({ tasks: 2, workers: 2, repeat: 1, warmup: 0, timeoutSeconds: 60, modes: ['sequential'] });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-rerun-'));
  });

  after(async () => {
    await restore();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('Re-run on an opened report shows its arguments in the prompt and runs nothing until confirmed', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click Re-run in');
    const api = await extensionApi();
    const marker = path.join(tmp, 'ran.txt');
    const args = `[require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), i][1]`;
    const file = path.join(tmp, 'crafted.json');
    fs.writeFileSync(file, JSON.stringify(craftedReport(fixture('src', 'work.ts').fsPath, 'sumOfSquareRoots', args)));
    const opened = await vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.openReport', vscode.Uri.file(file));
    assert.ok(opened, 'the crafted report should open');
    const panel = api.openPanels().find((p) => p.key === `file:${vscode.Uri.file(file).toString()}`);
    assert.ok(panel, 'no panel for the opened report');
    // The panel's Re-run button, clicked with the mouse, once the panel is in front and drawn.
    panel.panel.reveal(undefined, false);
    await waitFor(() => panel.panel.visible, 10_000, 'the opened report\'s panel to be visible');
    await waitFor(async () => (await probeWebview('button[data-action="rerun"]'))?.frames.flatMap((f) => f.elements).some((e) => e.width > 0), 20_000, 'the Re-run button drawn');
    await click('button[data-action="rerun"]');
    const prompt = await waitFor(() => api.runner.shownPrompt, 20_000, 'the arguments prompt');
    assert.equal(prompt.value, args, 'the prompt is pre-filled with the report\'s arguments');
    assert.match(prompt.title, /from a report: check the arguments/);
    assert.equal(fs.existsSync(marker), false, 'the report\'s expression ran before the user confirmed it');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await waitFor(() => api.runner.shownPrompt === undefined && !api.runner.running, 10_000, 'the prompt to close');
    assert.equal(fs.existsSync(marker), false, 'the report\'s expression ran after the prompt was dismissed');
  });

  it('Re-run refuses a report whose function file is outside the workspace, without a prompt, and says why', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click Re-run in or read the notification from');
    const api = await extensionApi();
    const outside = path.join(tmp, 'outside.ts');
    fs.writeFileSync(outside, 'export function f() { return 1; }\n');
    // A report file naming a function outside the workspace, opened and Re-run from its panel.
    const file = path.join(tmp, 'outside-report.json');
    fs.writeFileSync(file, JSON.stringify(craftedReport(outside, 'f', '[]')));
    await clearNotifications();
    assert.ok(await vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.openReport', vscode.Uri.file(file)), 'the report should open');
    const panel = api.openPanels().find((p) => p.key === `file:${vscode.Uri.file(file).toString()}`);
    assert.ok(panel, 'no panel for the opened report');
    await clickRerunIn(panel);
    const said = await waitForNotification(/Not re-running/);
    assert.equal(said, `Parallelism Profiler: Not re-running: the report names ${outside}, which is outside this workspace's folders. Open that folder to profile its code.`);
    assert.equal(api.runner.shownPrompt, undefined, 'no prompt for a refused re-run');
    assert.equal(api.runner.running, false, 'nothing runs after a refused re-run');
    panel.panel.dispose();
  });

  it('Re-run of a profile made here whose function file was deleted since is refused, without a prompt, and says why', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click Re-run in or read the notification from');
    const api = await extensionApi();
    // A copy of work.ts inside the workspace (git-ignored there, in case a failed run leaves it), profiled, then deleted.
    const dir = fs.mkdtempSync(path.join(fixtureWorkspace, 'tmp-rerun-'));
    const copy = path.join(dir, 'deletedSoon.ts');
    fs.copyFileSync(fixture('src', 'work.ts').fsPath, copy);
    let panel: ReturnType<typeof api.openPanels>[number] | undefined;
    try {
      for (const p of api.openPanels()) p.panel.dispose();
      const made = await vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.profile', vscode.Uri.file(copy), 'sumOfSquareRoots', '[1000]');
      assert.ok(made, 'the copy should profile');
      assert.equal(made.function.file, copy);
      panel = api.openPanels().find((p) => p.currentReport?.createdAt === made.createdAt);
      assert.ok(panel, 'no panel shows the profile');
      fs.rmSync(copy);
      await clearNotifications();
      await clickRerunIn(panel);
      assert.equal(await waitForNotification(/Cannot re-run/), `Parallelism Profiler: Cannot re-run: ${copy} no longer exists (it was moved, renamed or deleted since the report was made).`);
      assert.equal(api.runner.shownPrompt, undefined, 'no prompt for a refused re-run');
      assert.equal(api.runner.running, false, 'nothing runs after a refused re-run');
    } finally {
      panel?.panel.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two rapid starts: the second is refused with a message and Cancel stops the first run\'s threads', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to read the refusal from');
    const api = await extensionApi();
    await clearNotifications();
    const baseThreads = threadCount();
    const baseChildren = childPids();
    const first = vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.profile', HOSTILE, 'forever', '[]');
    const second = vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.profile', HOSTILE, 'forever', '[]');
    try {
      assert.equal(await second, undefined, 'the second start should be refused while the first runs');
      await waitFor(() => api.runner.running && threadCount() > baseThreads, 30_000, 'the first profile to start its worker thread');
    } finally {
      await vscode.commands.executeCommand('parallelismProfiler.cancel');
    }
    // Cancelled: no report, long before the 60 s timeout would have produced one.
    assert.equal(await first, undefined, 'the first run was not cancelled');
    await settlesBackTo(baseThreads, baseChildren, 5000);
    // What the user was told when the second start was refused.
    assert.equal(await waitForNotification(/already running/), 'A profile is already running (or waiting for its arguments). Wait for it or cancel it: two at once would share the cores and spoil both measurements.');
  });

  it('CodeLens and profile use Class.method: a click on the lens over B.run profiles B.run, not the top-level run', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click the CodeLens in');
    const api = await extensionApi();
    // Only methods.ts on screen, so the lenses counted are its own.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(METHODS), { preview: false });
    const before = new Set(api.openPanels().map((p) => p.currentReport?.createdAt));
    // Two lenses in methods.ts, in line order: run (line 2), then B.run (line 7).
    await waitFor(async () => ((await probeWebview('.codelens-decoration a'))?.frames.flatMap((f) => f.elements).length ?? 0) >= 2, 20_000, 'both lenses of methods.ts');
    await click('.codelens-decoration a', /Profile Parallelism/, 20_000, 1);
    const prompt = await waitFor(() => api.runner.shownPrompt, 20_000, 'the arguments prompt');
    assert.match(prompt.title, /B\.run/, 'the prompt names the method it profiles');
    await pressKey('Control+A');
    await typeText('[i]');
    await pressKey('Enter');
    const panel = await waitFor(() => api.openPanels().find((p) => p.currentReport && !before.has(p.currentReport.createdAt)), 60_000, 'the report of B.run');
    const report = panel.currentReport!;
    assert.equal(report.function.className, 'B');
    assert.equal(report.function.line, 7);
  });
});
