// The live view's task events: each recorded task goes into a batch that is emitted when it holds
// BATCH_TASKS tasks or BATCH_MS after its first task, so 100,000 short tasks cost the watcher about
// a hundred events, and one long task still shows within a fifth of a second.
import type { LiveEvent } from '../../shared/live';
import type { ModeName } from '../../shared/report';
import { LIVE_TASK_FIELDS } from '../../shared/live';
import type { TaskSink } from '../modes/types';

const BATCH_TASKS = 1000;
const BATCH_MS = 200;

export class LiveTaskBatcher {
  private pending: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** What the recorder calls per task. */
  readonly sink: TaskSink;

  constructor(private readonly mode: ModeName, private readonly origin: number, private readonly emit: (e: LiveEvent) => void) {
    this.sink = (index, lane, startedAt, endedAt, failed) => {
      const p = this.pending;
      p.push(index, lane, round(startedAt - this.origin), round(endedAt - this.origin), failed ? 1 : 0);
      if (p.length >= BATCH_TASKS * LIVE_TASK_FIELDS) this.flush();
      else if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), BATCH_MS);
        this.timer.unref();
      }
    };
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
