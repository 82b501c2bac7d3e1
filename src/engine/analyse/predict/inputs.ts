// What the predictor is fed, read from the modes this run measured: each task's time alone (the
// sequential mode), and per parallel mode the fixed cost per message and the cost per byte (from its
// one-lane run) and the per-task slowdown under load (from its run at this machine's K). Pure.
import type { ModeResult, PredictedMode, PredictionModeInputs, TaskRecord } from '../../../shared/report/report';
import { fitTerms } from './usl';

/**
 * N values, one per task, from a report's records: when the report kept an even sample of the tasks
 * (many of them), each kept task stands for the ones around it.
 */
export function perTask(records: readonly TaskRecord[], n: number, value: (t: TaskRecord) => number): number[] {
  const kept = [...records].filter((t) => !t.failed).sort((a, b) => a.index - b.index);
  if (kept.length === 0) return new Array<number>(n).fill(0);
  if (kept.length === n) return kept.map(value);
  return Array.from({ length: n }, (_, i) => value(kept[Math.min(kept.length - 1, Math.floor((i * kept.length) / n))]));
}

/**
 * How much slower each task ran in `m` than alone (the sequential mode `seq`): Σ its time there over Σ
 * the same tasks' time alone. For CPU-bound tasks the times are the lane thread's CPU time: contention
 * for caches and memory stretches CPU time, but waiting for a core that another program held does not,
 * and the runs being compared happened at different moments of that other load. Tasks that mostly wait
 * (I/O) are compared by wall time.
 */
const MIN_CPU_TASK_MS = 20;

export function slowdown(m: ModeResult, seq: ModeResult): number | undefined {
  const wall = { here: 0, base: 0 };
  const cpu = { here: 0, base: 0, n: 0 };
  const seqByIndex = new Map((seq.tasks ?? []).filter((t) => !t.failed).map((t) => [t.index, t]));
  let common = 0;
  for (const t of m.tasks ?? []) {
    const a = seqByIndex.get(t.index);
    if (!a || t.failed) continue;
    common++;
    wall.here += t.endMs - t.startMs;
    wall.base += a.endMs - a.startMs;
    if (t.cpuMs !== undefined && a.cpuMs !== undefined) { cpu.here += t.cpuMs; cpu.base += a.cpuMs; cpu.n++; }
  }
  // CPU clocks tick every 10 ms: shorter tasks are compared by wall time.
  const cpuBound = cpu.n === common && common > 0 && cpu.base >= 0.5 * wall.base && cpu.here > 0 && wall.base / common >= MIN_CPU_TASK_MS;
  if (cpuBound) return cpu.here / cpu.base;
  return wall.base > 0 && wall.here > 0 ? wall.here / wall.base : undefined;
}

export interface MessageCosts {
  perMessageMs: number;
  perByteMs: number;
  latencyMs: number;
  /** The engine thread's busy time per message (absent when the run did not measure it). */
  engineMs?: number;
  /** The process tree's CPU per message beyond the tasks' (absent when the run did not measure it). */
  cpuPerMessageMs?: number;
}

/**
 * Fixed cost per message, cost per byte and the once-per-repetition latency, from a one-lane run. A
 * message's cost is the gap between consecutive tasks (the lane's reply, the next task's hand-over):
 * their median, so a moment when another program held a core does not count as dispatch, yet the
 * typical gap does (a lower quartile read 5 ms where 1 MiB results cost 8–10 ms a gap). The split
 * comes from the gaps against the bytes crossing in each (the next task's arguments, the last one's
 * result); when every gap moved about the same bytes it cannot be seen, and all of it counts per
 * message. The latency is the time before the first task and after the last one. With fewer than two
 * gaps, the wall time beyond the tasks' own is spread over the messages and the latency.
 */
export function messageCosts(oneLane: ModeResult, n: number): MessageCosts {
  const wall = oneLane.wallMs?.median ?? 0;
  const records = oneLane.tasks ?? [];
  const durations = perTask(records, n, (t) => t.endMs - t.startMs);
  const bytes = perTask(records, n, (t) => (t.argBytes ?? 0) + (t.resultBytes ?? 0));
  const messages = messagesOf(oneLane, n);
  const overhead = Math.max(0, wall - sum(durations));
  const sorted = [...records].sort((a, b) => a.index - b.index);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 1; j < sorted.length; j++) {
    const prev = sorted[j - 1];
    const next = sorted[j];
    if (next.index !== prev.index + 1 || prev.failed || next.failed) continue;
    xs.push((next.argBytes ?? 0) + (prev.resultBytes ?? 0));
    ys.push(Math.max(0, next.startMs - prev.endMs));
  }
  let perByteMs = 0;
  let byteSlope = 0;
  if (xs.length >= 8) {
    const mx = mean(xs);
    const my = mean(ys);
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < xs.length; i++) { sxx += (xs[i] - mx) ** 2; sxy += (xs[i] - mx) * (ys[i] - my); }
    const cv = mx > 0 ? Math.sqrt(sxx / xs.length) / mx : 0;
    if (cv > 0.25 && sxx > 0) perByteMs = Math.max(0, sxy / sxx);
    byteSlope = perByteMs;
  }
  if (ys.length < 2) {
    const byBytes = Math.min(overhead, perByteMs * sum(bytes));
    const share = (overhead - byBytes) / (messages + 1);
    return { perMessageMs: share, perByteMs: byBytes > 0 ? byBytes / sum(bytes) : 0, latencyMs: share };
  }
  const perMessageMs = Math.max(0, quantile(ys.map((y, i) => y - byteSlope * xs[i]), 0.5));
  const first = sorted.reduce((a, t) => (t.startMs < a.startMs ? t : a), sorted[0]);
  const lastEnd = sorted.reduce((a, t) => Math.max(a, t.endMs), 0);
  const latencyMs = Math.max(0, first.startMs - perMessageMs) + Math.max(0, wall - lastEnd);
  return { perMessageMs, perByteMs, latencyMs };
}

/** The messages a run of n tasks sent: one a task, or one a chunk. */
function messagesOf(run: ModeResult, n: number): number {
  return Math.max(1, Math.ceil(n / (run.chunk ?? 1)));
}

/** The q-th quantile, interpolated. */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (at - lo);
}

/**
 * What the one-lane run's threads spent per message beside the tasks: the engine thread's busy time
 * (its event loop's active time: handing over, taking back, copying results in) and the CPU of the
 * whole process tree beyond the tasks' own (both sides, garbage collection). Two lanes replying at
 * once queue for the first; the second competes with the lanes for cores.
 */
export function threadCosts(oneLane: ModeResult, n: number): Pick<MessageCosts, 'engineMs' | 'cpuPerMessageMs'> {
  const messages = messagesOf(oneLane, n);
  const wall = oneLane.wallMs?.median ?? 0;
  const out: Pick<MessageCosts, 'engineMs' | 'cpuPerMessageMs'> = {};
  // Never more than the run's wall time allows: the engine served one message at a time.
  if (oneLane.engineBusyMs !== undefined) out.engineMs = Math.min(oneLane.engineBusyMs, wall) / messages;
  if (oneLane.cpuMs !== undefined && oneLane.tasks?.length) {
    const taskCpu = sum(perTask(oneLane.tasks, n, taskCpuMs));
    out.cpuPerMessageMs = Math.max(0, oneLane.cpuMs - taskCpu) / messages;
  }
  return out;
}

/** A task's CPU time where the lane read it, else its wall time (taken as all CPU: the bound stays a bound). */
export function taskCpuMs(t: TaskRecord): number {
  return t.cpuMs ?? t.endMs - t.startMs;
}

/** One parallel mode's inputs, or undefined when its one-lane run did not complete. */
export function modeInputs(
  mode: PredictedMode, oneLane: ModeResult | undefined, atWorkers: ModeResult | undefined, seq: ModeResult, n: number, cores: number,
): PredictionModeInputs | undefined {
  if (!oneLane?.wallMs || oneLane.status !== 'completed') return undefined;
  const { perMessageMs, perByteMs, latencyMs } = messageCosts(oneLane, n);
  const { engineMs, cpuPerMessageMs } = threadCosts(oneLane, n);
  // Reported, not used: the same task on a lane of the same kind; away from 1 it is the load moving between runs.
  const s1 = slowdown(oneLane, seq) ?? 1;
  // Past the core count lanes time-slice: that is not a slowdown any machine with a core a lane shows.
  const usable = atWorkers?.status === 'completed' && atWorkers.lanes > 1 && atWorkers.lanes <= cores && !atWorkers.chunk;
  const sK = usable ? slowdown(atWorkers, seq) : undefined;
  // The slowdown as the USL's terms: one K measured gives α alone.
  const terms = sK !== undefined ? fitTerms([{ n: atWorkers!.lanes, y: sK - 1 }]) : { alpha: 0, beta: 0 };
  return {
    mode,
    perMessageMs,
    perByteMs,
    latencyMs,
    ...(engineMs !== undefined ? { engineMs } : {}),
    ...(cpuPerMessageMs !== undefined ? { cpuPerMessageMs } : {}),
    ...(oneLane.placement ? { placement: oneLane.placement } : {}),
    ...(atWorkers?.startupMs !== undefined ? { startupMs: atWorkers.startupMs } : {}),
    slowdownOneLane: s1,
    ...(sK !== undefined ? { slowdownAtWorkers: sK } : {}),
    alpha: terms.alpha,
    beta: terms.beta,
  };
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

function mean(xs: readonly number[]): number {
  return xs.length ? sum(xs) / xs.length : 0;
}
