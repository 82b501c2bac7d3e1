// sequential and async: one worker thread runs the whole repetition as one batch, so the engine's
// messages cost once per repetition, not once per task. Every task is dispatched when the batch is.
import type { ModeName } from '../../shared/report';
import { epochNow } from '../clock';
import type { BatchStyle, RunBatchReply } from '../entries/protocol';
import { RepetitionRecorder } from './repetition';
import { openSession, type LaneDriver } from './session';
import { serializeTaskArgs } from './taskArgs';
import { ThreadLanes } from './threadPool';
import type { ModeSession, ModeStartOptions, RepetitionResult } from './types';

export function startBatchMode(style: BatchStyle & ModeName, o: ModeStartOptions): Promise<ModeSession> {
  const threads = new ThreadLanes(1, o);
  const driver: LaneDriver = {
    pids: [],
    start: () => threads.start(),
    run: (taskArgs) => runBatch(threads, style, taskArgs),
    destroy: () => threads.destroy(),
  };
  return openSession(style, 1, o, driver);
}

async function runBatch(threads: ThreadLanes, style: BatchStyle, taskArgs: readonly unknown[][]): Promise<RepetitionResult> {
  const dispatchedAt = epochNow();
  const args = taskArgs.map((a, i) => serializeTaskArgs(i, a));
  const indices = taskArgs.map((_, i) => i);
  const reply = (await threads.run({ kind: 'run-batch', style, indices, args })) as RunBatchReply;
  const endedAt = epochNow();
  const rec = new RepetitionRecorder(dispatchedAt);
  for (const t of reply.tasks) rec.add(t, t.slot ?? 0, dispatchedAt, args[t.index].length);
  rec.console.add(reply.output);
  return rec.finish(endedAt);
}
