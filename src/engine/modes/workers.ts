// workers: the N tasks on a piscina pool of K threads, one task at a time per thread, each task its
// own message. At most 2K tasks are handed to piscina at once, so every thread has its next task
// queued (the dispatch round trip is hidden, as for a piscina user who submits everything) while
// 10,000 tasks are not all queued up front. dispatchedAt is when a task was handed to piscina, so
// startedAt − dispatchedAt is queue wait plus transfer. Per task the engine adds little to what
// piscina does: no closure of its own per reply, no serialisation (postMessage clones the arguments),
// one record.
import { epochNow } from '../clock';
import type { LaneReply, RunOneReply } from '../entries/protocol';
import { RepetitionRecorder } from './repetition';
import { openSession, type LaneDriver } from './session';
import { taskArgSizes } from './taskArgs';
import { ThreadLanes } from './threadPool';
import type { ModeStarter, RepetitionResult } from './types';

export const startWorkersMode: ModeStarter = (o) => {
  const threads = new ThreadLanes(o.lanes, o);
  const driver: LaneDriver = {
    pids: [],
    start: () => threads.start(),
    run: (taskArgs) => runSpread(threads, o.lanes, taskArgs),
    destroy: () => threads.destroy(),
  };
  return openSession('workers', o.lanes, o, driver);
};

function runSpread(threads: ThreadLanes, lanes: number, taskArgs: readonly unknown[][]): Promise<RepetitionResult> {
  const n = taskArgs.length;
  let sizes: Float64Array;
  try {
    sizes = taskArgSizes(taskArgs);
  } catch (err) {
    return Promise.reject(err);
  }
  const rec = new RepetitionRecorder(epochNow());
  if (n === 0) return Promise.resolve(rec.finish(rec.startedAt));
  const window = lanes * 2;
  const dispatchedAt = new Float64Array(n);
  return new Promise((resolve, reject) => {
    let next = 0;
    let inFlight = 0;
    let done = 0;
    let failed = false;
    const fail = (err: unknown): void => {
      failed = true;
      reject(err);
    };
    const onReply = (reply: LaneReply): void => {
      if (failed) return;
      const r = reply as RunOneReply;
      inFlight--;
      done++;
      const index = r.task[0];
      rec.add(r.task, 0, threads.laneOf.get(r.laneId) ?? -1, dispatchedAt[index], sizes[index], r.fault);
      rec.addOutput(r.output);
      if (done === n) resolve(rec.finish(epochNow()));
      else pump();
    };
    const pump = (): void => {
      while (!failed && inFlight < window && next < n) {
        const index = next++;
        dispatchedAt[index] = epochNow();
        inFlight++;
        threads.runRaw({ kind: 'run-one', index, args: taskArgs[index] as unknown[] }).then(onReply, (err: unknown) => fail(threads.failure(err, index)));
      }
    };
    pump();
  });
}
