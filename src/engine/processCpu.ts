// CPU time of the profiling process and of its child processes, read at repetition boundaries so
// a repetition's CPU time is exact rather than integrated from samples.
import * as fs from 'node:fs';

let clockTicks = 100;

/** CPU of this whole process (every thread), ms. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU of a child process, ms (Linux only; undefined elsewhere or once it has gone). */
export function childCpuMs(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}

/** CPU of this process plus the given children, ms. */
export function treeCpuMs(pids: readonly number[]): number {
  let total = ownCpuMs();
  for (const pid of pids) total += childCpuMs(pid) ?? 0;
  return total;
}

/** For tests on unusual kernels: the USER_HZ the /proc numbers are in. */
export function setClockTicks(hz: number): void {
  clockTicks = hz;
}
