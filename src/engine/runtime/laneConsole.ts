// Captures what the user's code writes to stdout and stderr inside a lane, bounded.
// Console methods write through process.stdout/stderr.write (checked in worker threads and in
// processes), so patching the two writes catches console.log, console.error, trace and direct writes.
// Forwarding to the engine as it happens would be slow and unbounded: a flood of 100,000 lines
// would cross the thread boundary line by line. Instead lines are kept here and sent with each reply.
import type { LaneLine, LaneOutput, Stream } from '../lanes/wire';

export const MAX_LINES_PER_REPLY = 200;
export const MAX_LINE_CHARS = 500;

let lines: LaneLine[] = [];
let dropped = 0;
const partial: Record<Stream, string> = { out: '', err: '' };
let currentTask: () => number | undefined = () => undefined;

/** Replaces the lane's stdout/stderr writes; `task` says which task is running, when one is known. */
export function captureLaneConsole(task: () => number | undefined): void {
  currentTask = task;
  patch(process.stdout, 'out');
  patch(process.stderr, 'err');
}

/** Whether anything was written since the last takeLaneOutput(). */
export function hasOutput(): boolean {
  return lines.length > 0 || dropped > 0 || partial.out !== '' || partial.err !== '';
}

/** Lines written since the last call (a trailing partial line included). */
export function takeLaneOutput(): LaneOutput {
  flushPartial('out');
  flushPartial('err');
  const out = { lines, droppedLines: dropped };
  lines = [];
  dropped = 0;
  return out;
}

function patch(stream: NodeJS.WriteStream, name: Stream): void {
  const write = (chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean => {
    record(name, chunk);
    const callback = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  };
  (stream as { write: unknown }).write = write;
}

function record(stream: Stream, chunk: unknown): void {
  const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
  if (lines.length >= MAX_LINES_PER_REPLY) {
    // Full: count the lines without building them, so a flood costs little.
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
    dropped += n;
    return;
  }
  const parts = (partial[stream] + text).split('\n');
  partial[stream] = parts.pop() ?? '';
  if (partial[stream].length > MAX_LINE_CHARS * 4) flushPartial(stream);
  for (const part of parts) push(stream, part);
}

function flushPartial(stream: Stream): void {
  if (partial[stream] === '') return;
  push(stream, partial[stream]);
  partial[stream] = '';
}

function push(stream: Stream, text: string): void {
  if (lines.length >= MAX_LINES_PER_REPLY) {
    dropped++;
    return;
  }
  const line: LaneLine = { stream, text: text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}… (${text.length} chars)` : text };
  const task = currentTask();
  if (task !== undefined) line.task = task;
  lines.push(line);
}
