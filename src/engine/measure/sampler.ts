// Per-core CPU utilisation and the profiling process tree's CPU, sampled on a timer while a mode runs.
// The engine's thread only awaits the mode meanwhile, so a plain timer fires on time; each sample
// still divides by the time that really passed, so a late tick does not skew the percentages.
import { performance } from 'node:perf_hooks';
import type { CpuSeries } from '../../shared/report/report';
import { CORE_CAPACITY, ChildCpuReader, MIN_TAIL_MS, coreTimes, makeCoreReader, type CoreReader } from './cpuReaders';
import { ownCpuMs } from './processCpu';
import { machineNow } from '../runtime/clock';

export { parseProcStat } from './cpuReaders';
export { effectiveUtilisation, rebaseSeries, utilisationBand } from './utilisation';

export interface CpuSamplerOptions {
  intervalMs: number;
  /** Child processes whose CPU counts as the profiling process's (the processes mode); read every tick. */
  pids?: () => readonly number[];
  /** Called with each sample as it is taken (the live view): ms since start(), per-core busy %, the tree's %. */
  onSample?: (t: number, cores: number[], processPct: number) => void;
}

function now(): number {
  return performance.now();
}

export class CpuSampler {
  /** Machine-clock ms of start() (clock.ts machineNow), the clock every task uses. */
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
    // Its times count from startPerf (performance.now()); the same instant on the machine clock:
    this.startedAt = machineNow() - (performance.now() - this.startPerf);
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
