// The piscina worker module for the sequential, async and workers modes. It loads the user's module
// as soon as the thread starts (piscina imports this file at start-up) and answers four requests:
// probe (the engine waits for one per thread before start-up ends), run-one (its numbers written to
// the shared timings when the workers mode gives them, see LaneConfig.timings), run-chunk (consecutive
// tasks in one message), run-batch, and the CPU profiler's start and stop (laneProfiler.ts).
// Imports only node built-ins and the small runtime files: never vscode, never piscina.
import { threadId, workerData } from 'node:worker_threads';
import { captureLaneConsole, hasOutput, takeLaneOutput } from './laneConsole';
import { TASK_FIELDS, T_SLOT, type LaneConfig, type LaneReply, type LaneRequest, type LoadReport, type RunChunkReply, type RunOneReply, type RunOneShared } from '../lanes/wire';
import { runChunk, type ChunkEnd } from './chunkRunner';
import { runBatch } from './batchRunner';
import { currentTask, loadUserModule, runOne, type TaskEnd } from './taskRuntime';
import { installThreadGuards } from './threadGuards';
import { handleProfileRequest, meetAtBarrier } from './laneProfiler';

process.setSourceMapsEnabled?.(true);
installThreadGuards();
captureLaneConsole(currentTask);

const config = workerData as LaneConfig;
const loaded: Promise<LoadReport> = loadUserModule(config, threadId);
const timings = config.timings ? new Float64Array(config.timings) : undefined;
const sharedTasks = timings ? timings.length / TASK_FIELDS : 0;
let probed = false;

export default function handle(request: LaneRequest): LaneReply | Promise<LaneReply> {
  switch (request.kind) {
    case 'probe': {
      const first = !probed;
      probed = true;
      return loaded.then((load) => ({ kind: 'probe', load, first }));
    }
    case 'run-one': {
      // No async wrapper: a synchronous task answers without a promise of ours (piscina awaits anyway).
      const index = request.index;
      if (timings && index < sharedTasks) {
        // Which thread runs it, for the live view to read with its start (settle clears it; sharedReply sets it again).
        timings[index * TASK_FIELDS + T_SLOT] = threadId;
        const ran = runOne(index, request.args, timings, index * TASK_FIELDS, true, request.read === true);
        return ran instanceof Promise ? ran.then((e) => sharedReply(index, e)) : sharedReply(index, ran);
      }
      const task = new Array<number>(TASK_FIELDS).fill(0);
      const ran = runOne(index, request.args, task, 0, true, request.read === true);
      return ran instanceof Promise ? ran.then((e) => oneReply(task, e)) : oneReply(task, ran);
    }
    case 'run-chunk': {
      const ran = runChunk(request.first, request.args, request.read === true);
      return ran instanceof Promise ? ran.then(chunkReply) : chunkReply(ran);
    }
    case 'run-batch':
      return runBatch(request.style, request.tasks, request.port).then(() => ({ kind: 'run-batch', output: takeLaneOutput() }));
    case 'profile-start':
    case 'profile-stop':
      return handleProfileRequest(request, threadId).then((reply) => {
        meetAtBarrier(request.barrier, request.lanes);
        return reply;
      });
    default: {
      const never: never = request;
      throw new Error(`Unknown request ${JSON.stringify(never)}`);
    }
  }
}

/** The bare index when the task has nothing but its numbers to report (they are in the shared timings). */
function sharedReply(index: number, e: TaskEnd): RunOneShared | RunOneReply {
  const at = index * TASK_FIELDS;
  const t = timings as Float64Array;
  t[at + T_SLOT] = threadId;
  if (!e.result && !e.fault && !hasOutput()) return index;
  return oneReply(Array.from(t.subarray(at, at + TASK_FIELDS)), e);
}

function chunkReply(e: ChunkEnd): RunChunkReply {
  const reply: RunChunkReply = { kind: 'run-chunk', laneId: threadId, ...e };
  const output = takeLaneOutput();
  if (output.lines.length > 0 || output.droppedLines > 0) reply.output = output;
  return reply;
}

function oneReply(task: number[], e: TaskEnd): RunOneReply {
  const reply: RunOneReply = { kind: 'run-one', laneId: threadId, task };
  if (e.result) reply.result = e.result;
  if (e.fault) reply.fault = e.fault;
  const output = takeLaneOutput();
  if (output.lines.length > 0 || output.droppedLines > 0) reply.output = output;
  return reply;
}
