import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { closeThreadCpuFile, machineNow } from '../../src/engine/runtime/clock';
import { MODES, args, never, start } from './modes.harness';
import { skipBecause } from '../support/skip';

function isOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

const openFds = (): number => readdirSync('/proc/self/fd').length;

describe('clock: thread CPU descriptors', function () {
  // Registered everywhere and skipped off Linux, so the totals count them as not run.
  before(function () {
    if (process.platform !== 'linux') skipBecause(this, 'not Linux: thread CPU is read from /proc/thread-self');
  });

  it('closeThreadCpuFile closes a descriptor that still names its file, and leaves a reused number alone', () => {
    const fd = openSync('/proc/thread-self/schedstat', 'r');
    const file = { fd, path: `/proc/${process.pid}/task/${process.pid}/schedstat` };
    assert.equal(closeThreadCpuFile(file), true);
    assert.equal(isOpen(fd), false);
    assert.equal(closeThreadCpuFile(file), false, 'closed already: nothing to do');
    // The number comes back for the next file opened: it is someone else's now.
    const other = openSync(__filename, 'r');
    try {
      assert.equal(other, fd, 'the kernel hands out the lowest free number');
      assert.equal(closeThreadCpuFile(file), false);
      assert.equal(isOpen(other), true, 'another file under the same number stays open');
    } finally {
      closeSync(other);
    }
  });

  it('a worker\'s descriptors are closed by Node when the thread ends (which is why the engine must not close them blindly)', async () => {
    const w = new Worker("const fs = require('fs'); require('worker_threads').parentPort.postMessage(fs.openSync('/proc/thread-self/schedstat', 'r')); setInterval(() => {}, 1000);", { eval: true });
    const fd = await new Promise<number>((resolve) => w.once('message', resolve));
    assert.equal(isOpen(fd), true);
    await w.terminate();
    assert.equal(isOpen(fd), false);
  });

  for (const mode of MODES) {
    it(`${mode}: a session leaves no descriptor open after close`, async () => {
      const before = openFds();
      const s = await start(mode, 'echo');
      await s.runRepetition(args(20, (i) => [i]), never());
      await s.close();
      // Descriptors of other components close asynchronously; allow a moment.
      const until = machineNow() + 5000; // a second was short at a load of 14
      while (openFds() > before && machineNow() < until) await new Promise((r) => setTimeout(r, 20));
      assert.equal(openFds(), before, `descriptors: ${before} before, ${openFds()} after`);
    });
  }
});

// libfaketime moves a child's wall clock and leaves CLOCK_MONOTONIC alone, which is what a step of
// the VM's clock does to the lanes started after it (CI saw one of 63 s: tasks timed 63 s off).
const FAKETIME_LIBS = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1'];
const STEP_MS = 63_000;

describe('the machine clock: lanes started after a step of the wall clock', function () {
  this.timeout(60_000);
  const lib = FAKETIME_LIBS.find((f) => existsSync(f));
  const stepped = { LD_PRELOAD: lib, FAKETIME: `+${STEP_MS / 1000}s`, FAKETIME_DONT_FAKE_MONOTONIC: '1' };

  before(function () {
    if (!lib) skipBecause(this, 'no libfaketime here (Debian: apt install libfaketime; .ci/run installs it) to start a lane with its wall clock ahead');
    // The check must be able to fail: a child started so really reads a wall clock 63 s ahead.
    const child = spawnSync(process.execPath, ['-e', 'console.log(Date.now())'], { env: { ...process.env, ...stepped }, encoding: 'utf8' });
    const ahead = Number(child.stdout) - Date.now();
    assert.ok(Math.abs(ahead - STEP_MS) < 5_000, `a child under libfaketime reads its wall clock ${ahead} ms ahead, not ${STEP_MS}`);
  });

  it('processes: lanes whose wall clock is 63 s ahead of the engine\'s time their tasks on the engine\'s clock', async () => {
    const saved = Object.fromEntries(Object.keys(stepped).map((k) => [k, process.env[k]]));
    Object.assign(process.env, stepped); // the lanes inherit the environment when they start
    let s: Awaited<ReturnType<typeof start>>;
    try {
      s = await start('processes', 'echo');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    try {
      const r = await s.runRepetition(args(10, (i) => [i]), never());
      assert.equal(r.tasks.length, 10);
      assert.ok(r.endedAt - r.startedAt < 10_000, `the repetition took ${r.endedAt - r.startedAt} ms`);
      for (const t of r.tasks) {
        assert.ok(r.startedAt <= t.dispatchedAt && t.dispatchedAt <= t.startedAt && t.startedAt <= t.endedAt && t.endedAt <= r.endedAt,
          `task ${t.index}: repetition ${r.startedAt}–${r.endedAt}, dispatched ${t.dispatchedAt}, ran ${t.startedAt}–${t.endedAt}`);
      }
    } finally {
      await s.close();
    }
  });
});
