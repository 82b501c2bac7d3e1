// The task runner every lane shares, thread or process: one call of the user's function timed on the
// shared clock, its CPU reading (cpuReadings.ts) and its result (taskResult.ts) recorded, and which
// task is running (for console output and for the engine's view of a lane that dies). Module loading
// is moduleLoader.ts; sequential and async batches are batchRunner.ts.
import { machineNow } from './clock';
import { taskTimes } from './cpuReadings';
import { isThenable, loadUserModule as loadModuleOfLane, userFunction } from './moduleLoader';
import { finish, type TaskEnd } from './taskResult';
import { T_CPU, T_ENDED, T_INDEX, T_SLOT, T_STARTED, T_WAIT, type LaneConfig, type LoadReport, type TaskNumbers } from '../lanes/wire';

export type { TaskEnd } from './taskResult';

/** Tasks started and not yet ended, in start order. */
const running = new Set<number>();
/** The task whose synchronous part is executing right now, if any. */
let syncTask: number | undefined;
let progress: Int32Array | undefined;

/**
 * The task that console output belongs to: certain while a task's synchronous part runs or while
 * only one task is in flight; unknown when async tasks interleave. (AsyncLocalStorage would tell,
 * but it turns on promise hooks, which slow promise-heavy code and so would skew the async mode.)
 */
export function currentTask(): number | undefined {
  if (syncTask !== undefined) return syncTask;
  if (running.size === 1) return running.values().next().value;
  return undefined;
}

/** Loads the user's module (moduleLoader.ts) and shares the lane's progress cells with the engine. */
export function loadUserModule(config: LaneConfig, laneId: number): Promise<LoadReport> {
  if (config.progress) progress = new Int32Array(config.progress);
  return loadModuleOfLane(config, laneId);
}

/** Marks the task whose synchronous part runs now (undefined once it returned). */
export function setSyncTask(index: number | undefined): void {
  syncTask = index;
}

/**
 * One task: writes its TASK_FIELDS numbers into `out` at `at`. Synchronous when the user's function
 * is (no promise per task); a promise when it returned one. With `keepResult` the result's
 * structured-clone bytes are returned; otherwise only their size is kept. `mustRead`: read the CPU
 * clock at its end however short it was (the lane's last task, so no task waits for a later reading).
 */
export function runOne(index: number, argv: unknown[], out: TaskNumbers, at: number, keepResult: boolean, mustRead: boolean): TaskEnd | Promise<TaskEnd> {
  const fn = userFunction();
  begin(index);
  const startedAt = machineNow();
  // Written now as well as at the end: in the workers mode's shared table the engine can see it start.
  out[at + T_STARTED] = startedAt;
  let value: unknown;
  try {
    syncTask = index;
    value = fn(...argv);
  } catch (err) {
    syncTask = undefined;
    return settle(index, startedAt, out, at, keepResult, undefined, { err }, mustRead);
  }
  syncTask = undefined;
  if (!isThenable(value)) return settle(index, startedAt, out, at, keepResult, value, undefined, mustRead);
  return Promise.resolve(value).then(
    (v) => settle(index, startedAt, out, at, keepResult, v, undefined, mustRead),
    (err: unknown) => settle(index, startedAt, out, at, keepResult, undefined, { err }, mustRead),
  );
}

/** `timed`: true or false reads the CPU clock as taskTimes() decides (true: whatever the length); undefined: no CPU for this task. */
export function settle(index: number, startedAt: number, out: TaskNumbers, at: number, keepResult: boolean, value: unknown, thrown: { err: unknown } | undefined, timed: boolean | undefined): TaskEnd {
  const endedAt = machineNow();
  out[at + T_INDEX] = index;
  out[at + T_STARTED] = startedAt;
  out[at + T_ENDED] = endedAt;
  if (timed !== undefined) taskTimes(out, at, endedAt, endedAt - startedAt, timed);
  else out[at + T_CPU] = out[at + T_WAIT] = NaN;
  out[at + T_SLOT] = NaN;
  end(index);
  return finish(index, out, at, keepResult, value, thrown);
}

export function begin(index: number): void {
  running.add(index);
  if (progress) {
    Atomics.store(progress, 0, index + 1);
    Atomics.add(progress, 1, 1);
  }
}

function end(index: number): void {
  running.delete(index);
  if (progress) Atomics.sub(progress, 1, 1);
}
