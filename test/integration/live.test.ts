// Issue 17 in the real VS Code: the panel opens when the run starts and fills while it runs (CPU
// chart and task timeline redrawn, checked by their pixels), survives being hidden and shown, then
// the report replaces it; Cancel in the panel stops every thread and process within a second; the
// host's thread never runs long without yielding while all this goes on.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import type { ReportPanel } from '../../src/extension/reportPanel';
import { childPids, extensionApi, fixture, HOST_THREAD_PROMISE_MS, threadCount, useSettings, waitForPanelCharts, watchHostThreadBusy } from './support/profiler';
import { canSeeScreen, click, log, probeWebview, screenshot, waitFor } from './support/workbench';
import { skipBecause } from '../support/skip';

const WORK = fixture('src', 'work.ts');
const TITLE = 'Parallelism: sumOfSquareRoots';

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

async function panelText(selector: string): Promise<string | undefined> {
  const r = await probeWebview(selector);
  const el = r?.frames.flatMap((f) => f.elements)[0];
  return el ? el.text : undefined;
}

async function canvasHash(selector: string): Promise<number | undefined> {
  const r = await probeWebview(selector);
  return r?.frames.flatMap((f) => f.elements)[0]?.pixelHash;
}

describe('live panel while a profile runs', function () {
  this.timeout(240_000);
  let restore: () => Promise<void>;
  let baseThreads: number;
  let baseChildren: number[];
  /** The headline of the report the panel held before the live run: what a stale panel would show. */
  let olderSummary: string | undefined;

  before(async () => {
    restore = await useSettings({ tasks: 4, workers: 2, repeat: 1, warmup: 0, timeoutSeconds: 300, sampleIntervalMs: 100, maxTimeSeconds: 0, modes: ['sequential', 'async', 'workers', 'processes'] });
    // Load the engine once so its own lazily started helpers (esbuild's service) count in the baseline.
    const older = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[1000]');
    olderSummary = older?.verdict.summary;
    baseThreads = threadCount();
    baseChildren = childPids();
    // A budget: the test needs a profile still running when the panel is shown again (a few seconds
    // in), not the default three times the minimum rounds, which took this test to 74 s under CI load.
    await useSettings({ repeat: 3, warmup: 1, maxTimeSeconds: 15 });
  });

  after(async () => restore());

  async function thePanel(): Promise<ReportPanel> {
    const api = await extensionApi();
    return waitFor(() => api.openPanels().find((p) => p.panel.title === TITLE), 20_000, 'the panel of sumOfSquareRoots');
  }

  it('opens at once, fills live (CPU chart and timeline redrawn), survives hide and show, then shows the report', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: the live panel cannot be read without the workbench page');
    const busy = watchHostThreadBusy();
    const run = vscode.commands.executeCommand<Report>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[40_000_000]');
    const panel = await thePanel();
    const first = await waitFor(() => panelText('[data-live="finished"]'), 30_000, 'the live view');
    assert.match(first, /No mode has finished yet/, 'the live view shows before the first mode ends');

    const cpu = new Set<number>();
    const timeline = new Set<number>();
    let shot: string | undefined;
    await waitFor(async () => {
      const c = await canvasHash('[data-chart^="live-cpu"] canvas');
      const t = await canvasHash('[data-chart^="live-timeline"] canvas');
      if (c !== undefined) cpu.add(c);
      if (t !== undefined) timeline.add(t);
      if (!shot && cpu.size >= 3) shot = await screenshot('panel-live');
      return cpu.size >= 4 && timeline.size >= 4;
    }, 90_000, 'three live updates of the CPU chart and the timeline').catch((err: Error) => {
      throw new Error(`${err.message}: ${cpu.size} CPU pictures, ${timeline.size} timeline pictures`);
    });
    log(`live: ${cpu.size} CPU chart pictures and ${timeline.size} timeline pictures seen; ${panel.livePosts} snapshots posted so far`);

    // The status bar item says what runs.
    const item = await waitFor(async () => {
      const r = await probeWebview('.statusbar-item');
      return r?.frames.flatMap((f) => f.elements).map((e) => e.text).find((t) => /Profiling sumOfSquareRoots/.test(t));
    }, 10_000, 'the status bar item of the running profile');
    assert.match(item, /Profiling sumOfSquareRoots · (sequential|async|workers|processes) (warm-up \d\/\d|warm-up \d+|\d\/\d|round \d+)/, item);

    // Hidden, the webview is torn down; shown again, it must get the whole state back.
    const before = { progress: await panelText('[data-live="progress"]'), finished: await panelText('[data-live="finished"]'), cpu: await panelText('#pp-cpu-h + p') };
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(WORK), { viewColumn: panel.panel.viewColumn, preview: false });
    await waitFor(() => !panel.panel.visible, 5000, 'the panel to be hidden');
    await new Promise((r) => setTimeout(r, 1000));
    // A click on the status bar item, with the mouse, shows the panel again.
    const api = await extensionApi();
    await click('.statusbar-item', /Profiling sumOfSquareRoots/);
    await waitFor(() => panel.panel.visible, 20_000, 'the status bar item to show the panel').catch((err: Error) => {
      throw new Error(`${err.message}: visible ${panel.panel.visible}, active ${panel.panel.active}, column ${panel.panel.viewColumn}, running ${api.runner.running}, panels ${api.openPanels().map((p) => p.panel.title).join(', ')}`);
    });
    // The reloaded webview must not show the older report it saved: only the live view, or the new
    // report when the profile ended meanwhile (a CI run at load average 8 took longer to show the panel
    // again than the whole profile): told apart by the headline.
    const after = await waitFor(async () => {
      const progress = await panelText('[data-live="progress"]');
      if (progress === undefined) {
        // Outside the live section (#pp-live): its own "so far, round r" line is a .pp-summary too.
        const shown = await panelText('.pp-verdict:not(#pp-live) .pp-summary');
        if (shown === undefined) return undefined;
        assert.notEqual(shown, olderSummary, 'the panel showed the older report while it waited for the live state');
        return { ended: true as const, shown };
      }
      const finished = await panelText('[data-live="finished"]');
      const cpu = await panelText('#pp-cpu-h + p');
      // The live view can end between these probes (CI at load 13 read the progress, then no finished
      // list): look again, and the branch above finds the report.
      if (finished === undefined || cpu === undefined || (await panelText('[data-live="progress"]')) === undefined) return undefined;
      return { progress, finished, cpu };
    }, 20_000, 'the live view after showing the panel again');
    if ('ended' in after) {
      // Checked below: it is the new report, and the live view is gone.
      log(`the profile ended before the panel was shown again; it shows the new report: ${after.shown}`);
    } else {
      log(`before hiding: ${before.progress} | ${before.cpu}; after showing: ${after.progress} | ${after.cpu}`);
      const samples = (s?: string) => Number(/(\d+) so far/.exec(s ?? '')?.[1] ?? 0);
      const phase = (s?: string) => s?.split(' · ').slice(0, 2).join(' · ');
      if (phase(before.progress) === phase(after.progress)) assert.ok(samples(after.cpu) >= samples(before.cpu), `the samples of the repetition are all back: ${before.cpu} → ${after.cpu}`);
      // The placeholder ("No mode has finished yet: each one's median shows here ...") is no row.
      const rows = (s?: string) => (/No mode has finished yet/.test(s ?? '') ? 0 : (s?.match(/median|timed out|failed/g) ?? []).length);
      assert.ok(rows(after.finished) >= rows(before.finished), `finished modes kept: ${before.finished} → ${after.finished}`);
    }

    const report = await run;
    const longest = busy.stop();
    assert.ok(report, 'no report');
    assert.ok(report.modes.every((m) => m.status === 'completed'), JSON.stringify(report.modes.map((m) => [m.mode, m.status])));
    await waitForPanelCharts(10);
    assert.equal(await panelText('[data-live]'), undefined, 'the report replaced the live view');
    assert.equal(panel.currentReport?.createdAt, report.createdAt);
    const items = (await probeWebview('.statusbar-item'))?.frames.flatMap((f) => f.elements).map((e) => e.text) ?? [];
    assert.ok(!items.some((t) => /Profiling sumOfSquareRoots/.test(t)), `the status bar item is gone at the end: ${items.join(' | ')}`);
    log(`host thread: longest stretch without yielding ${longest.toFixed(1)} ms; ${panel.livePosts} live snapshots posted`);
    // The promise users read (README): the extension host's thread is never busy longer than this at a stretch.
    assert.ok(longest < HOST_THREAD_PROMISE_MS, `the extension host's thread ran ${longest.toFixed(0)} ms without yielding during a live profile (promised: under ${HOST_THREAD_PROMISE_MS} ms)`);
    assert.ok(shot && fs.statSync(shot).size > 20_000, `the mid-run screenshot ${shot} looks empty`);
  });

  it('Cancel in the panel stops every thread and process within a second, and keeps what was measured', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: the panel cannot be read without the workbench page');
    const run = vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[400_000_000]');
    const panel = await thePanel();
    await waitFor(() => panel.livePosts > 0 && threadCount() > baseThreads, 30_000, 'the profile to start and the panel to show it');
    await new Promise((r) => setTimeout(r, 500));
    const asked = Date.now();
    const clicked = await click('button[data-action="cancel"]');
    const result = await run;
    const ended = Date.now();
    // From the moment the harness gave Chromium the click, as a user's click: measured from before the
    // harness's file protocol had found the button, it read 1.9–3.4 s at CI loads of 8–13.
    const took = ended - (clicked.startedAt ?? asked);
    log(`cancel from the panel took ${took} ms after the click (${ended - asked} ms with the harness finding the button)`);
    assert.equal(result, undefined, 'a cancelled profile returns no report');
    // The promise is a second; the margin is for a loaded machine (as in hostile.test.ts).
    assert.ok(took < 3000, `cancel took ${took} ms`);
    // Our threads and our child processes (VS Code's server also runs helpers of its own, such as port scans).
    const ours = () => childPids().filter((p) => !baseChildren.includes(p) && /taskChild|node/.test(commandLine(p)));
    const asked2 = Date.now();
    await waitFor(() => threadCount() <= baseThreads && ours().length === 0, 5000, 'every thread and child process of the profile to end').catch((err: Error) => {
      throw new Error(`${err.message}: ${threadCount()} threads (${baseThreads} before); ours still running: ${ours().map(commandLine).join('; ')}`);
    });
    log(`every thread and child process gone ${Date.now() - asked2 + took} ms after the cancel`);
    const title = await waitFor(() => panelText('h1'), 10_000, 'the panel heading');
    assert.match(title, /cancelled/, title);
  });
});
