// Issue 24 in the real VS Code: while interleaved rounds run, the panel shows each parallel mode's
// speedup so far, marked "so far, round r", from the end of round 1, with its interval from round 2;
// a screenshot is taken mid-run showing it; the report then replaces it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { extensionApi, fixture, useSettings, waitForPanelCharts } from './support/profiler';
import { canSeeScreen, log, probeWebview, screenshot, waitFor } from './support/workbench';
import { skipBecause } from '../support/skip';

const WORK = fixture('src', 'work.ts');
const TITLE = 'Parallelism: sumOfSquareRoots';

async function panelText(selector: string): Promise<string | undefined> {
  const r = await probeWebview(selector);
  return r?.frames.flatMap((f) => f.elements)[0]?.text;
}

describe('live panel: the speedup so far', function () {
  this.timeout(240_000);
  let restore: () => Promise<void>;

  // A fixed number of rounds (precision 0), enough of them to catch round 2 or later while it runs.
  before(async () => {
    restore = await useSettings({ tasks: 4, workers: 2, repeat: 8, warmup: 1, precisionPercent: 0, interleave: true, timeoutSeconds: 300, modes: ['sequential', 'workers'] });
  });
  after(async () => restore());

  it('shows the speedup so far mid-run, a point after round 1 and an interval from round 2; screenshot; the report replaces it', async function () {
    if (!canSeeScreen()) skipBecause(this, 'the desktop path has no webview probe to read the panel');
    const run = vscode.commands.executeCommand<Report>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[60_000_000]');
    const api = await extensionApi();
    await waitFor(() => api.openPanels().find((p) => p.panel.title === TITLE), 20_000, 'the panel of sumOfSquareRoots');
    const seen: string[] = [];
    let shot: string | undefined;
    const withInterval = await waitFor(async () => {
      const t = await panelText('[data-live="so-far"]');
      if (t && !seen.includes(t)) seen.push(t);
      if (t && /so far, round ([2-9]|\d\d)\s+worker threads ×2 [\d.]+× \[[\d.]+–[\d.]+\]/.test(t)) {
        shot = await screenshot('panel-live-so-far');
        return t;
      }
      return undefined;
    }, 120_000, 'the speedup so far with its interval').catch((err: Error) => {
      throw new Error(`${err.message}; texts seen: ${JSON.stringify(seen)}`);
    });
    log(`so far, mid-run: ${withInterval.split('\n')[0]}; ${seen.length} different texts seen`);
    const stillRunning = await panelText('[data-live="progress"]');
    const report = await run;
    assert.ok(report, 'no report');
    assert.ok(stillRunning !== undefined, 'the live view was still up when the interval showed');
    const point = seen.find((t) => /so far, round 1\s/.test(t));
    if (point) assert.match(point, /worker threads ×2 [\d.]+×(?! \[)/, 'after round 1: a point, no interval');
    const shown = Number(/so far, round (\d+)/.exec(withInterval)![1]);
    assert.ok(shown < report.rounds!.rounds.length, `shown after round ${shown} of ${report.rounds!.rounds.length}: before the end`);
    await waitForPanelCharts(5);
    assert.equal(await panelText('[data-live="so-far"]'), undefined, 'the report replaced it');
    assert.ok(shot && fs.statSync(shot).size > 20_000, `the mid-run screenshot ${shot} looks empty`);
  });
});
