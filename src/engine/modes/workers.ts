// workers: the N tasks on a piscina pool of K threads, one task at a time per thread, each task its
// own message. At most 2K tasks are handed to piscina at once, so every thread has its next task
// queued (the dispatch round trip is hidden, as for a piscina user who submits everything) while
// arguments for 10,000 tasks are not all serialised up front. dispatchedAt is when a task was handed
// to piscina, so startedAt − dispatchedAt is queue wait plus transfer.
import { epochNow } from '../clock';
import type { RunOneReply } from '../entries/protocol';
import { RepetitionRecorder } from './repetition';
import { openSession, type LaneDriver } from './session';
import { serializeTaskArgs } from './taskArgs';
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
  const rec = new RepetitionRecorder(epochNow());
  if (n === 0) return Promise.resolve(rec.finish(rec.startedAt));
  const window = lanes * 2;
  return new Promise((resolve, reject) => {
    let next = 0;
    let inFlight = 0;
    let done = 0;
    let failed = false;
    const fail = (err: unknown): void => {
      failed = true;
      reject(err);
    };
    const pump = (): void => {
      while (!failed && inFlight < window && next < n) {
        const index = next++;
        const dispatchedAt = epochNow();
        let args: Uint8Array;
        try {
          args = serializeTaskArgs(index, taskArgs[index]);
        } catch (err) {
          fail(err);
          return;
        }
        inFlight++;
        threads.run({ kind: 'run-one', index, args }, index).then((reply) => {
          if (failed) return;
          const r = reply as RunOneReply;
          inFlight--;
          done++;
          rec.add(r.task, threads.laneOf.get(r.laneId) ?? -1, dispatchedAt, args.length);
          rec.console.add(r.output);
          if (done === n) resolve(rec.finish(epochNow()));
          else pump();
        }, fail);
      }
    };
    pump();
  });
}
