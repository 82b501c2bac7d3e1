// What the CPU sampler reads each tick: per-core busy and total time (/proc/stat on Linux, parsed
// from bytes into reused arrays; os.cpus() elsewhere) and the CPU of the profiled child processes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { USER_HZ, parsePidStatTicks, parseProcStatBytes } from '../runtime/procStat';

/** Busy and total time of each core, filled in place each tick. */
export interface CoreTimes {
  busy: Float64Array;
  total: Float64Array;
  /** Cores filled. */
  count: number;
}

// Grown on the first reading where a machine has more; os.cpus() to size it would read /proc/cpuinfo
// (milliseconds) at every start, and a sampler starts per repetition.
export const CORE_CAPACITY = 64;

export function coreTimes(capacity: number): CoreTimes {
  return { busy: new Float64Array(capacity), total: new Float64Array(capacity), count: 0 };
}

export const PROC_STAT = '/proc/stat';
/** A final partial interval shorter than this is dropped at stop(): /proc/stat counts in 10 ms ticks. */
export const MIN_TAIL_MS = 10;

/**
 * Reads busy and total time of every core: /proc/stat on Linux, through one file descriptor kept open
 * and read from offset 0 each tick (the kernel regenerates it on every read from the start) into a
 * reused buffer, parsed byte by byte (procStat.ts). os.cpus() elsewhere.
 */
export interface CoreReader {
  source: string;
  read(into: CoreTimes): void;
  close(): void;
}

export function makeCoreReader(): CoreReader {
  if (process.platform === 'linux') {
    try {
      const reader = new ProcStatReader();
      const probe = coreTimes(CORE_CAPACITY);
      reader.read(probe);
      if (probe.count > 0) return reader;
      reader.close();
    } catch {
      // Fall through to os.cpus(): /proc may be hidden in some sandboxes.
    }
  }
  return { source: 'os.cpus', read: readOsCpus, close: () => undefined };
}

class ProcStatReader implements CoreReader {
  readonly source = PROC_STAT;
  private fd: number | undefined = fs.openSync(PROC_STAT, 'r');
  // The per-core lines come first; the file's tail (interrupt counts) is not needed.
  private buffer = Buffer.alloc(8192);

  read(into: CoreTimes): void {
    if (this.fd === undefined) throw new Error('closed');
    for (;;) {
      const length = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const cores = parseProcStatBytes(this.buffer, length, into.busy, into.total);
      // A machine with hundreds of cores needs more than 8 KB to reach the end of the cpu lines.
      if (cores < 0) {
        this.buffer = Buffer.alloc(this.buffer.length * 2);
        continue;
      }
      if (cores > into.busy.length) {
        into.busy = new Float64Array(cores);
        into.total = new Float64Array(cores);
        continue;
      }
      into.count = cores;
      return;
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Per-core busy and total ticks from the text of /proc/stat. */
export function parseProcStat(text: string): Array<{ busy: number; total: number }> {
  const bytes = Buffer.from(text, 'latin1');
  const into = coreTimes(256);
  let cores = parseProcStatBytes(bytes, bytes.length, into.busy, into.total);
  if (cores > into.busy.length) {
    const more = coreTimes(cores);
    cores = parseProcStatBytes(bytes, bytes.length, more.busy, more.total);
    return Array.from({ length: cores }, (_, c) => ({ busy: more.busy[c], total: more.total[c] }));
  }
  return Array.from({ length: Math.max(0, cores) }, (_, c) => ({ busy: into.busy[c], total: into.total[c] }));
}

/** USER_HZ, the unit of /proc/<pid>/stat times: 100 on every mainstream Linux build. */

/**
 * CPU of child processes from /proc/<pid>/stat, one descriptor kept open per child so a tick does not
 * reopen the file (a child's descriptor also stays tied to that process even if its PID is reused).
 */
export class ChildCpuReader {
  private readonly fds = new Map<number, number>();
  private readonly buffer = Buffer.alloc(1024);

  /** CPU of the child so far, ms; undefined off Linux or once it has gone. */
  read(pid: number): number | undefined {
    if (process.platform !== 'linux') return undefined;
    try {
      let fd = this.fds.get(pid);
      if (fd === undefined) {
        fd = fs.openSync(`/proc/${pid}/stat`, 'r');
        this.fds.set(pid, fd);
      }
      const ticks = parsePidStatTicks(this.buffer, fs.readSync(fd, this.buffer, 0, this.buffer.length, 0));
      return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : undefined;
    } catch {
      this.forget(pid);
      return undefined;
    }
  }

  forget(pid: number): void {
    const fd = this.fds.get(pid);
    if (fd !== undefined) fs.closeSync(fd);
    this.fds.delete(pid);
  }

  close(): void {
    for (const pid of [...this.fds.keys()]) this.forget(pid);
  }
}

export function readOsCpus(into: CoreTimes): void {
  const cpus = os.cpus();
  if (cpus.length > into.busy.length) {
    into.busy = new Float64Array(cpus.length);
    into.total = new Float64Array(cpus.length);
  }
  cpus.forEach(({ times }, c) => {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    into.busy[c] = total - times.idle;
    into.total[c] = total;
  });
  into.count = cpus.length;
}

/**
 * Steal time of the whole machine so far (/proc/stat's aggregate "cpu" line, 8th value), ms; undefined
 * off Linux or where /proc is hidden. Read twice per repetition, never per tick.
 */
export function stealMs(read: () => string = () => fs.readFileSync(PROC_STAT, 'latin1')): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return parseStealMs(read());
  } catch {
    return undefined;
  }
}

/** The aggregate line's steal ticks in ms: "cpu  user nice system idle iowait irq softirq steal …". */
export function parseStealMs(text: string): number | undefined {
  const m = /^cpu\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(text);
  return m ? (Number(m[8]) * 1000) / USER_HZ : undefined;
}
