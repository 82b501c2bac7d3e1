// The harness's own promise to the extension's tests: a webview's DOM, canvas pixels included,
// can be inspected from a test, and the workbench can be photographed with the webview open.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { canSeeScreen, probeWebview, screenshot, waitFor } from './support/workbench';
import { skipBecause } from '../support/skip';

function probePanelHtml(nonce: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
</head><body>
<h1 id="probe-title">harness probe</h1>
<canvas id="probe-canvas" width="120" height="60"></canvas>
<script nonce="${nonce}">
  const ctx = document.getElementById('probe-canvas').getContext('2d');
  ctx.fillStyle = '#c33';
  ctx.fillRect(10, 10, 50, 30);
  acquireVsCodeApi().postMessage({ type: 'drawn' });
</script>
</body></html>`;
}

describe('harness: screen and webview access', function () {
  let panel: vscode.WebviewPanel | undefined;

  before(function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to inspect');
  });

  after(() => panel?.dispose());

  it('reads a webview canvas that its script drew on', async () => {
    panel = vscode.window.createWebviewPanel('harnessProbe', 'Harness probe', vscode.ViewColumn.Active, { enableScripts: true });
    let drawn = false;
    panel.webview.onDidReceiveMessage((m: { type?: string }) => (drawn ||= m.type === 'drawn'));
    panel.webview.html = probePanelHtml(randomBytes(16).toString('base64'));
    await waitFor(() => drawn, 30_000, 'the probe webview to report that it drew');

    const canvas = await probeWebview('#probe-canvas');
    const found = canvas?.frames.flatMap((f) => f.elements) ?? [];
    assert.equal(found.length, 1, `expected one #probe-canvas across the page's frames, got ${JSON.stringify(canvas)}`);
    // 50 × 30 px filled: exactly that many painted pixels.
    assert.equal(found[0].paintedPixels, 1500, `painted pixels of the probe canvas: ${JSON.stringify(found[0])}`);

    const title = await probeWebview('#probe-title');
    assert.equal(title?.frames[0]?.elements[0]?.text, 'harness probe');
  });

  it('photographs the workbench with the webview open', async () => {
    const file = await screenshot('harness-webview-probe');
    assert.ok(file && fs.statSync(file).size > 10_000, `screenshot ${file} is missing or empty`);
  });
});
