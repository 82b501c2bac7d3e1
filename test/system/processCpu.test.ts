// CPU of the profiling process tree at repetition boundaries: a real child that burns a known
// amount of its own CPU time is read back from /proc through the shared byte parser.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { childCpuMs, ownCpuMs, treeCpuMs } from '../../src/engine/measure/processCpu';
import { skipBecause } from '../support/skip';

describe('process-tree CPU', function () {
  before(function () {
    if (process.platform !== 'linux') skipBecause(this, 'not Linux: the process tree is read from /proc');
  });

  it('reads a child\'s CPU time, adds it to the tree, and gives undefined once the child has gone', async () => {
    // Burns 300 ms of its own CPU (measured by itself, so the machine's load does not matter), then waits for stdin.
    const child = spawn(process.execPath, ['-e', `
      const start = process.cpuUsage(); let x = 0;
      while ((process.cpuUsage(start).user + process.cpuUsage(start).system) < 300000) x++;
      process.stdout.write('burnt\\n'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await once(child.stdout!, 'data');
      const cpu = childCpuMs(child.pid!);
      assert.ok(cpu !== undefined && cpu >= 290 && cpu < 2000, `child CPU ${cpu} ms after burning 300 ms`);
      const own = ownCpuMs();
      const tree = treeCpuMs([child.pid!]);
      assert.ok(tree >= own + 290, `tree ${tree} ms should hold the child's ${cpu} ms on top of this process's ${own} ms`);
    } finally {
      child.stdin!.end();
      await once(child, 'exit');
    }
    assert.equal(childCpuMs(child.pid!), undefined);
  });
});
