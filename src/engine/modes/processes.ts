// processes: the N tasks over K child processes, the counterpart of Python's multiprocessing, so a
// user sees what a process costs against a thread. dispatchedAt is when a task was sent to an idle
// child; at most K are out at once.
import { machineNow } from '../runtime/clock';
import { ProcessLanes } from '../lanes/processPool';
import { dispatchChunks } from './chunked';
import { spreadRepetition } from './repetition';
import { openSession, type LaneDriver } from './session';
import type { ModeStarter, RepetitionResult, TaskSink } from './types';

export const startProcessesMode: ModeStarter = (o) => {
  const children = new ProcessLanes(o.lanes, o);
  const driver: LaneDriver = {
    get pids() {
      return children.pids;
    },
    osThreadIds: children.osThreadIds,
    start: () => children.start(),
    run: (taskArgs, onTask) =>
      (o.chunk ?? 1) > 1 ? runChunked(children, o.lanes, o.chunk ?? 1, taskArgs, onTask) : runOverChildren(children, o.lanes, taskArgs, onTask),
    profileLanes: (request) => children.profileLanes(request),
    laneIndex: (pid) => children.laneOfPid(pid),
    destroy: () => children.destroy(),
  };
  return openSession('processes', o.lanes, o, driver);
};

function runOverChildren(children: ProcessLanes, lanes: number, taskArgs: readonly unknown[][], onTask?: TaskSink): Promise<RepetitionResult> {
  return spreadRepetition(
    taskArgs,
    (run) => {
      let next = 0;
      const sendNext = (): void => {
        if (run.failed() || next >= run.n) return;
        const index = next++;
        const dispatchedAt = machineNow();
        // The last K tasks may each be a child's last: they take their CPU reading at once.
        children.run(index, taskArgs[index] as unknown[], index >= run.n - lanes).then(({ reply, lane }) => {
          if (run.failed()) return;
          run.rec.add(reply.task, 0, lane, dispatchedAt, run.sizes[index], reply.fault);
          run.rec.addOutput(reply.output);
          if (run.done()) sendNext();
        }, run.fail);
      };
      onTask?.watchRunning?.(() => children.running());
      for (let k = 0; k < Math.min(lanes, run.n); k++) sendNext();
    },
    (rec) => rec.console.add(children.takePipeOutput()),
    onTask,
  );
}

/** At most K chunks out at once, as at most K tasks are unchunked: a child takes its next only when idle. */
function runChunked(children: ProcessLanes, lanes: number, chunk: number, taskArgs: readonly unknown[][], onTask?: TaskSink): Promise<RepetitionResult> {
  return spreadRepetition(
    taskArgs,
    (run) => dispatchChunks(run, taskArgs, chunk, lanes, (first, args, read) => children.runChunk(first, args, read), (err) => err),
    (rec) => rec.console.add(children.takePipeOutput()),
    onTask,
  );
}
