import { strict as assert } from 'node:assert';
import { closeSync, fstatSync, openSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { closeThreadCpuFile, epochNow } from '../../src/engine/runtime/clock';
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
      const until = epochNow() + 1000;
      while (openFds() > before && epochNow() < until) await new Promise((r) => setTimeout(r, 20));
      assert.equal(openFds(), before, `descriptors: ${before} before, ${openFds()} after`);
    });
  }
});
