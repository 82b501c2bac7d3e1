// Every error the engine raises on purpose, with a code the CLI maps to an exit code
// and the extension maps to where a VS Code user looks (Problems panel, notification, panel).
import { formatLimit } from '../shared/wording/format';
import type { ErrorInfo } from '../shared/report/report';
import { REPORT_LIMITS } from '../shared/validation/validate';

export type ProfilerErrorCode =
  | 'FUNCTION_NOT_FOUND'
  | 'UNSUPPORTED_FUNCTION'
  | 'FILE_NOT_FOUND'
  | 'COMPILE_ERROR'
  | 'BAD_OPTION'
  | 'BAD_ARGUMENTS'
  | 'UNCLONABLE'
  | 'CONSTRUCTOR_NEEDS_ARGUMENTS'
  | 'TASK_FAILED'
  | 'WORKER_CRASHED'
  | 'TIMEOUT'
  | 'OUT_OF_MEMORY'
  | 'CANCELLED'
  | 'BUSY'
  | 'QUEUE_UNAVAILABLE'
  | 'QUEUE_NOT_EMPTY'
  | 'REDIS_GONE'
  | 'REMOTE_WORKERS_MISSING'
  | 'MODULE_MISMATCH';

/** Codes that mean the user's input was wrong (CLI exit code 2), as opposed to their function failing (exit 1). */
export const BAD_INPUT_CODES: ReadonlySet<ProfilerErrorCode> = new Set([
  'FUNCTION_NOT_FOUND', 'UNSUPPORTED_FUNCTION', 'FILE_NOT_FOUND', 'COMPILE_ERROR',
  'BAD_OPTION', 'BAD_ARGUMENTS', 'UNCLONABLE', 'CONSTRUCTOR_NEEDS_ARGUMENTS', 'QUEUE_NOT_EMPTY',
]);

export class ProfilerError extends Error {
  constructor(readonly code: ProfilerErrorCode, message: string, readonly location?: SourceLocation) {
    super(message);
    this.name = 'ProfilerError';
  }
}

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class CompileError extends ProfilerError {
  constructor(
    readonly diagnostics: Array<SourceLocation & { message: string }>,
  ) {
    const first = diagnostics[0];
    super('COMPILE_ERROR', diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'), first);
    this.name = 'CompileError';
  }
}

export class FunctionNotFoundError extends ProfilerError {
  constructor(message: string, location?: SourceLocation) {
    super('FUNCTION_NOT_FOUND', message, location);
    this.name = 'FunctionNotFoundError';
  }
}

export class BadOptionError extends ProfilerError {
  constructor(message: string) {
    super('BAD_OPTION', message);
    this.name = 'BadOptionError';
  }
}

/** A mode that cannot run on this machine (the queue mode with no Redis): it is skipped, the others run. */
export class ModeSkippedError extends ProfilerError {
  constructor(message: string) {
    super('QUEUE_UNAVAILABLE', message);
    this.name = 'ModeSkippedError';
  }
}

/** Where a mode was when its time limit ran out: the advice differs. */
export type TimeoutPhase = 'starting' | 'running';

export class TimeoutError extends ProfilerError {
  constructor(readonly afterMs: number, mode: string, readonly phase: TimeoutPhase = 'running') {
    super('TIMEOUT', phase === 'starting'
      ? `The ${mode} mode timed out after ${formatLimit(afterMs)} (the mode's time limit) while starting its lanes and loading your module: does its top-level code ever finish? Its threads and processes were stopped.`
      : `The ${mode} mode timed out after ${formatLimit(afterMs)} (the mode's time limit); its threads and processes were stopped.`);
    this.name = 'TimeoutError';
  }
}

export class CancelledError extends ProfilerError {
  constructor() {
    super('CANCELLED', 'The profile was cancelled.');
    this.name = 'CancelledError';
  }
}

export function isBadInput(err: unknown): boolean {
  return err instanceof ProfilerError && BAD_INPUT_CODES.has(err.code);
}

/**
 * A text cut to what a report may hold (REPORT_LIMITS.stringChars), saying how much was cut: a
 * task's error message or stack can be any length, and a longer one would make the engine's own
 * report invalid.
 */
export function clipReportText(text: string, max: number = REPORT_LIMITS.stringChars): string {
  if (text.length <= max) return text;
  const note = `… (${text.length - max} more characters cut)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

/** Any thrown value as the report's plain, serialisable error, its texts within the report's limits. */
export function toErrorInfo(err: unknown): ErrorInfo {
  const info = rawErrorInfo(err);
  info.name = clipReportText(String(info.name), 200);
  info.code = clipReportText(String(info.code), 200);
  info.message = clipReportText(String(info.message));
  if (info.stack !== undefined) info.stack = clipReportText(String(info.stack));
  if (info.file !== undefined) info.file = clipReportText(String(info.file));
  return info;
}

function rawErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof ProfilerError) {
    return {
      name: err.name,
      code: err.code,
      message: err.message,
      stack: err.stack,
      ...(err.location ? { file: err.location.file, line: err.location.line, column: err.location.column } : {}),
    };
  }
  if (err instanceof Error) {
    const code = typeof (err as { code?: unknown }).code === 'string' ? String((err as { code?: unknown }).code) : 'UNKNOWN';
    return { name: err.name, code, message: err.message, stack: err.stack };
  }
  return { name: 'Error', code: 'UNKNOWN', message: describeThrown(err) };
}

function describeThrown(value: unknown): string {
  if (value === undefined) return 'undefined was thrown';
  if (value === null) return 'null was thrown';
  try {
    return `a ${typeof value} was thrown: ${String(value)}`;
  } catch {
    return `a ${typeof value} was thrown`;
  }
}
