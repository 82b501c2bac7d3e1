// workers: the N tasks on a piscina pool of K threads, one task at a time per thread, each task its own
// message (with the `chunk` option, C consecutive tasks a message: chunked.ts). At most 4K tasks are
// handed to piscina at once, so every thread has its next tasks queued (the dispatch round trip is
// hidden, as for a piscina user who submits everything) while 10,000 tasks are not all queued up front.
// dispatchedAt is when a task was handed to piscina, so startedAt − dispatchedAt is queue wait plus
// transfer. Per task the engine adds little to what piscina does: no closure of its own per reply, no
// serialisation (postMessage clones the arguments), a reply that is the bare task index (its numbers
// are in a table shared with the threads, see LaneConfig.timings), one row of the repetition's table.
// Bench row 3: 1.12–1.14× a bare pool (floor 1.05).
import { machineNow } from '../runtime/clock';
import { TASK_FIELDS, T_SLOT, T_STARTED, type LaneReply, type RunChunkReply, type RunChunkRequest, type RunOneReply, type RunOneRequest } from '../lanes/wire';
import { dispatchChunks } from './chunked';
import { spreadRepetition } from './repetition';
import { openSession, type LaneDriver } from './session';
import { ThreadLanes } from '../lanes/threadPool';
import type { ModeStarter, RepetitionResult, TaskSink } from './types';

/** A bound on the shared table: 5.6 MB at 100,000 tasks (7 numbers of 8 bytes each); past it, a reply per task. */
const MAX_SHARED_TASKS = 100_000;

export const startWorkersMode: ModeStarter = (o) => {
  const chunk = o.chunk ?? 1;
  // A chunk's reply carries its tasks' numbers itself: the shared table is for one task a message.
  const threads = new ThreadLanes(o.lanes, o, chunk > 1 ? 0 : Math.min(o.taskCapacity ?? 0, MAX_SHARED_TASKS));
  const driver: LaneDriver = {
    pids: [],
    osThreadIds: threads.osThreadIds,
    start: () => threads.start(),
    run: (taskArgs, onTask) => (chunk > 1 ? runChunked(threads, o.lanes, chunk, taskArgs, onTask) : runSpread(threads, o.lanes, taskArgs, onTask)),
    profileLanes: (request) => threads.profileLanes(request),
    laneIndex: (id) => threads.laneOf.get(id),
    destroy: () => threads.destroy(),
  };
  return openSession('workers', o.lanes, o, driver);
};

function runSpread(threads: ThreadLanes, lanes: number, taskArgs: readonly unknown[][], onTask?: TaskSink): Promise<RepetitionResult> {
  // Four tasks a thread handed over at once. At two (one running, one queued) the engine's thread
  // cost 41.6 µs a no-op task against 32.7 µs for a bare piscina pool given all of them (bench row 3,
  // 1.27); at four 37–38 µs (1.12–1.14), the same as eight: each reply then finds piscina's queue
  // still holding work for the thread that sent it. Still bounded: 10,000 tasks are not all queued.
  const window = lanes * 4;
  return spreadRepetition(taskArgs, (run) => {
    const dispatchedAt = new Float64Array(run.n);
    let next = 0;
    let inFlight = 0;
    const shared = threads.timings;
    // With a live view: which of the tasks handed over have replied, so the running ones can be told.
    const replied = onTask?.watchRunning && shared ? new Uint8Array(run.n) : undefined;
    let oldest = 0;
    const onReply = (reply: LaneReply): void => {
      if (run.failed()) return;
      inFlight--;
      if (typeof reply === 'number') {
        if (replied) replied[reply] = 1;
        // Only the index: the thread wrote the task's numbers into the shared timings before answering.
        const at = reply * TASK_FIELDS;
        const t = shared as Float64Array;
        run.rec.add(t, at, threads.laneOf.get(t[at + T_SLOT]) ?? -1, dispatchedAt[reply], run.sizes[reply]);
      } else {
        const r = reply as RunOneReply;
        const index = r.task[0];
        if (replied) replied[index] = 1;
        run.rec.add(r.task, 0, threads.laneOf.get(r.laneId) ?? -1, dispatchedAt[index], run.sizes[index], r.fault);
        run.rec.addOutput(r.output);
      }
      if (run.done()) pump();
    };
    // The tasks of the last window may each be a thread's last: they take their CPU reading at once.
    // Mostly they are; a thread descheduled on an earlier task can also end on it, while the others
    // run the window: its trailing tasks then keep no CPU (RepetitionRecorder.finish).
    const readFrom = run.n - window;
    const pump = (): void => {
      while (!run.failed() && inFlight < window && next < run.n) {
        const index = next++;
        dispatchedAt[index] = machineNow();
        inFlight++;
        const args = taskArgs[index] as unknown[];
        const request: RunOneRequest = index >= readFrom ? { kind: 'run-one', index, args, read: true } : { kind: 'run-one', index, args };
        threads.runRaw(request).then(onReply, (err: unknown) => run.fail(threads.failure(err, index)));
      }
    };
    if (replied && shared) {
      // A thread writes a task's start and its own id into the shared table as it begins it.
      onTask!.watchRunning!(() => {
        while (oldest < next && replied[oldest]) oldest++;
        const out: number[] = [];
        for (let i = oldest; i < next && (i + 1) * TASK_FIELDS <= shared.length; i++) {
          if (replied[i]) continue;
          const at = i * TASK_FIELDS;
          const started = shared[at + T_STARTED];
          const lane = threads.laneOf.get(shared[at + T_SLOT]);
          // A start before this dispatch is the previous repetition's: this one has not begun.
          if (lane !== undefined && started >= dispatchedAt[i]) out.push(i, lane, started);
        }
        return out;
      });
    }
    pump();
  }, undefined, onTask);
}

function runChunked(threads: ThreadLanes, lanes: number, chunk: number, taskArgs: readonly unknown[][], onTask?: TaskSink): Promise<RepetitionResult> {
  return spreadRepetition(taskArgs, (run) => {
    dispatchChunks(run, taskArgs, chunk, lanes * 2, (first, args, read) => {
      const request: RunChunkRequest = read ? { kind: 'run-chunk', first, args, read: true } : { kind: 'run-chunk', first, args };
      return threads.runRaw(request).then((reply) => {
        const r = reply as RunChunkReply;
        return { reply: r, lane: threads.laneOf.get(r.laneId) ?? -1 };
      });
    }, (err, first) => threads.failure(err, chunk === 1 ? first : undefined));
  }, undefined, onTask);
}
