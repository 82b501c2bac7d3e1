// Turns lane replies into the RepetitionResult every mode returns.
import type { TaskFailure } from '../../shared/report';
import { T_CPU, T_ENDED, T_INDEX, T_RESULT_BYTES, T_STARTED, T_WAIT, type LaneOutput, type WireError } from '../entries/protocol';
import { ConsoleCollector } from './consoleCapture';
import type { RawTask, RepetitionResult } from './types';

export class RepetitionRecorder {
  readonly console = new ConsoleCollector();
  private readonly tasks: RawTask[] = [];
  private readonly failures: TaskFailure[] = [];

  constructor(readonly startedAt: number) {}

  /** One task from its TASK_FIELDS numbers at `at` in `t` (see protocol.ts); NaN means not known. */
  add(t: readonly number[], at: number, lane: number, dispatchedAt: number, argBytes: number, fault?: WireError): void {
    const index = t[at + T_INDEX];
    const task: RawTask = { index, lane, dispatchedAt, startedAt: t[at + T_STARTED], endedAt: t[at + T_ENDED] };
    const cpu = t[at + T_CPU];
    if (cpu === cpu) task.cpuMs = cpu; // not NaN
    const wait = t[at + T_WAIT];
    if (wait === wait) task.waitMs = wait;
    task.argBytes = argBytes;
    const bytes = t[at + T_RESULT_BYTES];
    if (bytes === bytes) task.resultBytes = bytes;
    if (fault) {
      task.failed = true;
      this.failures.push({ index, message: fault.message, name: fault.name, ...(fault.stack ? { stack: fault.stack } : {}) });
    }
    this.tasks.push(task);
  }

  addOutput(output: LaneOutput | undefined): void {
    if (output) this.console.add(output);
  }

  finish(endedAt: number): RepetitionResult {
    this.tasks.sort((a, b) => a.index - b.index);
    this.failures.sort((a, b) => a.index - b.index);
    return { startedAt: this.startedAt, endedAt, tasks: this.tasks, failures: this.failures, console: this.console.take() };
  }
}
