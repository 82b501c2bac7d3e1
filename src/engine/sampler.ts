// Per-core CPU utilisation and the profiling process tree's CPU, sampled on a timer while a mode runs.
// The engine's thread only awaits the mode meanwhile, so a plain timer fires on time; each sample
// still divides by the time that really passed, so a late tick does not skew the percentages.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CpuSeries, UtilisationBand } from '../shared/report';
import { childCpuMs, ownCpuMs } from './processCpu';

export interface CpuSamplerOptions {
  intervalMs: number;
  /** Child processes whose CPU counts as the profiling process's (the processes mode); read every tick. */
  pids?: () => readonly number[];
}

interface CoreTimes {
  busy: number;
  total: number;
}

const PROC_STAT = '/proc/stat';
/** A final partial interval shorter than this is dropped at stop(): /proc/stat counts in 10 ms ticks. */
const MIN_TAIL_MS = 10;

/** Reads busy and total time of every core; /proc/stat on Linux (cheap, fresh), os.cpus() elsewhere. */
function makeCoreReader(): { source: string; read: () => CoreTimes[] } {
  if (process.platform === 'linux') {
    try {
      const first = readProcStat();
      if (first.length > 0) return { source: PROC_STAT, read: readProcStat };
    } catch {
      // Fall through to os.cpus(): /proc may be hidden in some sandboxes.
    }
  }
  return { source: 'os.cpus', read: readOsCpus };
}

function readProcStat(): CoreTimes[] {
  const text = fs.readFileSync(PROC_STAT, 'latin1');
  const cores: CoreTimes[] = [];
  for (const line of text.split('\n')) {
    // Per-core lines are "cpuN …"; the aggregate "cpu " line is skipped.
    if (!line.startsWith('cpu') || line.charCodeAt(3) < 48 || line.charCodeAt(3) > 57) continue;
    const f = line.split(' ');
    // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
    const user = +f[1], nice = +f[2], system = +f[3], idle = +f[4];
    const iowait = +(f[5] ?? 0), irq = +(f[6] ?? 0), softirq = +(f[7] ?? 0), steal = +(f[8] ?? 0);
    const idleAll = idle + iowait;
    const total = user + nice + system + idleAll + irq + softirq + steal;
    cores.push({ busy: total - idleAll, total });
  }
  return cores;
}

function readOsCpus(): CoreTimes[] {
  return os.cpus().map(({ times }) => {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    return { busy: total - times.idle, total };
  });
}

function now(): number {
  return performance.now();
}

export class CpuSampler {
  /** Epoch ms of start(): performance.timeOrigin + performance.now(), the clock every task uses. */
  startedAt = NaN;

  private readonly intervalMs: number;
  private readonly pids: () => readonly number[];
  private readonly reader = makeCoreReader();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private startPerf = 0;
  private lastPerf = 0;
  private lastCores: CoreTimes[] = [];
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
  }

  /** Starts sampling. A sampler runs once: start, then stop. */
  start(): void {
    if (this.running || !Number.isNaN(this.startedAt)) throw new Error('CpuSampler.start() called twice');
    this.running = true;
    this.lastCores = this.reader.read();
    this.cores = this.lastCores.map(() => []);
    this.lastOwnCpu = ownCpuMs();
    // Children alive now are counted from now on; one first seen later was born during sampling,
    // so all of its CPU (counted from 0) happened inside the window.
    for (const pid of this.pids()) {
      const cpu = childCpuMs(pid);
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
    }
    return {
      intervalMs: this.intervalMs,
      t: [...this.t],
      cores: this.cores.map((c) => [...c]),
      process: [...this.processPct],
      source: this.reader.source,
    };
  }

  private schedule(): void {
    // Aim each tick at the next multiple of the interval from start, so delays do not accumulate.
    const elapsed = now() - this.startPerf;
    const next = (Math.floor(elapsed / this.intervalMs) + 1) * this.intervalMs;
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
    const cores = this.reader.read();
    const ownCpu = ownCpuMs();
    let childDelta = 0;
    const seen = new Map<number, number>();
    for (const pid of this.pids()) {
      const cpu = childCpuMs(pid);
      if (cpu === undefined) continue;
      childDelta += cpu - (this.lastChildCpu.get(pid) ?? 0);
      seen.set(pid, cpu);
    }
    const at = now();
    const dt = at - this.lastPerf;
    if (dt <= 0) return;

    const n = Math.min(cores.length, this.cores.length);
    for (let c = 0; c < n; c++) {
      const dTotal = cores[c].total - this.lastCores[c].total;
      const dBusy = cores[c].busy - this.lastCores[c].busy;
      this.cores[c].push(dTotal > 0 ? clamp((100 * dBusy) / dTotal, 0, 100) : 0);
    }
    const processMs = ownCpu - this.lastOwnCpu + Math.max(0, childDelta);
    this.processPct.push(Math.max(0, (100 * processMs) / dt));
    this.t.push(at - this.startPerf);

    this.lastCores = cores;
    this.lastOwnCpu = ownCpu;
    this.lastChildCpu = seen;
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
  return { ...series, t: series.t.map((t) => t + shift) };
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
