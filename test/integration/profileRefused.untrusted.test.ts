// Workspace trust is honoured: in Restricted Mode nothing is bundled or run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { extensionApi, fixture } from './support/profiler';

describe('profiling in an untrusted workspace', () => {
  it('is refused: no report, no panel, no bundle', async () => {
    const api = await extensionApi();
    const runFolders = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('pp-run-') || f.startsWith('parallelism-profiler-run'));
    const before = runFolders();
    const report = await vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.profile', fixture('src', 'work.ts'), 'sumOfSquareRoots', '[1000]');
    assert.equal(report, undefined, 'a profile ran in an untrusted workspace');
    assert.equal(api.openPanels().length, 0, 'a panel opened in an untrusted workspace');
    assert.deepEqual(runFolders(), before, 'something was bundled in an untrusted workspace');
  });
});
