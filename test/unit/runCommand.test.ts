// test-all's guard against a suite that never exits (scripts/runCommand.mjs): a suite whose reporter
// wrote its totals but whose process stays alive, with a child of its own, is killed with that child
// once the grace period after the totals has passed, and reported hung; one that exits is not.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { skipBecause } from '../support/skip';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNNER = path.join(ROOT, 'scripts', 'runCommand.mjs');

/** Runs runCommand in a Node of its own (it is an ES module) and returns what it resolved to. */
function runGuarded(script: string, graceMs: number, dir: string): { code: number; hung: boolean; grandchild: number } {
  const summaryFile = path.join(dir, 'summary.json');
  const pidFile = path.join(dir, 'grandchild.pid');
  const driver = `
    import { runCommand } from ${JSON.stringify(RUNNER)};
    const r = await runCommand(['node', '-e', ${JSON.stringify(script)}], {
      cwd: ${JSON.stringify(dir)}, log: ${JSON.stringify(path.join(dir, 'suite.log'))},
      env: { SUMMARY_FILE: ${JSON.stringify(summaryFile)}, PID_FILE: ${JSON.stringify(pidFile)} },
      summaryFile: ${JSON.stringify(summaryFile)}, graceMs: ${graceMs}, timesDir: ${JSON.stringify(dir)},
    });
    process.stdout.write(JSON.stringify(r));
  `;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', driver], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.status, 0, out.stderr);
  const r = JSON.parse(out.stdout) as { code: number; hung: boolean };
  return { ...r, grandchild: fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : 0 };
}

/** Running, not gone nor a zombie waiting to be reaped (a killed process whose parent died may stay one). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('test-all: the guard against a suite that never exits', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-guard-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('kills a suite still running after its totals, with its own child, and says it hung', function () {
    if (process.platform !== 'linux') skipBecause(this, 'the guard reads the process tree from /proc: Linux only, as CI is');
    // The totals written, then a handle left open, and a child process of its own that would outlive it.
    const script = `
      const { spawn } = require('node:child_process');
      const fs = require('node:fs');
      const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      fs.writeFileSync(process.env.PID_FILE, String(c.pid));
      fs.writeFileSync(process.env.SUMMARY_FILE, JSON.stringify({ passed: 1, failed: 0 }));
      setInterval(() => {}, 1000);
    `;
    const t0 = Date.now();
    const r = runGuarded(script, 500, dir);
    assert.equal(r.hung, true);
    assert.notEqual(r.code, 0, 'a killed suite does not exit 0');
    assert.ok(r.grandchild > 0, 'the suite started its child');
    assert.equal(alive(r.grandchild), false, `its child ${r.grandchild} was killed with it`);
    // The promise: it does not wait for good (a CI run once did); 500 ms of grace, with a wide margin.
    assert.ok(Date.now() - t0 < 30_000, `${Date.now() - t0} ms`);
  });

  it('leaves a suite that exits after its totals alone', () => {
    const r = runGuarded(`require('node:fs').writeFileSync(process.env.SUMMARY_FILE, '{}'); setTimeout(() => process.exit(3), 100);`, 2000, dir);
    assert.deepEqual([r.code, r.hung], [3, false]);
  });
});
