// The prediction in the real VS Code: with the `predict` setting on, a profile from the command
// carries a prediction, and the panel draws its "What if" section (photographed, scrolled into view).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { Report } from '../../src/shared/report/report';
import { fixture, useSettings, waitForPanelCharts } from './support/profiler';
import { canSeeScreen, log, probeWebview, screenshot } from './support/workbench';
import { skipBecause } from '../support/skip';

const WORK = fixture('src', 'work.ts');

describe('What if (predict setting)', function () {
  this.timeout(300_000);

  it('profiles with predict on: the report carries the K table, the check, the chunk list; the panel draws What if', async function () {
    const restore = await useSettings({ predict: true, modes: ['sequential', 'workers'], tasks: 8, repeat: 1, warmup: 0 });
    try {
      const report = await vscode.commands.executeCommand<Report>('parallelismProfiler.profile', WORK, 'sumOfSquareRoots', '[3_000_000]');
      const p = report?.prediction;
      assert.ok(p, `no prediction in the report (warnings: ${report?.warnings.map((w) => w.message).join('; ')})`);
      assert.deepEqual(p.points.map((x) => x.workers), [1, 2, 4, 8, 16, 32, 64]);
      assert.ok(p.chunk?.measured.some((m) => m.chunk === 1), 'the measured chunk list includes chunk 1');
      // The engine runs on the extension host's main thread: its one-lane runs held it and the lane apart there too.
      if (process.platform === 'linux' && report.machine.cores >= 2 && spawnSync('taskset', ['-V']).status === 0) {
        const pl = p.inputs.modes[0].placement;
        assert.ok(pl && pl.laneCores[0] !== pl.engineCore, `placed apart in the extension host: ${JSON.stringify(pl)}`);
      }
      log(`what if: check ${JSON.stringify(p.check)}; 64 cores ${JSON.stringify(p.points.at(-1))}; placement ${JSON.stringify(p.inputs.modes[0].placement)}`);
      if (!canSeeScreen()) skipBecause(this, 'desktop path: the What if section cannot be read without the workbench page');
      // Bars (2), CPU and timeline per mode (2 + 2), What if and chunk size (2).
      await waitForPanelCharts(8);
      const section = await probeWebview('#pp-whatif-h', 15_000, { scroll: true });
      assert.match(section?.frames[0]?.elements[0]?.text ?? '', /What if/);
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot('panel-what-if');
    } finally {
      await restore();
    }
  });
});
