// Per-core CPU utilisation and the profiling process tree's CPU, sampled on a timer while a mode runs.
// The engine's thread only awaits the mode meanwhile, so a plain timer fires on time; each sample
// still divides by the time that really passed, so a late tick does not skew the percentages.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CpuSeries, UtilisationBand } from '../../shared/report';
import { ownCpuMs } from './processCpu';
import { USER_HZ, parsePidStatTicks, parseProcStatBytes } from '../runtime/procStat';

export interface CpuSamplerOptions {
  intervalMs: number;
  /** Child processes whose CPU counts as the profiling process's (the processes mode); read every tick. */
  pids?: () => readonly number[];
  /** Called with each sample as it is taken (the live view): ms since start(), per-core busy %, the tree's %. */
  onSample?: (t: number, cores: number[], processPct: number) => void;
}

/** Busy and total time of each core, filled in place each tick. */
interface CoreTimes {
  busy: Float64Array;
  total: Float64Array;
  /** Cores filled. */
  count: number;
}

// Grown on the first reading where a machine has more; os.cpus() to size it would read /proc/cpuinfo
// (milliseconds) at every start, and a sampler starts per repetition.
const CORE_CAPACITY = 64;

function coreTimes(capacity: number): CoreTimes {
  return { busy: new Float64Array(capacity), total: new Float64Array(capacity), count: 0 };
}

const PROC_STAT = '/proc/stat';
/** A final partial interval shorter than this is dropped at stop(): /proc/stat counts in 10 ms ticks. */
const MIN_TAIL_MS = 10;

/**
 * Reads busy and total time of every core: /proc/stat on Linux, through one file descriptor kept open
 * and read from offset 0 each tick (the kernel regenerates it on every read from the start) into a
 * reused buffer, parsed byte by byte (procStat.ts). os.cpus() elsewhere.
 */
interface CoreReader {
  source: string;
  read(into: CoreTimes): void;
  close(): void;
}

function makeCoreReader(): CoreReader {
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
class ChildCpuReader {
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

function readOsCpus(into: CoreTimes): void {
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

function now(): number {
  return performance.now();
}

export class CpuSampler {
  /** Epoch ms of start(): performance.timeOrigin + performance.now(), the clock every task uses. */
  startedAt = NaN;

  private readonly intervalMs: number;
  private readonly pids: () => readonly number[];
  private readonly onSample: CpuSamplerOptions['onSample'];
  // Opened at start() and closed at stop(), so a sampler that never ran holds no file descriptor.
  private reader: CoreReader | undefined;
  private source: string | undefined;
  private readonly children = new ChildCpuReader();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private startPerf = 0;
  private lastPerf = 0;
  // Two buffers swapped each tick: the previous reading and the one being taken.
  private lastCores = coreTimes(0);
  private nowCores = coreTimes(0);
  private lastOwnCpu = 0;
  private lastChildCpu = new Map<number, number>();
  private t: number[] = [];
  private cores: number[][] = [];
  private processPct: number[] = [];
  /** Wall time spent inside the sampler's own ticks, ms: its cost, for the benchmarks and tests. */
  tickMs = 0;

  constructor(options: CpuSamplerOptions) {
    if (!(options.intervalMs > 0) || !Number.isFinite(options.intervalMs)) {
      throw new RangeError('options.intervalMs must be a positive number');
    }
    this.intervalMs = options.intervalMs;
    this.pids = options.pids ?? (() => []);
    this.onSample = options.onSample;
  }

  /** Starts sampling. A sampler runs once: start, then stop (which closes the files it reads). */
  start(): void {
    if (this.running || !Number.isNaN(this.startedAt)) throw new Error('CpuSampler.start() called twice');
    this.running = true;
    this.reader = makeCoreReader();
    this.source = this.reader.source;
    this.lastCores = coreTimes(CORE_CAPACITY);
    this.nowCores = coreTimes(CORE_CAPACITY);
    this.reader.read(this.lastCores);
    this.cores = Array.from({ length: this.lastCores.count }, () => []);
    this.lastOwnCpu = ownCpuMs();
    // Children alive now are counted from now on; one first seen later was born during sampling,
    // so all of its CPU (counted from 0) happened inside the window.
    for (const pid of this.pids()) {
      const cpu = this.children.read(pid);
      if (cpu !== undefined) this.lastChildCpu.set(pid, cpu);
    }
    this.startPerf = this.lastPerf = now();
    this.startedAt = performance.timeOrigin + this.startPerf;
    this.schedule();
  }

  /** Stops sampling and returns the series, times in ms since start(). Takes a last partial sample. */
  stop(): CpuSeries {
    if (this.running) {
      this.running = false;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      if (now() - this.lastPerf >= MIN_TAIL_MS) this.sample();
      this.reader?.close();
      this.reader = undefined;
      this.children.close();
    }
    return {
      intervalMs: this.intervalMs,
      t: [...this.t],
      cores: this.cores.map((c) => [...c]),
      process: [...this.processPct],
      ...(this.source ? { source: this.source } : {}),
    };
  }

  private schedule(): void {
    // Aim each tick at the next multiple of the interval from start, so delays do not accumulate.
    const elapsed = now() - this.startPerf;
    // A tick that fired a hair before its mark (timers and performance.now() round differently) must not
    // schedule another one a millisecond later: aim at the mark after the one within a quarter interval.
    const next = (Math.floor(elapsed / this.intervalMs + 0.25) + 1) * this.intervalMs;
    this.timer = setTimeout(() => this.tick(), Math.max(1, next - elapsed));
    // A sampler someone forgot to stop must not keep the process alive; the mode being measured does.
    this.timer.unref();
  }

  private tick(): void {
    if (!this.running) return;
    this.sample();
    this.schedule();
  }

  private sample(): void {
    const began = now();
    if (!this.reader) return;
    const cores = this.nowCores;
    this.reader.read(cores);
    const ownCpu = ownCpuMs();
    let childDelta = 0;
    const pids = this.pids();
    for (const pid of pids) {
      const cpu = this.children.read(pid);
      if (cpu === undefined) {
        this.lastChildCpu.delete(pid);
        continue;
      }
      childDelta += cpu - (this.lastChildCpu.get(pid) ?? 0);
      this.lastChildCpu.set(pid, cpu);
    }
    const at = now();
    const dt = at - this.lastPerf;
    if (dt <= 0) return;

    const last = this.lastCores;
    const n = Math.min(cores.count, last.count, this.cores.length);
    for (let c = 0; c < n; c++) {
      const dTotal = cores.total[c] - last.total[c];
      const dBusy = cores.busy[c] - last.busy[c];
      this.cores[c].push(dTotal > 0 ? clamp((100 * dBusy) / dTotal, 0, 100) : 0);
    }
    const processMs = ownCpu - this.lastOwnCpu + Math.max(0, childDelta);
    const processPct = Math.max(0, (100 * processMs) / dt);
    this.processPct.push(processPct);
    this.t.push(at - this.startPerf);
    if (this.onSample) {
      const sample: number[] = new Array<number>(n);
      for (let c = 0; c < n; c++) sample[c] = this.cores[c][this.cores[c].length - 1];
      this.onSample(at - this.startPerf, sample, processPct);
    }

    this.nowCores = last;
    this.lastCores = cores;
    this.lastOwnCpu = ownCpu;
    // A child no longer listed (or gone) is forgotten, and its descriptor closed.
    if (this.lastChildCpu.size > pids.length) {
      for (const pid of this.lastChildCpu.keys()) {
        if (!pids.includes(pid)) {
          this.lastChildCpu.delete(pid);
          this.children.forget(pid);
        }
      }
    }
    this.lastPerf = at;
    this.tickMs += now() - began;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Moves a series' times from "ms since the sampler started" to "ms since `originEpochMs`" (a repetition's start),
 * the clock the tasks of that repetition use. Samples from before the origin keep negative times.
 */
export function rebaseSeries(series: CpuSeries, samplerStartedAt: number, originEpochMs: number): CpuSeries {
  const shift = samplerStartedAt - originEpochMs;
  // Hundredths of a millisecond: the report's precision for times.
  return { ...series, t: series.t.map((t) => Math.round((t + shift) * 100) / 100) };
}

/**
 * VTune's effective CPU utilisation: the share of `cores` logical cores kept busy, averaged over the
 * series weighted by each sample's duration. It uses the profiling process tree's CPU when the series
 * has it (useful work, not other programs), else the per-core busy percentages.
 * Bands: idle when under half a core in absolute terms; poor ≤ 50%; ok 51–85%; ideal 86–100%.
 */
export function effectiveUtilisation(series: CpuSeries, cores: number): { share: number; band: UtilisationBand } {
  if (!(cores > 0)) throw new RangeError('cores must be a positive number');
  const samples = series.t.length;
  let weighted = 0;
  let duration = 0;
  for (let s = 0; s < samples; s++) {
    // The first sample's start is not in the series (it may have been rebased): assume one interval.
    const dt = s === 0 ? (series.t[0] > 0 ? Math.min(series.t[0], series.intervalMs) : series.intervalMs) : series.t[s] - series.t[s - 1];
    if (!(dt > 0)) continue;
    let pct: number;
    if (series.process && series.process.length === samples) {
      pct = series.process[s];
    } else {
      pct = 0;
      for (const core of series.cores) pct += core[s] ?? 0;
    }
    weighted += pct * dt;
    duration += dt;
  }
  const coresBusy = duration > 0 ? weighted / duration / 100 : 0;
  const share = Math.min(1, coresBusy / cores);
  return { share, band: utilisationBand(share, coresBusy) };
}

export function utilisationBand(share: number, coresBusy: number): UtilisationBand {
  if (coresBusy < 0.5) return 'idle';
  if (share <= 0.5) return 'poor';
  if (share <= 0.85) return 'ok';
  return 'ideal';
}
