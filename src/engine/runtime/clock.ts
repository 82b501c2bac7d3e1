// One clock for every thread and process (machineNow), and the CPU time (and run-queue wait) of the calling thread.
// Kept free of heavy imports: the worker and child entries load it.
import { closeSync, openSync, readSync, readlinkSync } from 'node:fs';
import { USER_HZ, parsePidStatTicks } from './procStat';

/**
 * The machine's clock, ms: CLOCK_MONOTONIC (process.hrtime) read through performance.now(), so the
 * same instant reads the same in every thread and process of this machine, and a step of the wall
 * clock cannot move it. Every task, sample and live event is timed on it.
 *
 * It was performance.timeOrigin + performance.now() (epoch ms). timeOrigin is read from the wall
 * clock when each thread or process starts, so when the VM's wall clock was stepped by 63 s during a
 * CI run, lanes started after the step disagreed with the engine by 63 s: tasks "heard running
 * 63,479 ms in" that ended at 703 ms, and negative queue latencies. performance.now() is monotonic
 * (libuv's hrtime) from a per-thread origin; the offset below moves it onto the shared clock, once.
 */
export function machineNow(): number {
  return performance.now() + MONOTONIC_OFFSET;
}

/**
 * CLOCK_MONOTONIC ms minus performance.now(), read between two performance.now() calls, the
 * narrowest of a few tries. The first call of each in a process is not timed: it loads code lazily,
 * and a first pair read 6 ms apart put a fresh child 6 ms behind the engine.
 */
function monotonicOffset(): number {
  performance.now();
  process.hrtime.bigint();
  let narrowest = Infinity;
  let offset = 0;
  for (let i = 0; i < 5; i++) {
    const before = performance.now();
    const hr = Number(process.hrtime.bigint()) / 1e6;
    const after = performance.now();
    if (after - before < narrowest) {
      narrowest = after - before;
      offset = hr - (before + after) / 2;
    }
  }
  return offset;
}

const MONOTONIC_OFFSET = monotonicOffset();

/**
 * Epoch ms with sub-millisecond resolution, for comparing with file times (mtimes) only: it follows
 * the wall clock, so it is never used to time anything across threads or processes.
 */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The calling thread's totals so far, ms, filled in place by readThreadTimes() (no object per reading:
 * it runs once per task). waitMs is the time the thread was runnable but waiting for a core (the
 * scheduler's run queue): other programs taking the cores. NaN where the platform does not say.
 */
export const threadTimes = { cpuMs: NaN, waitMs: NaN };

type TimesReader = () => boolean;
let reader: TimesReader | undefined;
let openFd: number | undefined;

/**
 * Reads the calling OS thread's CPU time (user + system) and run-queue wait into `threadTimes`; false
 * where the platform gives neither. One read(2) of /proc/thread-self/schedstat on Linux (nanoseconds;
 * syscalls cost 5–20 µs on a loaded VM, so callers read once per task, not twice). Inside a worker
 * thread process.cpuUsage() is the whole process's (see NOTES.md), so it is never used here. Each
 * thread must call this itself: the file descriptor it opens is bound to the thread that opened it.
 */
export function readThreadTimes(): boolean {
  reader ??= pickReader();
  return reader();
}

/** CPU time of the calling thread so far, ms, or undefined where the platform does not give it. */
export function threadCpuMs(): number | undefined {
  return readThreadTimes() ? threadTimes.cpuMs : undefined;
}

function pickReader(): TimesReader {
  // schedstat gives nanoseconds and the run-queue wait; stat only 10 ms ticks, useless for short tasks.
  const schedstat = procReader('/proc/thread-self/schedstat', parseSchedstat);
  if (schedstat) return schedstat;
  const stat = procReader('/proc/thread-self/stat', parseStat);
  if (stat) return stat;
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (typeof usage === 'function') {
    return () => {
      const u = usage.call(process);
      threadTimes.cpuMs = (u.user + u.system) / 1000;
      threadTimes.waitMs = NaN;
      return true;
    };
  }
  return () => false;
}

/** "<on-cpu ns> <run-queue wait ns> <timeslices>\n", parsed in place: no string per reading. */
function parseSchedstat(b: Buffer, n: number): boolean {
  let i = 0;
  let cpu = 0;
  let wait = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) break;
    cpu = cpu * 10 + c;
    digits++;
  }
  if (digits === 0 || b[i] !== 32) return false;
  digits = 0;
  for (i++; i < n; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) break;
    wait = wait * 10 + c;
    digits++;
  }
  threadTimes.cpuMs = cpu / 1e6;
  threadTimes.waitMs = digits > 0 ? wait / 1e6 : NaN;
  return true;
}

function parseStat(b: Buffer, n: number): boolean {
  const cpu = (parsePidStatTicks(b, n) * 1000) / USER_HZ;
  if (!Number.isFinite(cpu)) return false;
  threadTimes.cpuMs = cpu;
  threadTimes.waitMs = NaN;
  return true;
}

/** Opens the file once and re-reads it from offset 0 on each call: one syscall per reading. */
function procReader(path: string, parse: (b: Buffer, n: number) => boolean): TimesReader | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  const buffer = Buffer.alloc(512);
  const read: TimesReader = () => {
    try {
      return parse(buffer, readSync(fd, buffer, 0, buffer.length, 0));
    } catch {
      return false;
    }
  };
  if (!read()) {
    closeSync(fd);
    return undefined;
  }
  openFd = fd;
  return read;
}

/** A descriptor readThreadTimes() keeps open, and the file it names (/proc/<pid>/task/<tid>/schedstat). */
export interface ThreadCpuFile {
  fd: number;
  path: string;
}

/**
 * The descriptor readThreadTimes() keeps open, if any, with the file it names. Descriptors belong to
 * the process: where a runtime does not close a worker's descriptors when the thread ends, the engine
 * must, once the thread is gone (re-opening per reading costs 70 µs against 5 µs for a re-read).
 */
export function threadCpuFile(): ThreadCpuFile | undefined {
  if (openFd === undefined) return undefined;
  try {
    return { fd: openFd, path: readlinkSync(`/proc/self/fd/${openFd}`) };
  } catch {
    return undefined;
  }
}

/**
 * Closes a thread's CPU descriptor after the thread has ended, but only if the number still names
 * that thread's file. Node closes the descriptors a worker opened when it ends, and the number is
 * soon reused (another thread's event loop, a socket): closing it again closed someone else's file,
 * and libuv aborted the process (`uv__io_poll: Assertion errno == EINTR`). True if it closed it.
 */
export function closeThreadCpuFile(file: ThreadCpuFile): boolean {
  let now: string;
  try {
    now = readlinkSync(`/proc/self/fd/${file.fd}`);
  } catch {
    return false; // closed already
  }
  if (now !== file.path) return false;
  try {
    closeSync(file.fd);
    return true;
  } catch {
    return false;
  }
}
