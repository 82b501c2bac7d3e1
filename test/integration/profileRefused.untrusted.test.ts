// Workspace trust is honoured: in Restricted Mode nothing is bundled or run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { extensionApi, fixture } from './support/profiler';
import { canSeeScreen, clearNotifications, waitForNotification } from './support/workbench';
import { skipBecause } from '../support/skip';

describe('profiling in an untrusted workspace', () => {
  it('is refused with a message that says why: no report, no panel, no bundle', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to read the refusal from');
    const api = await extensionApi();
    await clearNotifications();
    const runFolders = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('pp-run-') || f.startsWith('parallelism-profiler-run'));
    const before = runFolders();
    const report = await vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.profile', fixture('src', 'work.ts'), 'sumOfSquareRoots', '[1000]');
    assert.equal(report, undefined, 'a profile ran in an untrusted workspace');
    assert.equal(api.openPanels().length, 0, 'a panel opened in an untrusted workspace');
    assert.deepEqual(runFolders(), before, 'something was bundled in an untrusted workspace');
    assert.equal(await waitForNotification(/trusted workspace/), 'Parallelism Profiler runs the code of this workspace (it bundles the file and calls the function), so it only works in a trusted workspace.');
  });
});
