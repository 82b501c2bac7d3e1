// `parallelism-profiler worker FILE --function NAME --redis URL [--lanes K]`: lends this machine's
// cores to a queue-mode run started elsewhere with --remote-workers. Exit codes: 0 served (or
// stopped by Ctrl-C), 1 refused (its compiled module differs from the profiler's) or failed, 2 bad input.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { BadOptionError, isBadInput, ProfilerError, redisUrlHasPassword, runRemoteWorker, stopLocateService } from '../engine';

export const WORKER_USAGE = `Usage: parallelism-profiler worker FILE --function NAME --redis URL [--lanes K] [--once]

Joins a queue-mode run of NAME started elsewhere (parallelism-profiler FILE --function NAME --modes
queue --redis URL --remote-workers M) and runs its jobs on this machine. Run it in a checkout of the
same project at the same commit: it compiles FILE here, and before it takes a job it checks that its
compiled module's hash matches the profiler's; on a mismatch it refuses, says which file differs and
which copy is newer, and takes no job. It runs only code compiled from this checkout, never code
read from Redis.

Options:
  --function NAME   the function the run profiles (Class.method for methods)
  --redis URL       the run's Redis, as this machine reaches it (redis://host:port, rediss://);
                    default PARALLELISM_PROFILER_REDIS_URL. No password here: put it in
                    PARALLELISM_PROFILER_REDIS_PASSWORD
  --lanes K         BullMQ sandboxed children (or threads, as the run asks) here (default: logical cores)
  --once            serve one run, then exit (default: wait for the next run until Ctrl-C)
  --quiet           print only refusals and errors
  -h, --help        this text

Exit codes: 0 served a run (or stopped by Ctrl-C), 1 refused the run or failed, 2 bad input.`;

export async function workerMain(argv: string[], io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseWorkerArgs(argv, env);
  } catch (err) {
    io.err.write(`parallelism-profiler worker: ${(err as Error).message}\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.out.write(WORKER_USAGE + '\n');
    return 0;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const end = await runRemoteWorker({
      ...parsed, signal: controller.signal,
      say: (line) => {
        if (!parsed.quiet || line.startsWith('Refused')) (line.startsWith('Refused') ? io.err : io.out).write(`${line}\n`);
      },
    });
    return end === 'refused' ? 1 : 0;
  } catch (err) {
    io.err.write(`parallelism-profiler worker: ${err instanceof ProfilerError ? err.message : (err as Error).stack ?? String(err)}\n`);
    return isBadInput(err) ? 2 : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await stopLocateService();
  }
}

interface WorkerRequest {
  file: string;
  functionName: string;
  redis: { url: string; password?: string };
  lanes: number;
  once: boolean;
  quiet: boolean;
}

export function parseWorkerArgs(argv: string[], env: NodeJS.ProcessEnv): WorkerRequest | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        function: { type: 'string' }, redis: { type: 'string' }, lanes: { type: 'string' },
        once: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new BadOptionError(`${(err as Error).message}\n\n${WORKER_USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) throw new BadOptionError(`Give exactly one FILE (got ${parsed.positionals.length}).\n\n${WORKER_USAGE}`);
  if (!v.function) throw new BadOptionError(`Say which function: --function NAME.\n\n${WORKER_USAGE}`);
  if (v.redis !== undefined && redisUrlHasPassword(v.redis)) {
    throw new BadOptionError('--redis must not carry a password (the command line is visible to other users and kept in shell history): give the URL without it and put the password in PARALLELISM_PROFILER_REDIS_PASSWORD, or the whole URL in PARALLELISM_PROFILER_REDIS_URL.');
  }
  const url = v.redis ?? (env.PARALLELISM_PROFILER_REDIS_URL || undefined);
  if (url === undefined) throw new BadOptionError('Say where the run\'s Redis is: --redis redis://HOST:PORT (as this machine reaches it), or PARALLELISM_PROFILER_REDIS_URL.');
  const password = env.PARALLELISM_PROFILER_REDIS_PASSWORD || undefined;
  let lanes = availableParallelism();
  if (v.lanes !== undefined) {
    if (!/^\d+$/.test(v.lanes.trim()) || Number(v.lanes) < 1 || Number(v.lanes) > 1024) throw new BadOptionError(`--lanes must be a whole number from 1 to 1024 (got ${JSON.stringify(v.lanes)})`);
    lanes = Number(v.lanes);
  }
  return { file: parsed.positionals[0], functionName: v.function, redis: { url, ...(password ? { password } : {}) }, lanes, once: v.once === true, quiet: v.quiet === true };
}
