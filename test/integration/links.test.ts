// Links from stack traces open only files inside the workspace (issue 4): a report from a colleague
// or a crafted file must not make the editor open arbitrary paths.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInsideWorkspace, openLocation } from '../../src/extension/reportPanel';
import { fixture } from './support/profiler';
import { canSeeScreen, clearNotifications, fixtureWorkspace, waitForNotification } from './support/workbench';
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

  it('refuse a file outside the workspace, and say so', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to read the refusal from');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearNotifications();
    await openLocation('/etc/hostname', 1);
    assert.equal(vscode.window.activeTextEditor, undefined, 'a file outside the workspace was opened');
    assert.equal(await waitForNotification(/outside the workspace/), 'Not opening hostname: it is outside the workspace.');
  });
});
