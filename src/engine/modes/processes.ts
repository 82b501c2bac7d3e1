// processes: the N tasks over K child processes, the counterpart of Python's multiprocessing, so a
// user sees what a process costs against a thread. dispatchedAt is when a task was sent to an idle
// child; at most K are out at once.
import { epochNow } from '../clock';
import { ProcessLanes } from './processPool';
import { RepetitionRecorder } from './repetition';
import { openSession, type LaneDriver } from './session';
import { taskArgSizes } from './taskArgs';
import type { ModeStarter, RepetitionResult } from './types';

export const startProcessesMode: ModeStarter = (o) => {
  const children = new ProcessLanes(o.lanes, o);
  const driver: LaneDriver = {
    get pids() {
      return children.pids;
    },
    start: () => children.start(),
    run: (taskArgs) => runOverChildren(children, o.lanes, taskArgs),
    destroy: () => children.destroy(),
  };
  return openSession('processes', o.lanes, o, driver);
};

function runOverChildren(children: ProcessLanes, lanes: number, taskArgs: readonly unknown[][]): Promise<RepetitionResult> {
  const n = taskArgs.length;
  let sizes: Float64Array;
  try {
    sizes = taskArgSizes(taskArgs);
  } catch (err) {
    return Promise.reject(err);
  }
  const rec = new RepetitionRecorder(epochNow());
  if (n === 0) return Promise.resolve(rec.finish(rec.startedAt));
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const fail = (err: unknown): void => {
      failed = true;
      reject(err);
    };
    const sendNext = (): void => {
      if (failed || next >= n) return;
      const index = next++;
      const dispatchedAt = epochNow();
      children.run(index, taskArgs[index] as unknown[]).then(({ reply, lane }) => {
        if (failed) return;
        done++;
        rec.add(reply.task, 0, lane, dispatchedAt, sizes[index], reply.fault);
        rec.addOutput(reply.output);
        if (done === n) {
          rec.console.add(children.takePipeOutput());
          resolve(rec.finish(epochNow()));
        } else sendNext();
      }, fail);
    };
    for (let k = 0; k < Math.min(lanes, n); k++) sendNext();
  });
}
