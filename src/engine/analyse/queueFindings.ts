// What the queue mode's per-job costs mean, from its numbers: the overhead a job pays beyond its work
// (and so from how many lanes distributing pays), the most jobs a second one Redis can carry given
// its measured CPU per job, and, when the mode was skipped, how to get a Redis.
import { formatMs, formatPercent } from '../../shared/wording/format';
import type { QueueInfo } from '../../shared/report/report';
import { type Context, type Scored, finding } from './context';

/** Overhead share of a job's time past which the overhead is a warning, not a note. */
const OVERHEAD_WARN = 0.2;
/** Work per job past which Redis's CPU per job also holds its background work during the run (it overstates then). */
const LONG_JOB_MS = 100;

export function queueFindings(ctx: Context): Scored[] {
  const out: Scored[] = [];
  const skipped = ctx.input.modes.find((m) => m.mode === 'queue' && m.status === 'skipped');
  if (skipped) {
    out.push({ finding: finding('queue-skipped', 'info', `The BullMQ queue mode was skipped: ${skipped.error?.message ?? 'no Redis was available'}`, { mode: 'queue' }) });
  }
  const m = ctx.completed.queue;
  const q = m?.queue;
  if (!m || !q || !q.workMs || !q.pickupMs || !q.heardMs) return out;
  out.push(overheadFinding(q, m.lanes));
  const capacity = capacityFinding(q, m.lanes);
  if (capacity) out.push(capacity);
  return out;
}

/** Pickup and hearing against the work: a job's overhead, and the lanes past which more stop paying. */
function overheadFinding(q: QueueInfo, lanes: number): Scored {
  const work = q.workMs!.median;
  const overhead = Math.max(0, q.pickupMs!.median) + Math.max(0, q.heardMs!.median);
  const share = overhead / (work + overhead);
  const per = `each job cost ${formatMs(overhead)} of queue overhead (${formatMs(Math.max(0, q.pickupMs!.median))} from add to start, ${formatMs(Math.max(0, q.heardMs!.median))} from end to the profiler hearing of it, medians) against ${formatMs(work)} of work`;
  const advice = share >= OVERHEAD_WARN
    ? `: ${formatPercent(share)} of each job is the queue's. Put several calls into one job (aim for jobs of ${formatMs(Math.max(10, overhead * 20))} or more) before adding machines`
    : `, ${formatPercent(share)} of its time: the queue costs little here, and spreading the jobs over more lanes and machines pays while Redis keeps up`;
  return {
    limit: work / (work + overhead),
    short: `queue overhead ${formatMs(overhead)} a job`,
    finding: finding('queue-cost', share >= OVERHEAD_WARN ? 'warning' : 'info', `BullMQ queue on ${q.redis}: ${per}${advice}.`,
      { overheadMs: overhead, workMs: work, share, lanes, argBytesPerJob: q.argBytesPerJob, resultBytesPerJob: q.resultBytesPerJob, retries: q.retries }),
  };
}

/** One Redis's ceiling: 1000 ms ÷ its CPU per job, jobs a second, whatever the number of machines. */
function capacityFinding(q: QueueInfo, lanes: number): Scored | undefined {
  const cpu = q.redisCpuMsPerJob;
  if (cpu === undefined || !(cpu > 0)) return undefined;
  const jobsPerSecond = 1000 / cpu;
  const job = q.workMs!.median + Math.max(0, q.pickupMs!.median) + Math.max(0, q.heardMs!.median);
  // Each lane asks for 1000 / job jobs a second; Redis saturates when all lanes together ask for more.
  const lanesAtCeiling = (jobsPerSecond * job) / 1000;
  const machines = lanesAtCeiling / Math.max(1, lanes);
  const caveat = q.workMs!.median >= LONG_JOB_MS
    ? ' These jobs are long, so Redis\'s CPU per job also holds its background work during the run: the true ceiling is higher.'
    : '';
  return {
    finding: finding('queue-capacity', 'info',
      `Redis spent ${formatMs(cpu)} of CPU per job: one Redis carries at most ~${whole(jobsPerSecond)} jobs a second, whatever the number of machines. At ${formatMs(job)} a job that is about ${whole(lanesAtCeiling)} lanes busy at once (${whole(Math.max(1, machines))} machines of ${lanes} lanes) before Redis, not the workers, sets the pace.${caveat}`,
      { redisCpuMsPerJob: cpu, jobsPerSecond, lanesAtCeiling, machinesAtCeiling: machines }),
  };
}

/** A count as people write it: 6,667. */
function whole(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
