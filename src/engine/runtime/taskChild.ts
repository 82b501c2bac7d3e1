// The child-process entry for the processes mode (forked with serialization 'advanced', so IPC uses
// structured clone). Loads the user's module at start, says 'ready', then runs one task (or one chunk of
// consecutive tasks) per message.
// Its configuration arrives as argv[2] (JSON). Imports only node built-ins and the runtime files.
import { installKillGuard } from './killGuard';
import { captureLaneConsole, takeLaneOutput } from './laneConsole';
import { TASK_FIELDS, type ChildMessage, type ChildRequest, type LaneConfig, type RunChunkReply, type RunOneReply } from '../lanes/wire';
import { runChunk, type ChunkEnd } from './chunkRunner';
import { currentTask, loadUserModule, runOne, type TaskEnd } from './taskRuntime';
import { handleProfileRequest } from './laneProfiler';

process.setSourceMapsEnabled?.(true);
captureLaneConsole(currentTask);
// The engine went away (crashed or killed): do not linger as an orphan holding user handles.
process.on('disconnect', () => process.exit(0));

// The parent is the profiler itself (in VS Code, the extension host): a task that signals it, or
// its process group, ends only this child, as process.exit would.
installKillGuard({
  // Its own pid is its own to signal: that ends only this child.
  protectedPids: () => ({ parent: process.ppid }),
  refuse: (what) => {
    process.stderr.write(`the task ${what}; only this child process ends\n`);
    return process.exit(137);
  },
});

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

const config = JSON.parse(process.argv[2] ?? '{}') as LaneConfig;
void loadUserModule(config, process.pid).then((load) => send({ kind: 'ready', load }));

process.on('message', (request: ChildRequest) => {
  if (request.kind === 'profile-start' || request.kind === 'profile-stop') {
    void handleProfileRequest(request, process.pid).then(send);
    return;
  }
  if (request.kind === 'run-chunk') {
    const ran = runChunk(request.first, request.args, request.read === true);
    if (ran instanceof Promise) void ran.then((e) => send(chunkReply(e)));
    else send(chunkReply(ran));
    return;
  }
  if (request.kind !== 'run-one') return;
  const task = new Array<number>(TASK_FIELDS).fill(0);
  const ran = runOne(request.index, request.args, task, 0, true, request.read === true);
  if (ran instanceof Promise) void ran.then((e) => send(reply(task, e)));
  else send(reply(task, ran));
});

function reply(task: number[], e: TaskEnd): RunOneReply {
  const r: RunOneReply = { kind: 'run-one', laneId: process.pid, task };
  if (e.result) r.result = e.result;
  if (e.fault) r.fault = e.fault;
  const output = takeLaneOutput();
  if (output.lines.length > 0 || output.droppedLines > 0) r.output = output;
  return r;
}

function chunkReply(e: ChunkEnd): RunChunkReply {
  const r: RunChunkReply = { kind: 'run-chunk', laneId: process.pid, ...e };
  const output = takeLaneOutput();
  if (output.lines.length > 0 || output.droppedLines > 0) r.output = output;
  return r;
}
