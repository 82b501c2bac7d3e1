// The words for a lane that died: which task, how, and what the user can do. One place, so every
// mode says it the same way.
import { loadAdvice } from './loadAdvice';
import { ProfilerError } from '../errors';
import type { LastWords, WireError } from './wire';

export type LaneKind = 'worker thread' | 'child process';

export interface LaneDeath {
  kind: LaneKind;
  /** The task that was running, when known. */
  task?: number;
  /** The tasks that were in flight when the one is not known (async mode). */
  inFlight?: number;
  outOfMemory?: boolean;
  memoryLimitMb: number;
  exitCode?: number | null;
  signal?: string | null;
  lastWords?: LastWords;
  /** An error raised outside any task (a timer callback, an unhandled rejection). */
  uncaught?: string;
  /** What a dead child printed last on stderr, e.g. its uncaught error. */
  stderrTail?: string;
}

export function laneDeathError(d: LaneDeath): ProfilerError {
  const task = d.lastWords?.task ?? d.task;
  const who = task !== undefined ? `task ${task}` : d.inFlight ? `one of ${d.inFlight} running tasks` : 'the user code';
  if (d.outOfMemory) {
    const where = task !== undefined ? `in task ${task}` : d.inFlight ? `while ${d.inFlight} tasks ran` : 'while the module loaded';
    return new ProfilerError('OUT_OF_MEMORY', `out of memory ${where} (limit ${d.memoryLimitMb} MB): the ${d.kind} was stopped. Raise the memory limit setting or make the task use less.`);
  }
  if (d.lastWords) {
    const guarded = d.lastWords.what.startsWith('called process.exit') ? '' : ', which would have ended the whole profiler, so only its thread was stopped';
    return new ProfilerError('WORKER_CRASHED', `${who} ended its ${d.kind}: it ${d.lastWords.what}${guarded}.`);
  }
  if (d.uncaught !== undefined) {
    return new ProfilerError('WORKER_CRASHED', `an error thrown outside any task's promise (a timer, an event handler or an unhandled rejection) ended the ${d.kind}${task !== undefined ? ` while task ${task} ran` : ''}: ${d.uncaught}`);
  }
  const how = d.signal ? `signal ${d.signal}${d.signal === 'SIGABRT' ? ' (process.abort() or a native crash)' : ''}` : `exit code ${d.exitCode ?? 'unknown'}`;
  const said = d.stderrTail ? lastErrorLine(d.stderrTail) : undefined;
  return new ProfilerError('WORKER_CRASHED', `${who} ended its ${d.kind} with ${how}${said ? `; it printed: ${said}` : ''}.`);
}

/** Node prints an uncaught error as "file:line", the source line, a caret, then "Name: message". */
function lastErrorLine(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => /^[\w.]*(Error|Exception)\b/.test(l));
  const line = lines[lines.length - 1];
  return line && line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** A lane that could not load the user's module: the factory's own code is kept when it has one. */
export function loadFailure(err: WireError): ProfilerError {
  const known = new Set(['CONSTRUCTOR_NEEDS_ARGUMENTS', 'FUNCTION_NOT_FOUND', 'UNSUPPORTED_FUNCTION']);
  const code = err.code && known.has(err.code) ? (err.code as 'CONSTRUCTOR_NEEDS_ARGUMENTS') : 'TASK_FAILED';
  const e = new ProfilerError(code, `Loading the function's module failed: ${err.name}: ${err.message}${loadAdvice(err)}`);
  if (err.stack) e.stack = err.stack;
  return e;
}
