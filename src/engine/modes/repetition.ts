// Turns lane replies into the RepetitionResult every mode returns.
import type { TaskFailure } from '../../shared/report/report';
import { IN_NEXT_READING, T_CPU, T_ENDED, T_INDEX, T_RESULT_BYTES, T_STARTED, T_WAIT, type LaneOutput, type WireError } from '../lanes/wire';
import { machineNow } from '../runtime/clock';
import { ConsoleCollector } from '../lanes/consoleCapture';
import { taskArgSizes } from '../arguments/argumentSizes';
import { clipReportText } from '../errors';
import { TaskTable } from './taskTable';
import type { RepetitionResult, TaskSink } from './types';

/** Failures kept per repetition (the lowest task indices); the rest are only counted, in the task table. */
export const MAX_KEPT_FAILURES = 100;

export class RepetitionRecorder {
  readonly console = new ConsoleCollector();
  private readonly table: TaskTable;
  /** At most MAX_KEPT_FAILURES, while running: 100,000 failing tasks must not hold 100,000 stacks. */
  private readonly failures: TaskFailure[] = [];
  private failedCount = 0;
  /** Per lane, the tasks that ended since its last CPU reading (IN_NEXT_READING), in order. */
  private readonly unread = new Map<number, number[]>();

  constructor(readonly startedAt: number, n: number, private readonly onTask?: TaskSink) {
    this.table = new TaskTable(n);
  }

  /**
   * One task from its TASK_FIELDS numbers at `at` in `t` (see protocol.ts); NaN means not known. A
   * lane's tasks must arrive in the order they ran (each lane's messages do). A task reported twice,
   * or with an index outside the repetition, is ignored.
   */
  add(t: ArrayLike<number>, at: number, lane: number, dispatchedAt: number, argBytes: number, fault?: WireError): void {
    const index = t[at + T_INDEX];
    const table = this.table;
    if (!table.record(index, fault !== undefined)) return;
    table.lane[index] = lane;
    table.dispatchedAt[index] = dispatchedAt;
    table.startedAt[index] = t[at + T_STARTED];
    table.endedAt[index] = t[at + T_ENDED];
    table.argBytes[index] = argBytes;
    table.resultBytes[index] = t[at + T_RESULT_BYTES];
    const cpu = t[at + T_CPU];
    if (cpu === IN_NEXT_READING) {
      const waiting = this.unread.get(lane);
      if (waiting) waiting.push(index);
      else this.unread.set(lane, [index]);
    } else {
      table.cpuMs[index] = cpu;
      table.waitMs[index] = t[at + T_WAIT];
      const waiting = this.unread.get(lane);
      if (waiting) {
        this.unread.delete(lane);
        waiting.push(index);
        shareReading(table, waiting);
      }
    }
    if (fault) this.keepFailure(index, fault);
    this.onTask?.(index, lane, table.startedAt[index], table.endedAt[index], fault !== undefined);
  }

  private keepFailure(index: number, fault: WireError): void {
    this.failedCount++;
    const failures = this.failures;
    if (failures.length >= MAX_KEPT_FAILURES) {
      let highest = 0;
      for (let k = 1; k < failures.length; k++) if (failures[k].index > failures[highest].index) highest = k;
      if (failures[highest].index < index) return;
      failures.splice(highest, 1);
    }
    failures.push({
      index,
      message: clipReportText(String(fault.message)),
      ...(fault.name !== undefined ? { name: clipReportText(String(fault.name), 200) } : {}),
      ...(fault.stack ? { stack: clipReportText(String(fault.stack)) } : {}),
    });
  }

  addOutput(output: LaneOutput | undefined): void {
    if (output) this.console.add(output);
  }

  /**
   * Tasks still waiting for a reading when the repetition ends keep no CPU: unknown, not guessed. A
   * lane that died leaves them; so does a thread's last tasks when piscina gave it no task flagged to
   * read at once (which task is a thread's last is only known after its reply). They hold under
   * READ_EVERY_MS of that lane's time, so the totals the verdict adds up lose less than that.
   */
  finish(endedAt: number): RepetitionResult {
    this.failures.sort((a, b) => a.index - b.index);
    const table = this.table;
    return {
      startedAt: this.startedAt,
      endedAt,
      table,
      get tasks() {
        return table.rows();
      },
      failures: this.failures,
      failedCount: this.failedCount,
      console: this.console.take(),
    };
  }
}

/**
 * One CPU reading that covers several short tasks (its numbers sit on the last one) shared out in
 * proportion to their wall times: the sum stays the reading, which is what the verdict adds up; each
 * task's part is an estimate, from tasks under READ_EVERY_MS anyway.
 */
function shareReading(table: TaskTable, group: number[]): void {
  const last = group[group.length - 1];
  const cpu = table.cpuMs[last];
  const wait = table.waitMs[last];
  let wall = 0;
  for (const i of group) wall += table.endedAt[i] - table.startedAt[i];
  for (const i of group) {
    const share = wall > 0 ? (table.endedAt[i] - table.startedAt[i]) / wall : 1 / group.length;
    table.cpuMs[i] = cpu * share; // NaN stays NaN: unknown
    table.waitMs[i] = wait * share;
  }
}

/** What a mode that spreads tasks over lanes needs while it dispatches one repetition. */
export interface SpreadRun {
  readonly n: number;
  /** Serialized size of each task's arguments. */
  readonly sizes: Float64Array;
  readonly rec: RepetitionRecorder;
  /** True once the repetition has failed: stop dispatching, ignore late replies. */
  failed(): boolean;
  fail(err: unknown): void;
  /** Records one finished task; settles the repetition after the last one. True when more remain. */
  done(): boolean;
}

/**
 * The frame the workers and processes modes share: sizes the arguments (refusing what cannot be
 * cloned before anything runs), starts the record on the common clock, settles an empty repetition
 * at once, and latches the first failure. `dispatch` hands tasks to the lanes; `beforeFinish` adds
 * what only the mode knows (e.g. output a child wrote straight to its pipes).
 */
export function spreadRepetition(
  taskArgs: readonly unknown[][],
  dispatch: (run: SpreadRun) => void,
  beforeFinish?: (rec: RepetitionRecorder) => void,
  onTask?: TaskSink,
): Promise<RepetitionResult> {
  let sizes: Float64Array;
  try {
    sizes = taskArgSizes(taskArgs);
  } catch (err) {
    return Promise.reject(err);
  }
  const n = taskArgs.length;
  const rec = new RepetitionRecorder(machineNow(), n, onTask);
  if (n === 0) return Promise.resolve(rec.finish(rec.startedAt));
  return new Promise((resolve, reject) => {
    let failed = false;
    let finished = 0;
    dispatch({
      n,
      sizes,
      rec,
      failed: () => failed,
      fail: (err) => {
        failed = true;
        reject(err);
      },
      done: () => {
        if (++finished < n) return true;
        beforeFinish?.(rec);
        resolve(rec.finish(machineNow()));
        return false;
      },
    });
  });
}
