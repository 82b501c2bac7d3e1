// The `chunk` option of the workers and processes modes: C consecutive tasks per message, run back to
// back in the lane, each timed on its own (runtime/chunkRunner.ts). What a piscina user gets by
// submitting arrays of inputs instead of one task per input: one message, one wake-up and one reply
// per chunk. `window` chunks are out at once (as the unchunked modes keep tasks out); each chunk's
// tasks share its dispatch time.
import type { RunChunkReply, WireError } from '../lanes/wire';
import { TASK_FIELDS } from '../lanes/wire';
import { machineNow } from '../runtime/clock';
import type { SpreadRun } from './repetition';

export type SendChunk = (first: number, args: unknown[][], read: boolean) => Promise<{ reply: RunChunkReply; lane: number }>;

export function dispatchChunks(run: SpreadRun, taskArgs: readonly unknown[][], chunk: number, window: number, send: SendChunk, failure: (err: unknown, first: number) => unknown): void {
  let next = 0;
  let inFlight = 0;
  // The chunks of the last window may each be a lane's last: their last task takes its CPU reading.
  const readFrom = run.n - window * chunk;
  const pump = (): void => {
    while (!run.failed() && inFlight < window && next < run.n) {
      const first = next;
      const end = Math.min(run.n, first + chunk);
      next = end;
      inFlight++;
      const dispatchedAt = machineNow();
      send(first, taskArgs.slice(first, end) as unknown[][], end > readFrom).then(({ reply, lane }) => {
        if (run.failed()) return;
        inFlight--;
        let faults: Map<number, WireError> | undefined;
        if (reply.faults) faults = new Map(reply.faults.map((f) => [f.index, f.failure]));
        run.rec.addOutput(reply.output);
        let more = true;
        for (let at = 0; at < reply.tasks.length; at += TASK_FIELDS) {
          const index = first + at / TASK_FIELDS;
          run.rec.add(reply.tasks, at, lane, dispatchedAt, run.sizes[index], faults?.get(index));
          more = run.done();
        }
        if (more) pump();
      }, (err: unknown) => run.fail(failure(err, first)));
    }
  };
  pump();
}
