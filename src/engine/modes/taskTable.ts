// One repetition's per-task numbers as columns indexed by task, not an object per task: 10,000 or
// 100,000 tasks are then a few typed arrays outside the JavaScript heap. Objects that live for a whole
// repetition were promoted to the old generation and piled up as garbage between major collections:
// the engine thread's heap peaked at 387 MB for 100,000 tasks. NaN marks a number not known.
import type { RawTask } from './types';

const NOT_RECORDED = 0;
const DONE = 1;
const FAILED = 2;

export class TaskTable {
  readonly lane: Float64Array;
  /** Ms on the shared machine clock (clock.ts machineNow). */
  readonly dispatchedAt: Float64Array;
  readonly startedAt: Float64Array;
  readonly endedAt: Float64Array;
  readonly cpuMs: Float64Array;
  readonly waitMs: Float64Array;
  readonly argBytes: Float64Array;
  readonly resultBytes: Float64Array;
  private readonly state: Uint8Array;
  private count = 0;
  private rowsCache: RawTask[] | undefined;

  constructor(readonly n: number) {
    const column = () => new Float64Array(n);
    this.lane = column();
    this.dispatchedAt = column();
    this.startedAt = column();
    this.endedAt = column();
    this.cpuMs = column().fill(NaN);
    this.waitMs = column().fill(NaN);
    this.argBytes = column().fill(NaN);
    this.resultBytes = column().fill(NaN);
    this.state = new Uint8Array(n);
  }

  /** Tasks recorded so far. */
  get recorded(): number {
    return this.count;
  }

  has(index: number): boolean {
    return this.state[index] !== NOT_RECORDED;
  }

  failed(index: number): boolean {
    return this.state[index] === FAILED;
  }

  /** Marks task `index` recorded (its columns written by the caller); false when it was already, or is out of range. */
  record(index: number, failed: boolean): boolean {
    if (!(index >= 0 && index < this.n) || this.state[index] !== NOT_RECORDED) return false;
    this.state[index] = failed ? FAILED : DONE;
    this.count++;
    this.rowsCache = undefined;
    return true;
  }

  /** Indices of the recorded tasks, ascending. */
  indices(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.state[i] !== NOT_RECORDED) out.push(i);
    return out;
  }

  /** Sum of a column over the recorded tasks, unknown values left out. */
  sum(column: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) {
      const v = column[i];
      if (this.state[i] !== NOT_RECORDED && v === v) s += v;
    }
    return s;
  }

  row(index: number): RawTask {
    const t: RawTask = { index, lane: this.lane[index], dispatchedAt: this.dispatchedAt[index], startedAt: this.startedAt[index], endedAt: this.endedAt[index] };
    const known = (v: number) => v === v; // not NaN
    if (known(this.cpuMs[index])) t.cpuMs = this.cpuMs[index];
    if (known(this.waitMs[index])) t.waitMs = this.waitMs[index];
    if (known(this.argBytes[index])) t.argBytes = this.argBytes[index];
    if (known(this.resultBytes[index])) t.resultBytes = this.resultBytes[index];
    if (this.state[index] === FAILED) t.failed = true;
    return t;
  }

  /** Every recorded task as an object, in index order (built once, on first use). */
  rows(): RawTask[] {
    this.rowsCache ??= this.indices().map((i) => this.row(i));
    return this.rowsCache;
  }
}
