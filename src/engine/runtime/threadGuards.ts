// Inside a worker thread some process-wide calls would take the whole profiler (and VS Code's
// extension host) down with the user's code. Checked on Node 20: process.exit() and
// process.reallyExit() end only the calling worker thread, but process.abort() aborts the whole
// process, and process.kill(process.pid, …) signals it. These are replaced so they end only this
// thread, and each says what the user's code did before the thread ends (the engine names the task).
import { parentPort } from 'node:worker_threads';
import type { LastWords } from '../lanes/wire';
import { installKillGuard } from './killGuard';
import { currentTask } from './taskRuntime';

export function installThreadGuards(): void {
  const exit = process.exit.bind(process) as (code?: number) => never;
  const endThread = (what: string, exitCode: number): never => {
    const words: LastWords = { kind: 'last-words', what, exitCode };
    const task = currentTask();
    if (task !== undefined) words.task = task;
    // Messages posted before a worker exits are delivered before its 'exit' event.
    parentPort?.postMessage(words);
    return exit(exitCode);
  };

  process.exit = ((code?: number | string | null) => {
    const n = code === undefined || code === null ? (typeof process.exitCode === 'number' ? process.exitCode : 0) : Number(code);
    return endThread(`called process.exit(${code === undefined ? '' : String(code)})`, Number.isInteger(n) ? n : 1);
  }) as typeof process.exit;

  process.abort = (() => endThread('called process.abort()', 134)) as typeof process.abort;

  // process.ppid is whatever started the profiler (VS Code's server, a terminal): never the user's to signal.
  installKillGuard({
    protectedPids: () => ({ self: process.pid, parent: process.ppid }),
    refuse: (what, signal) => endThread(what, 128 + signalNumber(signal)),
  });
}

function signalNumber(signal: string | number | undefined): number {
  if (typeof signal === 'number') return signal;
  const known: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGTERM: 15 };
  return known[signal ?? 'SIGTERM'] ?? 15;
}
