// Links from stack traces open only files inside the workspace (issue 4): a report from a colleague
// or a crafted file must not make the editor open arbitrary paths.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInsideWorkspace, openLocation } from '../../src/extension/reportPanel';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Report } from '../../src/shared/report/report';
import { fixture } from './support/profiler';
import { canSeeScreen, click, fixtureWorkspace, shownNotifications, waitFor } from './support/workbench';
import { skipBecause } from '../support/skip';

describe('stack-trace links', () => {
  it('count only files inside an open workspace folder as openable', () => {
    assert.equal(isInsideWorkspace(fixture('src', 'work.ts').fsPath), true);
    assert.equal(isInsideWorkspace('/etc/passwd'), false);
    assert.equal(isInsideWorkspace(path.join(fixtureWorkspace, '..', '..', '..', 'package.json')), false, 'a ../ path that leaves the workspace');
    assert.equal(isInsideWorkspace(fixtureWorkspace), false, 'the folder itself is not a file in it');
  });

  it('open a workspace file at the frame\'s line and column', async () => {
    await openLocation(fixture('src', 'hostile.ts').fsPath, 17, 11);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    assert.equal(editor.document.uri.fsPath, fixture('src', 'hostile.ts').fsPath);
    assert.equal(editor.selection.active.line, 16);
    assert.equal(editor.selection.active.character, 10);
  });

  it('refuse a file outside the workspace', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openLocation('/etc/hostname', 1);
    assert.equal(vscode.window.activeTextEditor, undefined, 'a file outside the workspace was opened');
  });

  it('a click on a link to a file outside the workspace, in an opened report, is refused with the reason shown', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click in');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const report = JSON.parse(fs.readFileSync(path.join(fixtureWorkspace, '..', '..', 'fixtures', 'reports', 'complete.json'), 'utf8')) as Report;
    report.function = { ...report.function, file: '/etc/hostname', line: 1 };
    delete report.function.column;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-links-'));
    try {
      const file = path.join(dir, 'outside.json');
      fs.writeFileSync(file, JSON.stringify(report));
      assert.ok(await vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.openReport', vscode.Uri.file(file)), 'the report should open');
      await click('button.pp-link', /hostname:1/);
      const shown = await waitFor(async () => (await shownNotifications()).find((t) => /outside the workspace/.test(t)), 15_000, 'the refusal notification');
      assert.match(shown, /Not opening hostname/);
      assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === '/etc/hostname'), '/etc/hostname was opened');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
