// The untrusted pass: the harness starts VS Code without --disable-workspace-trust, so the
// fixture opens in Restricted Mode. The extension's own untrusted behaviour is tested on top.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureWorkspace } from './support/workbench';

describe('workspace trust (untrusted pass)', () => {
  it('opens the fixture workspace in Restricted Mode', () => {
    assert.deepEqual(
      (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      [fixtureWorkspace],
      'the harness should open test/integration/workspace',
    );
    assert.equal(vscode.workspace.isTrusted, false, 'this pass must run with the workspace untrusted');
  });
});
