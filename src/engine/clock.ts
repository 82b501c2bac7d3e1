// One clock for every thread and process, and the CPU time of the calling thread.
// Kept free of heavy imports: the worker and child entries load it.
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Epoch milliseconds with sub-millisecond resolution. performance.timeOrigin is taken from the wall
 * clock when each thread or process starts and performance.now() is monotonic from there, so their
 * sum agrees across threads and processes (to well under a millisecond on one machine), which
 * Date.now() (1 ms steps) and performance.now() alone (a per-thread origin) do not.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

// Linux reports utime/stime in USER_HZ ticks, fixed at 100 for user space on every mainstream
// architecture whatever the kernel's HZ; reading sysconf(CLK_TCK) would need a child process.
const CLOCK_TICKS_PER_SECOND = 100;

type CpuReader = () => number | undefined;
let reader: CpuReader | undefined;
let openFd: number | undefined;

/**
 * CPU time (user + system) of the calling OS thread, ms, or undefined where the platform does not
 * give it. Inside a worker thread process.cpuUsage() is the whole process's (see NOTES.md), so it is
 * never used here. Each thread must call this itself: the file descriptor it opens is bound to the
 * thread that opened it.
 */
export function threadCpuMs(): number | undefined {
  reader ??= pickReader();
  return reader();
}

function pickReader(): CpuReader {
  // schedstat gives nanoseconds; stat only 10 ms ticks, useless for short tasks.
  const schedstat = procReader('/proc/thread-self/schedstat', (text) => Number(text.split(' ')[0]) / 1e6);
  if (schedstat) return schedstat;
  const stat = procReader('/proc/thread-self/stat', (text) => {
    // The command name may hold spaces and parentheses: count fields from the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  });
  if (stat) return stat;
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (typeof usage === 'function') {
    return () => {
      const u = usage.call(process);
      return (u.user + u.system) / 1000;
    };
  }
  return () => undefined;
}

/** Opens the file once and re-reads it from offset 0 on each call: one syscall per reading. */
function procReader(path: string, parse: (text: string) => number): CpuReader | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  const buffer = Buffer.alloc(512);
  const read: CpuReader = () => {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const value = parse(buffer.toString('latin1', 0, n));
    return Number.isFinite(value) ? value : undefined;
  };
  if (read() === undefined) {
    closeSync(fd);
    return undefined;
  }
  openFd = fd;
  return read;
}

/**
 * The descriptor threadCpuMs() keeps open, if any. Descriptors belong to the process, not the
 * thread, and a terminated worker runs no clean-up, so a worker reports it and the engine closes it
 * once the thread is gone (re-opening per reading costs 70 µs against 5 µs for a re-read).
 */
export function threadCpuFd(): number | undefined {
  return openFd;
}
