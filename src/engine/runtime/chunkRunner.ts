// One chunk of consecutive tasks (the `chunk` option of the workers and processes modes): run back to
// back in this lane, each timed on its own exactly as runOne times a single task, so per-task numbers
// mean the same with and without chunks; only the messages between engine and lane are fewer.
// Synchronous while the user's function is, so a chunk of tiny tasks costs no promise per task.
import { TASK_FIELDS, type TaskFault } from '../lanes/wire';
import { runOne, type TaskEnd } from './taskRuntime';

export interface ChunkEnd {
  tasks: number[];
  faults?: TaskFault[];
  results?: Uint8Array[];
}

/** `mustRead`: read the CPU clock at the chunk's last task (it may be the lane's last). */
export function runChunk(first: number, argvs: unknown[][], mustRead: boolean): ChunkEnd | Promise<ChunkEnd> {
  const n = argvs.length;
  const out: ChunkEnd = { tasks: new Array<number>(n * TASK_FIELDS).fill(0) };
  const note = (k: number, e: TaskEnd): void => {
    if (e.fault) (out.faults ??= []).push({ index: first + k, failure: e.fault });
    if (e.result) (out.results ??= []).push(e.result);
  };
  const from = (start: number): ChunkEnd | Promise<ChunkEnd> => {
    for (let k = start; k < n; k++) {
      const ran = runOne(first + k, argvs[k], out.tasks, k * TASK_FIELDS, true, mustRead && k === n - 1);
      if (ran instanceof Promise) {
        return ran.then((e) => {
          note(k, e);
          return from(k + 1);
        });
      }
      note(k, ran);
    }
    return out;
  };
  return from(0);
}
