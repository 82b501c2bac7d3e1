// workers: the N tasks on a piscina pool of K threads, one task at a time per thread, each task its
// own message. At most 2K tasks are handed to piscina at once, so every thread has its next task
// queued (the dispatch round trip is hidden, as for a piscina user who submits everything) while
// 10,000 tasks are not all queued up front. dispatchedAt is when a task was handed to piscina, so
// startedAt − dispatchedAt is queue wait plus transfer. Per task the engine adds little to what
// piscina does: no closure of its own per reply, no serialisation (postMessage clones the arguments),
// one record.
import { epochNow } from '../clock';
import type { LaneReply, RunOneReply, RunOneRequest } from '../entries/protocol';
import { spreadRepetition } from './repetition';
import { openSession, type LaneDriver } from './session';
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
  const window = lanes * 2;
  return spreadRepetition(taskArgs, (run) => {
    const dispatchedAt = new Float64Array(run.n);
    let next = 0;
    let inFlight = 0;
    const onReply = (reply: LaneReply): void => {
      if (run.failed()) return;
      const r = reply as RunOneReply;
      inFlight--;
      const index = r.task[0];
      run.rec.add(r.task, 0, threads.laneOf.get(r.laneId) ?? -1, dispatchedAt[index], run.sizes[index], r.fault);
      run.rec.addOutput(r.output);
      if (run.done()) pump();
    };
    // The tasks of the last window may each be a thread's last: they take their CPU reading at once.
    const readFrom = run.n - window;
    const pump = (): void => {
      while (!run.failed() && inFlight < window && next < run.n) {
        const index = next++;
        dispatchedAt[index] = epochNow();
        inFlight++;
        const args = taskArgs[index] as unknown[];
        const request: RunOneRequest = index >= readFrom ? { kind: 'run-one', index, args, read: true } : { kind: 'run-one', index, args };
        threads.runRaw(request).then(onReply, (err: unknown) => run.fail(threads.failure(err, index)));
      }
    };
    pump();
  });
}
