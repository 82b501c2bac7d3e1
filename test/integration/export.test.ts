// The panel's exports in the real VS Code, as a user does them: a click on JSON, CSV, Trace or a
// chart's PNG button in the webview, then VS Code's save dialog (in the web workbench its own simple
// file dialog: a quick input holding a path), a path typed into it and Enter. What lands on disk is
// compared with the report the panel shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderCsv, renderTrace } from '../../src/engine';
import type { Report } from '../../src/shared/report/report';
import { repoRoot, resultsDir } from './harness/paths';
import { readPng } from './support/png';
import { extensionApi, fixture } from './support/profiler';
import { canSeeScreen, click, log, pressKey, probeWebview, quickInputText, typeText, waitFor } from './support/workbench';
import { skipBecause } from '../support/skip';

const DIR = path.join(resultsDir, 'integration', 'export');

/** The fixture report, made to name a function inside the workspace (the dialog opens beside it). */
function reportFile(): vscode.Uri {
  const report = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'reports', 'complete.json'), 'utf8')) as Report;
  report.function = { ...report.function, file: fixture('src', 'work.ts').fsPath };
  report.createdAt = '2026-02-02T00:00:00.000Z';
  const file = path.join(DIR, 'shown.json');
  fs.writeFileSync(file, JSON.stringify(report));
  return vscode.Uri.file(file);
}

async function dialogValue(): Promise<string | undefined> {
  const r = await probeWebview('.quick-input-widget .quick-input-box input');
  return r?.frames.flatMap((f) => f.elements).find((e) => e.width > 0)?.value;
}

/**
 * Types `target` into the save dialog that the click opened and presses Enter; waits for the file.
 * The dialog first shows the folder, then fills in the suggested name (`suggested`): keys typed before
 * that are lost, so it waits for the suggestion, as a user reading it would.
 */
async function saveThroughDialog(suggested: RegExp, target: string): Promise<string> {
  const offered = await waitFor(async () => {
    const v = await dialogValue();
    return v !== undefined && suggested.test(v) ? v : undefined;
  }, 20_000, `the save dialog suggesting ${suggested}`).catch(async (err: Error) => {
    throw new Error(`${err.message}; the dialog holds ${JSON.stringify(await dialogValue())}`);
  });
  // The dialog checks the path it holds on its own schedule: on a loaded machine Enter once reached it
  // while it still judged the folder typed on the way ("The folder already exists"; CI, three suites at
  // once). A user would type the name again; so does the test, up to three times.
  for (let attempt = 1; ; attempt++) {
    await pressKey('Control+A');
    // Each key makes the dialog list the folder again: slow on a loaded machine.
    await typeText(target, 60_000);
    await waitFor(async () => (await dialogValue()) === target, 10_000, `the dialog to hold ${target}`).catch(async (err: Error) => {
      throw new Error(`${err.message}; it holds ${JSON.stringify(await dialogValue())}`);
    });
    await pressKey('Enter');
    const saved = await waitFor(() => fs.existsSync(target) && fs.statSync(target).size > 0, attempt < 3 ? 10_000 : 20_000, `the file ${target}`).then(() => true, async (err: Error) => {
      const shown = await quickInputText();
      const value = await dialogValue();
      if (attempt < 3 && value !== undefined) {
        log(`save dialog, attempt ${attempt}: no file after Enter; the dialog shows ${shown} holding ${JSON.stringify(value)}; typing the path again`);
        return false;
      }
      throw new Error(`${err.message} (attempt ${attempt}); the dialog shows: ${shown} holding ${JSON.stringify(value)}`);
    });
    if (saved) break;
  }
  return offered;
}

describe('exports from the panel, through the save dialog', function () {
  this.timeout(120_000);
  let report: Report;

  before(async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: no workbench page to click the panel\'s buttons in');
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true });
    const api = await extensionApi();
    // A click lands in the first visible frame with the button: only this report's panel on screen.
    for (const p of api.openPanels()) p.panel.dispose();
    const opened = await vscode.commands.executeCommand<Report>('parallelismProfiler.openReport', reportFile());
    assert.ok(opened, 'Open Report returned nothing');
    const panel = api.openPanels().find((p) => p.currentReport?.createdAt === opened.createdAt);
    assert.ok(panel, 'no panel shows the report');
    report = panel.currentReport!;
    panel.panel.reveal(undefined, false);
    await waitFor(async () => (await probeWebview('button[data-export="json"]'))?.frames.flatMap((f) => f.elements).some((e) => e.width > 0), 20_000, 'the export buttons drawn');
  });

  after(async () => {
    // A dialog left open by a failed test would take the next test's keys.
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    for (const p of (await extensionApi()).openPanels()) if (p.currentReport?.createdAt === '2026-02-02T00:00:00.000Z') p.panel.dispose();
  });

  it('JSON: the file is the report the panel shows', async () => {
    const target = path.join(DIR, 'saved-report.json');
    await click('button[data-export="json"]');
    const offered = await saveThroughDialog(/\/hashChunk-parallelism\.json$/, target);
    assert.equal(offered, fixture('src', 'hashChunk-parallelism.json').fsPath, 'the dialog offers a name beside the function\'s file');
    assert.deepEqual(JSON.parse(fs.readFileSync(target, 'utf8')), report);
  });

  it('CSV: the file is the report\'s numbers per mode', async () => {
    const target = path.join(DIR, 'saved-numbers.csv');
    await click('button[data-export="csv"]');
    await saveThroughDialog(/\/hashChunk-parallelism\.csv$/, target);
    const csv = fs.readFileSync(target, 'utf8');
    assert.equal(csv, renderCsv(report));
    // And it says what the report says: one row per mode, in the report's order.
    const modeRows = csv.trim().split(/\r?\n/).filter((line) => line.startsWith('mode,')).map((line) => line.split(',').slice(1, 3).join(' '));
    assert.deepEqual(modeRows, report.modes.map((m) => `${m.mode} ${m.status}`));
  });

  it('Trace: the file is the report\'s tasks as a Chrome trace', async () => {
    const target = path.join(DIR, 'saved.trace.json');
    await click('button[data-export="trace"]');
    await saveThroughDialog(/\/hashChunk-parallelism\.trace\.json$/, target);
    const trace = JSON.parse(fs.readFileSync(target, 'utf8')) as { traceEvents: Array<{ ph: string }> };
    assert.deepEqual(trace, JSON.parse(JSON.stringify(renderTrace(report))));
    const slices = trace.traceEvents.filter((e) => e.ph === 'X').length;
    const tasks = report.modes.reduce((s, m) => s + (m.tasks?.length ?? 0), 0);
    assert.ok(slices >= tasks, `${slices} slices for ${tasks} task records`);
  });

  it('PNG: the file is the chart the panel drew, pixel for pixel', async () => {
    const canvases = (await probeWebview('figure.pp-card canvas'))?.frames.flatMap((f) => f.elements).filter((e) => e.width > 0) ?? [];
    assert.ok(canvases.length > 0 && canvases[0].paintedPixels! > 0, 'no chart drawn to save');
    const target = path.join(DIR, 'saved-chart.png');
    await click('figure.pp-card .pp-card-actions button');
    await saveThroughDialog(/\/[\w.-]+\.png$/, target);
    const png = readPng(target);
    let painted = 0;
    let hash = 2166136261;
    for (let i = 3; i < png.rgba.length; i += 4) if (png.rgba[i] !== 0) painted++;
    for (let i = 0; i < png.rgba.length; i++) hash = Math.imul(hash ^ png.rgba[i], 16777619) >>> 0;
    log(`PNG export: ${png.width}×${png.height}, ${painted} painted pixels (canvas: ${canvases[0].paintedPixels}); pixel hash ${hash === canvases[0].pixelHash ? 'equal' : 'differs'}`);
    assert.equal(painted, canvases[0].paintedPixels, 'the saved image has as many painted pixels as the chart on screen');
    assert.equal(hash, canvases[0].pixelHash, 'the saved image\'s pixels differ from the chart on screen');
  });
});
