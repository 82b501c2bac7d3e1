// A lane's CPU and run-queue readings per task: one /proc read at a task's end, at most one per
// millisecond of lane time (shorter tasks share the next reading, which the engine shares out by
// wall time), each capped at the tasks' own wall time.
import { machineNow, readThreadTimes, threadTimes } from './clock';
import { IN_NEXT_READING, T_CPU, T_WAIT, type TaskNumbers } from '../lanes/wire';

// The lane's last CPU and run-queue readings, the baseline of the next one. A reading is one /proc
// read (5-20 µs on a loaded VM): taken at a task's end, as one per task rather than two. Between two
// tasks the lane handles messages (reply, wake-up, the next arguments), so that work counts into the
// next reading; taskTimes() caps CPU + wait at the tasks' wall time, which bounds the error to their
// length.
let lastCpu = NaN;
let lastWait = NaN;
/** When the last reading was taken (machine-clock ms), and the wall time of the tasks ended since, not yet read. */
let lastReadAt = NaN;
let unreadWallMs = 0;

/**
 * A task that ends less than this after the lane's last reading is not read on its own: the next
 * reading covers it, and the engine shares that reading out by wall time (RepetitionRecorder). Reading
 * at every end would cost a no-op task a quarter of its time; at most one reading per millisecond of
 * lane time costs under 1%, and tasks of 1 ms and more are each still read on their own.
 */
export const READ_EVERY_MS = 1;

/** A fresh baseline, after work that is no task's (loading, receiving a batch chunk). */
export function rebaseTimes(): void {
  if (readThreadTimes()) {
    lastCpu = threadTimes.cpuMs;
    lastWait = threadTimes.waitMs;
  } else {
    lastCpu = lastWait = NaN;
  }
  lastReadAt = machineNow();
  unreadWallMs = 0;
}

export function taskTimes(out: TaskNumbers, at: number, endedAt: number, wallMs: number, mustRead: boolean): void {
  unreadWallMs += wallMs;
  if (!mustRead && endedAt - lastReadAt < READ_EVERY_MS) {
    out[at + T_CPU] = out[at + T_WAIT] = IN_NEXT_READING;
    return;
  }
  const wall = unreadWallMs;
  lastReadAt = endedAt;
  unreadWallMs = 0;
  if (!readThreadTimes()) {
    out[at + T_CPU] = out[at + T_WAIT] = NaN;
    return;
  }
  const cpu = threadTimes.cpuMs - lastCpu;
  const wait = threadTimes.waitMs - lastWait;
  lastCpu = threadTimes.cpuMs;
  lastWait = threadTimes.waitMs;
  // A thread cannot run or queue for longer than its tasks lasted: the excess is the gaps between them.
  const c = cpu > wall ? wall : cpu < 0 ? 0 : cpu;
  const room = wall - c;
  out[at + T_CPU] = c;
  out[at + T_WAIT] = wait > room ? room : wait < 0 ? 0 : wait;
}
