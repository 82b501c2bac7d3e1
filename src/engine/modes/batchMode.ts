// sequential and async: one worker thread runs the whole repetition as one batch, so the engine's
// messages cost per chunk of tasks, not per task. The arguments stream to the thread in chunks of at
// most CHUNK_TASKS tasks or CHUNK_BYTES bytes over a MessagePort of the batch's own, two chunks ahead
// at most (the thread acknowledges each as it takes it), and the reports stream back as tasks finish;
// result values never leave the thread (their sizes do). Memory stays bounded by the chunk whatever N:
// one message holding every task's arguments and results peaked at 267 MB RSS for 10,000 tasks.
// sequential: the next chunk already waits in the port when one ends, so a chunk boundary adds only
// the cost of taking it (what decoding each task's arguments cost before). async: every chunk is taken
// before any task starts, since all N start together. Every task is dispatched when the batch is.
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { ModeName } from '../../shared/report/report';
import { machineNow } from '../runtime/clock';
import { TASK_FIELDS, T_INDEX, T_SLOT, type BatchChunk, type BatchMessage, type BatchStyle, type RunBatchReply, type WireError } from '../lanes/wire';
import { RepetitionRecorder } from './repetition';
import { openSession, type LaneDriver } from './session';
import { taskArgSizes } from '../arguments/argumentSizes';
import { ThreadLanes } from '../lanes/threadPool';
import type { ModeSession, ModeStartOptions, RepetitionResult, TaskSink } from './types';

export const CHUNK_TASKS = 1000;
export const CHUNK_BYTES = 16 * 1024 * 1024;

export function startBatchMode(style: BatchStyle & ModeName, o: ModeStartOptions): Promise<ModeSession> {
  const threads = new ThreadLanes(1, o);
  const driver: LaneDriver = {
    pids: [],
    osThreadIds: threads.osThreadIds,
    start: () => threads.start(),
    run: (taskArgs, onTask) => runBatch(threads, style, taskArgs, onTask),
    profileLanes: (request) => threads.profileLanes(request),
    laneIndex: (id) => threads.laneOf.get(id),
    destroy: () => threads.destroy(),
  };
  return openSession(style, 1, o, driver);
}

async function runBatch(threads: ThreadLanes, style: BatchStyle, taskArgs: readonly unknown[][], onTask?: TaskSink): Promise<RepetitionResult> {
  const n = taskArgs.length;
  const sizes = taskArgSizes(taskArgs);
  const dispatchedAt = machineNow();
  const rec = new RepetitionRecorder(dispatchedAt, n, onTask);
  if (n === 0) return rec.finish(dispatchedAt);
  const { port1, port2 } = new MessageChannel();
  let next = 0;
  let reported = 0;
  const sendChunk = (): void => {
    if (next >= n) return;
    let end = next + 1;
    let bytes = sizes[next];
    while (end < n && end - next < CHUNK_TASKS && bytes + sizes[end] <= CHUNK_BYTES) bytes += sizes[end++];
    const chunk: BatchChunk = { first: next, args: taskArgs.slice(next, end) as unknown[][] };
    next = end;
    port1.postMessage(chunk);
  };
  const onMessage = (m: BatchMessage): void => {
    if (m.kind === 'ack') {
      sendChunk();
      return;
    }
    let faults: Map<number, WireError> | undefined;
    if (m.faults) faults = new Map(m.faults.map((f) => [f.index, f.failure]));
    for (let at = 0; at < m.tasks.length; at += TASK_FIELDS) {
      const index = m.tasks[at + T_INDEX];
      const slot = m.tasks[at + T_SLOT];
      rec.add(m.tasks, at, slot === slot ? slot : 0, dispatchedAt, sizes[index], faults?.get(index));
      reported++;
    }
  };
  port1.on('message', onMessage);
  sendChunk();
  sendChunk();
  try {
    const reply = (await threads.run({ kind: 'run-batch', style, tasks: n, port: port2 }, undefined, [port2])) as RunBatchReply;
    // The reply came on piscina's port, the reports on ours: take any report still queued on ours.
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) onMessage(m.message as BatchMessage);
    const endedAt = machineNow();
    if (reported !== n) throw new Error(`The ${style} lane reported ${reported} of ${n} tasks.`);
    rec.addOutput(reply.output);
    return rec.finish(endedAt);
  } finally {
    port1.close();
  }
}
