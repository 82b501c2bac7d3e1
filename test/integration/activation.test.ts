// The extension loads in a real VS Code: it activates on a TypeScript file, registers its
// commands, and the fixture workspace is the open, trusted folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixtureWorkspace, screenshot, waitFor } from './support/workbench';
import { skipBecause } from '../support/skip';

const EXTENSION_ID = 'parallelism-profiler.parallelism-profiler';
const COMMANDS = ['profile', 'profileWithOverrides', 'rerun', 'openReport', 'cancel'].map((c) => `parallelismProfiler.${c}`);

describe('activation', () => {
  it('opens the fixture workspace as the only folder, trusted', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepEqual(
      folders.map((f) => f.uri.fsPath),
      [fixtureWorkspace],
      'the harness should open test/integration/workspace',
    );
    assert.equal(vscode.workspace.isTrusted, true, 'the ordinary pass runs with workspace trust granted');
  });

  it('activates when a TypeScript file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded from the development path`);
    const file = path.join(fixtureWorkspace, 'src', 'work.ts');
    assert.ok(fs.existsSync(file), `${file} is missing`);
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'typescript');
    await waitFor(() => ext.isActive, 20_000, `${EXTENSION_ID} to activate on a TypeScript file`);
  });

  it('registers every command it contributes', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('shows the workbench with the fixture open (screenshot)', async function () {
    const file = await screenshot('activation-fixture-open');
    if (file === undefined) skipBecause(this, 'desktop path: no workbench page to photograph');
    assert.ok(fs.statSync(file).size > 10_000, `${file} looks empty`);
  });
});
