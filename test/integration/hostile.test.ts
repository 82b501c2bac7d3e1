// Issue 4 in the real VS Code: whatever the function does, the extension host survives, keeps the
// other modes' results, and leaves no thread or process behind; a crafted report runs nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { childPids, extensionApi, fixture, settlesBackTo, threadCount, useSettings } from './support/profiler';
import { canSeeScreen, clearNotifications, log, probeWebview, waitFor, waitForNotification } from './support/workbench';
import { skipBecause } from '../support/skip';

const HOSTILE = fixture('src', 'hostile.ts');

describe('hostile functions and reports', function () {
  this.timeout(120_000);
  let restore: () => Promise<void>;
  let baseThreads: number;
  let baseChildren: number[];

  before(async () => {
    restore = await useSettings({ tasks: 2, workers: 2, repeat: 1, warmup: 0, timeoutSeconds: 2, modes: ['sequential', 'async', 'workers', 'processes'] });
    // Load the engine once so its own lazily started helpers (esbuild's service) count in the baseline.
    await vscode.commands.executeCommand('parallelismProfiler.profile', HOSTILE, 'throwsOnOdd', '[i]');
    baseThreads = threadCount();
    baseChildren = childPids();
  });

  after(async () => restore());

  it('ends a function that loops forever at each mode\'s timeout, and leaves nothing running', async () => {
    const started = Date.now();
    const report = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', HOSTILE, 'forever', '[]');
    assert.ok(report, 'no report');
    log(`forever: ${Date.now() - started} ms; ${report.modes.map((m) => `${m.mode} ${m.status}`).join(', ')}`);
    for (const m of report.modes) {
      assert.equal(m.status, 'timeout', `${m.mode} should have timed out`);
      assert.match(m.error!.message, new RegExp(`The ${m.mode} mode timed out after 2 s`));
    }
    await settlesBackTo(baseThreads, baseChildren, 5000);
  });

  it('reports the odd tasks that threw, with a stack in the user\'s .ts file, in every mode', async () => {
    // Not a test of the timeout: room for a loaded machine to start four lanes' worth of processes.
    await useSettings({ timeoutSeconds: 30 });
    const report = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', HOSTILE, 'throwsOnOdd', '[i]');
    for (const m of report.modes) {
      assert.equal(m.status, 'failed', `${m.mode}`);
      assert.deepEqual(m.failedTasks!.map((f) => f.index), [1], `${m.mode} failing tasks`);
      assert.match(m.failedTasks![0].message, /task 1 is odd/);
      assert.match(m.failedTasks![0].stack ?? '', /hostile\.ts:17/, `${m.mode} stack should point at hostile.ts line 17: ${m.failedTasks![0].stack}`);
    }
    await useSettings({ timeoutSeconds: 2 });
  });

  it('survives process.exit in a task: only that thread or process ends', async () => {
    await useSettings({ timeoutSeconds: 30 });
    const report = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', HOSTILE, 'exits', '[3]');
    await useSettings({ timeoutSeconds: 2 });
    for (const m of report.modes) {
      assert.equal(m.status, 'failed', `${m.mode}`);
      assert.equal(m.error!.code, 'WORKER_CRASHED', `${m.mode}: ${m.error!.message}`);
    }
    // The host lived through it (this line runs in it) and its runner is free for the next profile.
    assert.equal((await extensionApi()).runner.running, false, 'the runner is still busy after the crash');
    await settlesBackTo(baseThreads, baseChildren, 5000);
  });

  it('cancels a running profile within a second and stops every thread and process', async () => {
    await useSettings({ timeoutSeconds: 60 });
    const api = await extensionApi();
    const run = vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.profile', HOSTILE, 'forever', '[]');
    await waitFor(() => api.runner.running && threadCount() > baseThreads, 20_000, 'the profile to start its worker thread');
    await new Promise((r) => setTimeout(r, 500));
    const asked = Date.now();
    await vscode.commands.executeCommand('parallelismProfiler.cancel');
    const result = await run;
    const took = Date.now() - asked;
    log(`cancel took ${took} ms`);
    assert.equal(result, undefined, 'a cancelled profile returns no report');
    // The promise is about a second; 3 s is the margin for a loaded machine.
    assert.ok(took < 3000, `cancel took ${took} ms`);
    await settlesBackTo(baseThreads, baseChildren, 5000);
    await useSettings({ timeoutSeconds: 2 });
  });

  it('refuses a report file with wrong types, saying what is wrong, and renders a crafted one as text only', async function () {
    if (!canSeeScreen()) skipBecause(this, 'desktop path: the refusal and what the panel drew cannot be read without the workbench page');
    await clearNotifications();
    const refused = await vscode.commands.executeCommand<Report | undefined>('parallelismProfiler.openReport', fixture('reports', 'wrong-types.json'));
    assert.equal(refused, undefined, 'a report with wrong types must not open');
    const said = await waitForNotification(/not a Parallelism Profiler report/);
    log(`wrong types: ${said}`);
    assert.match(said, /^That file is not a Parallelism Profiler report: modes\[0\]\.lanes must be a finite number \(got a string of 3 characters\); /, 'the refusal names the first wrong field');
    const crafted = await vscode.commands.executeCommand<Report>('parallelismProfiler.openReport', fixture('reports', 'crafted.json'));
    assert.ok(crafted, 'the crafted (but well-typed) report should open');
    const title = await waitFor(async () => {
      const r = await probeWebview('h1');
      const t = r?.frames.flatMap((f) => f.elements).map((e) => e.text ?? '').find((x) => x.includes('onerror'));
      return t;
    }, 20_000, 'the crafted function name shown as text');
    assert.match(title, /<img src=x onerror=/);
    // Scoped to the panel's own root (#app): the workbench around it has images and iframes of its own.
    for (const selector of ['main#app img', 'main#app iframe', 'main#app svg', 'main#app script', 'main#app b']) {
      const found = (await probeWebview(selector))?.frames.flatMap((f) => f.elements) ?? [];
      assert.equal(found.length, 0, `the crafted report injected ${selector}: ${JSON.stringify(found)}`);
    }
  });
});
