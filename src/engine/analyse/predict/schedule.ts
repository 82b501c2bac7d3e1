// The pool's schedule replayed: N tasks in a FIFO queue, K lanes each running one message at a time
// (a message holds one task, or `chunk` consecutive ones), the next message to the lane that frees
// first, as piscina and the processes mode do. Fed only with measured costs; pure and deterministic.

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
   * True: the engine handles one message at a time (its thread is one), so messages queue for it;
   * false: the fixed cost overlaps across lanes. The truth lies between; the band shows both.
   */
  serialDispatch?: boolean;
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
  for (let first = 0; first < n; first += chunk) {
    // Earliest-free lane, lowest index on a tie: the FIFO queue's next message goes there.
    const lane = free.top();
    let start = free.at(lane);
    if (m.serialDispatch) {
      start = Math.max(start, engineFree);
      engineFree = start + m.perMessageMs;
    }
    let work = m.perMessageMs;
    const end = Math.min(n, first + chunk);
    for (let i = first; i < end; i++) work += m.taskMs[i] * m.slowdown + (m.bytes ? m.bytes[i] * m.perByteMs : 0);
    free.set(lane, start + work);
    busy[lane] += work;
    if (start + work > wall) wall = start + work;
  }
  return { wallMs: wall + (n > 0 ? Math.max(0, m.latencyMs ?? 0) : 0), laneBusyMs: busy };
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
