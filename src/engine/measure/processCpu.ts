// CPU time of the profiling process and of its child processes, read at repetition boundaries so
// a repetition's CPU time is exact rather than integrated from samples.
import * as fs from 'node:fs';
import { USER_HZ, parsePidStatTicks } from '../runtime/procStat';

// Reused: read once per child at each repetition boundary.
const statBuffer = Buffer.alloc(1024);

/** CPU of this whole process (every thread), ms. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU of a child process, ms (Linux only; undefined elsewhere or once it has gone). */
export function childCpuMs(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  let fd: number | undefined;
  try {
    fd = fs.openSync(`/proc/${pid}/stat`, 'r');
    const ticks = parsePidStatTicks(statBuffer, fs.readSync(fd, statBuffer, 0, statBuffer.length, 0));
    return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** CPU of this process plus the given children, ms. */
export function treeCpuMs(pids: readonly number[]): number {
  let total = ownCpuMs();
  for (const pid of pids) total += childCpuMs(pid) ?? 0;
  return total;
}
