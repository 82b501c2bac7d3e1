// A remote queue lane's task times, moved onto this machine's clock. Every machine times tasks on
// its own monotonic clock (runtime/clock.ts), which counts from its boot, so two machines' readings
// differ by hours; their wall clocks differ only by what NTP leaves. A remote lane sends its wall
// clock minus its machine clock with each job, and the difference of the two offsets moves its times.
// A lane on this machine (a worker in a network namespace, say) shares the clock and is left alone:
// converting it through the wall clock would bring back the wall clock's steps.
import { T_ENDED, T_STARTED } from '../lanes/wire';

export interface ThisMachine {
  host: string;
  /** Wall clock minus machine clock here, ms, now. */
  offset: number;
}

/** Shifts `task` (TASK_FIELDS numbers) in place when it came from another host with its offset. */
export function toLocalClock(task: number[], reply: { host: string; clock?: number }, here: ThisMachine): void {
  if (typeof reply.clock !== 'number' || !Number.isFinite(reply.clock) || reply.host === here.host) return;
  const shift = reply.clock - here.offset;
  task[T_STARTED] += shift;
  task[T_ENDED] += shift;
}
