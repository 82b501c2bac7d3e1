// Turns lane replies into the RepetitionResult every mode returns.
import type { TaskFailure } from '../../shared/report';
import type { TaskReport } from '../entries/protocol';
import { ConsoleCollector } from './consoleCapture';
import type { RawTask, RepetitionResult } from './types';

export class RepetitionRecorder {
  readonly console = new ConsoleCollector();
  private readonly tasks: RawTask[] = [];
  private readonly failures: TaskFailure[] = [];

  constructor(readonly startedAt: number) {}

  add(report: TaskReport, lane: number, dispatchedAt: number, argBytes: number): void {
    const task: RawTask = { index: report.index, lane, dispatchedAt, startedAt: report.startedAt, endedAt: report.endedAt };
    if (report.cpuMs !== undefined) task.cpuMs = report.cpuMs;
    task.argBytes = argBytes;
    if (report.resultBytes !== undefined) task.resultBytes = report.resultBytes;
    if (report.failure) {
      task.failed = true;
      const f = report.failure;
      this.failures.push({ index: report.index, message: f.message, name: f.name, ...(f.stack ? { stack: f.stack } : {}) });
    }
    this.tasks.push(task);
  }

  finish(endedAt: number): RepetitionResult {
    this.tasks.sort((a, b) => a.index - b.index);
    this.failures.sort((a, b) => a.index - b.index);
    return { startedAt: this.startedAt, endedAt, tasks: this.tasks, failures: this.failures, console: this.console.take() };
  }
}
