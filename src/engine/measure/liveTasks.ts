// The live view's task events: each recorded task goes into a batch that is emitted when it holds
// BATCH_TASKS tasks or BATCH_MS after its first task, so 100,000 short tasks cost the watcher about
// a hundred events, and one long task still shows within a fifth of a second. Where the mode can tell
// which tasks run now (workers, processes), they are asked for every RUNNING_MS and sent when changed,
// so a task shows on its lane from its start, not only once it ended.
import type { LiveEvent } from '../../shared/live/events';
import type { ModeName } from '../../shared/report/report';
import { LIVE_TASK_FIELDS, RUNNING_FIELDS, R_INDEX, R_LANE, R_START } from '../../shared/live/events';
import type { TaskSink } from '../modes/types';

const BATCH_TASKS = 1000;
const BATCH_MS = 200;
/** How often the tasks running now are asked for, when the mode can tell. */
const RUNNING_MS = 200;

export class LiveTaskBatcher {
  private pending: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private runningTimer: NodeJS.Timeout | undefined;
  private lastRunning = '';
  /** What the recorder calls per task. */
  readonly sink: TaskSink;

  constructor(private readonly mode: ModeName, private readonly origin: number, private readonly emit: (e: LiveEvent) => void) {
    const sink: TaskSink = (index, lane, startedAt, endedAt, failed) => {
      const p = this.pending;
      p.push(index, lane, round(startedAt - this.origin), round(endedAt - this.origin), failed ? 1 : 0);
      if (p.length >= BATCH_TASKS * LIVE_TASK_FIELDS) this.flush();
      else if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), BATCH_MS);
        this.timer.unref();
      }
    };
    sink.watchRunning = (probe) => {
      if (this.runningTimer) clearInterval(this.runningTimer);
      this.runningTimer = setInterval(() => {
        try {
          this.emitRunning(probe);
        } catch {
          // A window on the run, never a reason to stop it: a probe that fails shows nothing.
        }
      }, RUNNING_MS);
      this.runningTimer.unref();
    };
    this.sink = sink;
  }

  /** Emits the tasks running now, when they changed since the last time (ended ones go with their batch). */
  private emitRunning(probe: () => number[]): void {
    const flat = probe();
    const tasks: number[] = [];
    for (let at = 0; at + RUNNING_FIELDS <= flat.length; at += RUNNING_FIELDS) tasks.push(flat[at + R_INDEX], flat[at + R_LANE], round(flat[at + R_START] - this.origin));
    const key = tasks.join(',');
    if (key === this.lastRunning) return;
    this.lastRunning = key;
    // The ended tasks first, so a watcher never sees a task running after it ended.
    this.flush();
    this.emit({ kind: 'running', mode: this.mode, tasks });
  }

  /** The repetition ended: what ended goes out, and nothing is asked for any more. */
  close(): void {
    if (this.runningTimer) clearInterval(this.runningTimer);
    this.runningTimer = undefined;
    this.flush();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const tasks = this.pending;
    this.pending = [];
    this.emit({ kind: 'tasks', mode: this.mode, tasks });
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
