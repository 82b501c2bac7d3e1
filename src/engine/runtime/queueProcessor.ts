// The queue mode's BullMQ sandboxed processor. BullMQ's own child (a process by default, a worker
// thread with useWorkerThreads) import()s a small per-run file that calls processorFor(config) from
// here, so the configuration never travels through Redis: a worker runs only the module it was told
// to load on its own machine. The user's module is loaded once per child, as the other lanes load it,
// and each job is timed by the same runOne on the same clock. Job data and return values cross as
// JSON (BullMQ's way), so NaN (a number not known) travels as null.
// Lane code: imports only node built-ins and the runtime files.
import { hostname } from 'node:os';
import { meetInFolder } from './folderBarrier';
import { handleProfileRequest } from './laneProfiler';
import { isMainThread, threadId } from 'node:worker_threads';
import { captureLaneConsole, takeLaneOutput } from './laneConsole';
import { installKillGuard } from './killGuard';
import { currentTask, loadUserModule, runOne } from './taskRuntime';
import { machineNow, wallNow } from './clock';
import { TASK_FIELDS, type LaneConfig, type LoadReport, type QueueJobData, type QueueJobReturn } from '../lanes/wire';

/** The part of a BullMQ Job the processor reads. */
interface JobLike {
  data: QueueJobData;
  attemptsStarted?: number;
  attemptsMade?: number;
}

let loading: Promise<LoadReport> | undefined;

export function processorFor(config: LaneConfig): (job: JobLike) => Promise<QueueJobReturn> {
  process.setSourceMapsEnabled?.(true);
  captureLaneConsole(currentTask);
  const laneId = isMainThread ? process.pid : threadId;
  // The parent is the profiler (or a `worker` command): a task that signals it ends only this lane.
  installKillGuard({
    protectedPids: () => (isMainThread ? { parent: process.ppid } : { self: process.pid, parent: process.ppid }),
    refuse: (what) => {
      process.stderr.write(`the task ${what}; only this lane ends\n`);
      return process.exit(137);
    },
  });
  // A lane is a child process of its BullMQ Worker: when that Worker's process dies (a `worker`
  // command killed), the channel closes and nothing can hear this lane's results any more. Left alone,
  // such orphans kept running at 40% of a core each (seen after a killed worker, 9 minutes on).
  if (isMainThread && typeof process.send === 'function') process.once('disconnect', () => process.exit(0));
  loading ??= loadUserModule(config, laneId);
  const base = {
    laneId, host: hostname(), pid: process.pid, ...(isMainThread ? {} : { thread: true as const }),
    // A child's parent, or the process holding the thread, is the `worker` command.
    ...(config.remote ? { remoteWorkerPid: isMainThread ? process.ppid : process.pid } : {}),
  };
  return async (job) => {
    const load = await loading!;
    const data = job.data;
    if (data.kind === 'warm') {
      if (data.holdMs) await new Promise((r) => setTimeout(r, data.holdMs));
      return { ...base, load: jsonSafeLoad(load) };
    }
    if (data.kind === 'profile') {
      // Held until all K lanes hold one: a BullMQ child takes one job at a time, so each lane gets one.
      await meetInFolder(data.meet, laneId, data.lanes);
      return { ...base, profile: await handleProfileRequest(data.request, laneId) };
    }
    // Named so BullMQ does not retry it (job.js shouldRetryJob): a module that failed to load fails again.
    if (load.error) throw Object.assign(new Error(`${load.error.name}: ${load.error.message}`), { name: 'UnrecoverableError' });
    const task = new Array<number>(TASK_FIELDS).fill(0);
    // The CPU clock is read as in the other lanes: at most once a millisecond of lane time, shorter jobs
    // sharing the next reading. Which job is a lane's last is known only to BullMQ, so the last jobs
    // under 1 ms of each lane keep no CPU (unknown). Reading at every job cost 0.1-0.2 ms a no-op job
    // here (bench row 14: 1.24-1.26x a bare BullMQ worker against 1.13x without).
    const end = await runOne(data.index, data.args, task, 0, false, false);
    const reply: QueueJobReturn = { ...base, task: task.map((v) => (v === v ? v : (null as unknown as number))) };
    // attemptsStarted counts this start too: above 1, a stalled job was handed to this lane again.
    const started = job.attemptsStarted ?? 0;
    if (started > 1) reply.attempt = started;
    if (config.remote) reply.clock = wallNow() - machineNow();
    if (end.fault) reply.fault = end.fault;
    const output = takeLaneOutput();
    if (output.lines.length > 0 || output.droppedLines > 0) reply.output = output;
    return reply;
  };
}

/** A load report without what JSON cannot carry (a descriptor is meaningless on another machine anyway). */
function jsonSafeLoad(load: LoadReport): LoadReport {
  const { cpuFile: _cpuFile, ...rest } = load;
  return rest;
}
