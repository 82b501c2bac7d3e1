// The queue mode's per-job costs beyond the work, over every repetition it ran (warm-ups included):
// pickup (add, or the lane's previous end, to start), hearing (end to the profiler hearing of it
// through Redis), Redis's own CPU per job, the bytes of each job's JSON both ways, and retries.
import type { JobTime, QueueInfo, QueueWorker } from '../../shared/report/report';

export interface JobCost {
  host: string;
  pid: number;
  laneId: number;
  pickupMs: number;
  heardMs: number;
  workMs: number;
  argBytes: number;
  resultBytes: number;
  retried: boolean;
  /** A remote `worker` command's pid (absent: the profiler's own worker). */
  remoteWorkerPid?: number;
}

/** Per-job samples kept for the percentiles; past this, every other one is dropped (the sums stay exact). */
const MAX_SAMPLES = 20_000;

export class QueueStats {
  private pickup: number[] = [];
  private heard: number[] = [];
  private work: number[] = [];
  private jobs = 0;
  private argBytes = 0;
  private resultBytes = 0;
  private retries = 0;
  private redisCpuMs = 0;
  private redisJobs = 0;
  private readonly byHost = new Map<string, number>();
  /** Per remote worker (host|pid): its jobs and their pickups, so a worker behind a slower link shows it. */
  private readonly byRemote = new Map<string, { jobs: number; pickup: number[] }>();

  job(c: JobCost): void {
    this.jobs++;
    this.argBytes += c.argBytes;
    this.resultBytes += c.resultBytes;
    if (c.retried) this.retries++;
    this.byHost.set(c.host, (this.byHost.get(c.host) ?? 0) + 1);
    if (c.remoteWorkerPid !== undefined) {
      const key = `${c.host}|${c.remoteWorkerPid}`;
      const w = this.byRemote.get(key) ?? { jobs: 0, pickup: [] };
      w.jobs++;
      if (w.pickup.length < MAX_SAMPLES) w.pickup.push(c.pickupMs);
      this.byRemote.set(key, w);
    }
    this.pickup.push(c.pickupMs);
    this.heard.push(c.heardMs);
    this.work.push(c.workMs);
    if (this.pickup.length > MAX_SAMPLES) {
      this.pickup = this.pickup.filter((_, i) => i % 2 === 0);
      this.heard = this.heard.filter((_, i) => i % 2 === 0);
      this.work = this.work.filter((_, i) => i % 2 === 0);
    }
  }

  redisCpu(ms: number, jobs: number): void {
    if (!(ms >= 0)) return;
    this.redisCpuMs += ms;
    this.redisJobs += jobs;
  }

  summary(): Omit<QueueInfo, 'redis' | 'privateRedis' | 'redisVersion' | 'lanesKind' | 'workers'> {
    const jobs = this.jobs;
    return {
      jobs,
      ...(jobs > 0 ? { pickupMs: jobTime(this.pickup), heardMs: jobTime(this.heard), workMs: jobTime(this.work) } : {}),
      ...(this.redisJobs > 0 ? { redisCpuMsPerJob: round(this.redisCpuMs / this.redisJobs, 4) } : {}),
      argBytesPerJob: jobs > 0 ? round(this.argBytes / jobs, 1) : 0,
      resultBytesPerJob: jobs > 0 ? round(this.resultBytes / jobs, 1) : 0,
      retries: this.retries,
    };
  }

  /**
   * This machine's worker (the profiler's own BullMQ Worker, whose lanes are its children or threads),
   * then every `worker` command that joined, with the jobs each finished and, for those that finished
   * any, their pickup times.
   */
  workers(host: string, pid: number, lanes: number, remote: readonly { host: string; pid: number; lanes: number }[] = []): QueueWorker[] {
    let remoteJobs = 0;
    const others: QueueWorker[] = remote.map((w) => {
      const mine = this.byRemote.get(`${w.host}|${w.pid}`);
      remoteJobs += mine?.jobs ?? 0;
      return { host: w.host, pid: w.pid, lanes: Math.max(1, w.lanes), tasks: mine?.jobs ?? 0, remote: true, ...(mine && mine.pickup.length > 0 ? { pickupMs: jobTime(mine.pickup) } : {}) };
    });
    return [{ host, pid, lanes: Math.max(1, lanes), tasks: this.jobs - remoteJobs, remote: false }, ...others];
  }
}

function jobTime(values: number[]): JobTime {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
  return { median: round(at(0.5), 3), p95: round(at(0.95), 3) };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
