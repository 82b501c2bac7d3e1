// The pool's schedule replayed: N tasks in a FIFO queue, K lanes each running one message at a time
// (a message holds one task, or `chunk` consecutive ones), the next message to the lane that frees
// first, as piscina and the processes mode do. The engine's thread is one: its share of each message
// queues there (on a fair share of a core once the lanes fill every core); and no schedule beats the
// CPU every thread needs over the cores there are. Fed only with measured costs; pure and deterministic.

export interface ScheduleModel {
  /** Each task's time alone, ms, in queue order. */
  taskMs: readonly number[];
  /** Bytes each task moves across the lane boundary (arguments and result); absent: none. */
  bytes?: readonly number[];
  /** Fixed cost of one message (hand-over, wake-up, reply), ms. */
  perMessageMs: number;
  perByteMs: number;
  /** Once per repetition: the first hand-over before any lane starts and the last reply after all end, ms. */
  latencyMs?: number;
  /** Multiplier on every task's time under this K's load (1: as fast as alone). */
  slowdown: number;
  lanes: number;
  /** Consecutive tasks per message; 1 by default. */
  chunk?: number;
  /**
   * True: the whole fixed cost of a message is the engine's, handled one message at a time (its thread
   * is one), so messages queue for it; the band's pessimistic edge.
   */
  serialDispatch?: boolean;
  /**
   * The engine thread's own busy time per message, ms: the part of `perMessageMs` that lanes cannot
   * overlap (measured as its event loop's active time on one lane): messages queue for it. Ignored
   * when serialDispatch.
   */
  engineMs?: number;
  /** Share of a core the engine thread gets (1: a core of its own; C ÷ (K + 1) once K lanes fill C cores). */
  engineShare?: number;
  /** The CPU every thread of the run needs, against the cores there are: the wall time is at least demand ÷ cores. */
  cpu?: CpuDemand;
}

export interface CpuDemand {
  cores: number;
  /** Each task's CPU time alone, ms, in queue order. */
  taskCpuMs: readonly number[];
  /** CPU the process tree spends per message beyond the task (both sides of the hand-over, copies, garbage collection), ms. */
  perMessageMs: number;
}

export interface Schedule {
  wallMs: number;
  /** Busy time of each lane, ms. */
  laneBusyMs: number[];
}

export function simulate(m: ScheduleModel): Schedule {
  const n = m.taskMs.length;
  const lanes = Math.max(1, Math.floor(m.lanes));
  const chunk = Math.max(1, Math.floor(m.chunk ?? 1));
  const free = new LaneHeap(lanes);
  const busy = new Array<number>(lanes).fill(0);
  let engineFree = 0;
  let wall = 0;
  const engineStep = (m.serialDispatch ? m.perMessageMs : Math.max(0, m.engineMs ?? 0)) / Math.min(1, Math.max(1e-3, m.engineShare ?? 1));
  for (let first = 0; first < n; first += chunk) {
    // Earliest-free lane, lowest index on a tie: the FIFO queue's next message goes there.
    const lane = free.top();
    let start = free.at(lane);
    if (engineStep > 0) {
      start = Math.max(start, engineFree);
      engineFree = start + engineStep;
    }
    let work = m.perMessageMs;
    const end = Math.min(n, first + chunk);
    for (let i = first; i < end; i++) work += m.taskMs[i] * m.slowdown + (m.bytes ? m.bytes[i] * m.perByteMs : 0);
    free.set(lane, start + work);
    busy[lane] += work;
    if (start + work > wall) wall = start + work;
  }
  if (m.cpu && m.cpu.cores > 0) wall = Math.max(wall, cpuDemandMs(m.cpu, m.slowdown, Math.ceil(n / chunk)) / m.cpu.cores);
  return { wallMs: wall + (n > 0 ? Math.max(0, m.latencyMs ?? 0) : 0), laneBusyMs: busy };
}

/** The CPU a run of these tasks in `messages` messages needs, ms. */
export function cpuDemandMs(d: CpuDemand, slowdown: number, messages: number): number {
  let sum = 0;
  for (const t of d.taskCpuMs) sum += t;
  return sum * slowdown + messages * Math.max(0, d.perMessageMs);
}

/** Lanes by the time they free up (then by index): a binary heap, so 64 lanes × 100,000 tasks stay quick. */
class LaneHeap {
  private readonly time: Float64Array;
  private readonly heap: Int32Array;

  constructor(lanes: number) {
    this.time = new Float64Array(lanes);
    this.heap = Int32Array.from({ length: lanes }, (_, i) => i);
  }

  top(): number {
    return this.heap[0];
  }

  at(lane: number): number {
    return this.time[lane];
  }

  /** Sets the top lane's time (the only one ever changed) and sifts it down. */
  set(lane: number, t: number): void {
    this.time[lane] = t;
    const h = this.heap;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.before(h[l], h[m])) m = l;
      if (r < n && this.before(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  private before(a: number, b: number): boolean {
    return this.time[a] < this.time[b] || (this.time[a] === this.time[b] && a < b);
  }
}
