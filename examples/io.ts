// I/O-bound work: tasks spend their time waiting, not computing.
// Try: parallelism-profiler examples/io.ts --function fetchReport --tasks 8 --args "[i, 100]"
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * @profileArgs [i, 100]
 * Stands in for a network call: waits `latencyMs`, then returns a small record. */
export async function fetchReport(id: number, latencyMs: number): Promise<{ id: number; status: string }> {
  await sleep(latencyMs);
  return { id, status: 'ok' };
}

/**
 * @profileArgs [i, 20]
 * Real file I/O: writes then reads back a small file, `rounds` times. */
export async function writeAndRead(id: number, rounds = 20): Promise<number> {
  const file = path.join(os.tmpdir(), `pp-example-${process.pid}-${id}-${Math.random().toString(36).slice(2)}.txt`);
  let bytes = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      await fs.writeFile(file, `round ${r} of task ${id}\n`.repeat(100));
      bytes += (await fs.readFile(file)).length;
    }
  } finally {
    await fs.rm(file, { force: true });
  }
  return bytes;
}
