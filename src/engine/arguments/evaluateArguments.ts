// Turns the user's arguments expression into one argument array per task.
// The expression is user code, so it is evaluated in a short-lived worker thread (never on the
// calling thread, which may be VS Code's extension host), under a time and heap limit; the
// arrays come back by structured clone, which is also the proof that they can reach a lane.
import * as v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { ProfilerError } from '../errors';

export interface TaskArguments {
  perTask: unknown[][];
  /** Serialized size of each task's arguments, bytes. */
  bytes: number[];
  /** Arguments that cross as something else than what was built (class instances lose their prototype). */
  warnings: string[];
  /** What the expression printed (console.log, process.stdout), cut at MAX_EVALUATOR_OUTPUT_CHARS per stream. */
  output: { text: string; droppedChars: number };
}

/** The evaluator's stdout and stderr are kept up to this many characters in all; the rest is counted and dropped. */
export const MAX_EVALUATOR_OUTPUT_CHARS = 64 * 1024;

/** Past this the run would spend its time and memory copying arguments, not profiling. */
export const MAX_TOTAL_ARG_BYTES = 1024 * 1024 * 1024;

// Runs inside the worker. Plain JavaScript on purpose: it is evaluated with `eval: true`.
const EVALUATOR = `
const { parentPort, workerData } = require('node:worker_threads');
const v8 = require('node:v8');
const { expr, n, maxBytes } = workerData;
// The lanes' guard against signalling the profiler, its parent or its process group, for the same
// reasons (see runtime/killGuard.ts); here a refused call throws, so the expression's task is named.
(function guardKill() {
  const kill = process.kill.bind(process);
  const rawKill = typeof process._kill === 'function' ? process._kill.bind(process) : undefined;
  const refuse = (pid, sig) => {
    if (sig === 0 || pid != (pid | 0)) return;
    const p = pid | 0;
    if (p === process.pid || p === process.ppid || p <= 0) throw new Error('process.kill(' + (p === process.pid ? 'process.pid' : p === process.ppid ? 'process.ppid' : p) + ') would signal the profiler; the arguments expression may not do that');
  };
  process.kill = (pid, sig) => { refuse(pid, sig); return kill(pid, sig); };
  if (rawKill) process._kill = (pid, sig) => { refuse(pid, sig); return rawKill(pid, sig); };
})();
function kindOf(v) {
  if (typeof v === 'function') return 'a function' + (v.name ? ' (' + v.name + ')' : '');
  if (typeof v === 'symbol') return 'a symbol';
  if (v && typeof v === 'object') { const c = Object.getPrototypeOf(v); return 'an object of class ' + ((c && c.constructor && c.constructor.name) || 'Object'); }
  return typeof v;
}
const CLONES_AS_ITSELF = new Set([Object.prototype, Array.prototype, null, Date.prototype, RegExp.prototype, Map.prototype, Set.prototype, ArrayBuffer.prototype, Error.prototype]);
function findProblem(v, path, seen, depth) {
  if (typeof v === 'function' || typeof v === 'symbol') return { path, kind: kindOf(v), fatal: true };
  if (!v || typeof v !== 'object' || seen.has(v) || depth > 50) return null;
  seen.add(v);
  if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) return { path, kind: kindOf(v), fatal: true };
  const proto = Object.getPrototypeOf(v);
  if (!CLONES_AS_ITSELF.has(proto) && !ArrayBuffer.isView(v) && !(v instanceof Error)) {
    const inner = scan(v, path, seen, depth);
    return inner || { path, kind: kindOf(v), fatal: false };
  }
  return scan(v, path, seen, depth);
}
function scan(v, path, seen, depth) {
  if (v instanceof Map) { for (const [k, x] of v) { const p = findProblem(x, path + '.get(' + String(k).slice(0, 20) + ')', seen, depth + 1); if (p) return p; } return null; }
  if (v instanceof Set) { for (const x of v) { const p = findProblem(x, path + '[set item]', seen, depth + 1); if (p) return p; } return null; }
  for (const k of Object.keys(v)) { const p = findProblem(v[k], path + (Array.isArray(v) ? '[' + k + ']' : '.' + k), seen, depth + 1); if (p) return p; }
  return null;
}
(function main() {
let fn;
try { fn = new Function('i', 'n', '"use strict"; return (' + expr + '\\n);'); }
catch (e) { parentPort.postMessage({ kind: 'syntax', message: e.message }); return; }
const perTask = [], bytes = [], warnings = [];
let ballast;
let total = 0;
for (let i = 0; i < n; i++) {
  let value;
  try { value = fn(i, n); }
  catch (e) { parentPort.postMessage({ kind: 'threw', task: i, message: e && e.message ? e.message : String(e) }); return; }
  if (!Array.isArray(value)) { parentPort.postMessage({ kind: 'not-array', task: i, got: value === null ? 'null' : kindOf(value) }); return; }
  const problem = findProblem(value, 'args', new Set(), 0);
  if (problem && problem.fatal) { parentPort.postMessage({ kind: 'unclonable', task: i, path: problem.path, type: problem.kind }); return; }
  if (problem && warnings.length < 3) warnings.push('task ' + i + ': ' + problem.path + ' is ' + problem.kind + ', which arrives as a plain object without its methods (structured clone keeps data, not prototypes)');
  let size;
  try { size = v8.serialize(value).length; }
  catch (e) { parentPort.postMessage({ kind: 'unclonable', task: i, path: 'args', type: e.message }); return; }
  // v8.serialize leaves its serializer's scratch memory (a few KB for an object) outside the
  // JavaScript heap until a garbage collection, which this loop's small allocations seldom trigger.
  // A throwaway array per call makes collections keep pace (measured with the young-generation
  // limit below).
  ballast = new Array(256);
  total += size;
  if (total > maxBytes) { parentPort.postMessage({ kind: 'too-big', task: i, total }); return; }
  perTask.push(value); bytes.push(size);
}
parentPort.postMessage({ kind: 'ok', perTask, bytes, warnings });
})();
`;

type EvalMessage =
  | { kind: 'ok'; perTask: unknown[][]; bytes: number[]; warnings: string[] }
  | { kind: 'syntax'; message: string }
  | { kind: 'threw'; task: number; message: string }
  | { kind: 'not-array'; task: number; got: string }
  | { kind: 'unclonable'; task: number; path: string; type: string }
  | { kind: 'too-big'; task: number; total: number };

/** A literal longer than this goes to the thread like any expression: parsing it N times is no longer free. */
export const MAX_LITERAL_CHARS = 4096;

/**
 * The arguments of a JSON array literal (the default `[]`, `[1000]`, `["a", {"b": 2}]`), without the
 * thread: JSON.parse runs no user code, and a JSON literal means the same in JavaScript, so every task
 * gets what the thread would have built (each its own copy). Starting the thread took 47–57 ms of a
 * no-op's 0.53 s profile (bench row 7). Undefined for anything else, which the thread evaluates: code
 * (`[i * 1000]`, `[1_000]`), a `__proto__` key (a prototype in JavaScript, a plain key in JSON), a
 * literal past MAX_LITERAL_CHARS, and one whose N copies would pass the size limit (the thread's error
 * says so in its words).
 */
export function literalArguments(expr: string, n: number): TaskArguments | undefined {
  if (expr.length > MAX_LITERAL_CHARS) return undefined;
  let value: unknown;
  // Found by key, not by text: "\u005f_proto__" is the same key in both languages.
  let protoKey = false;
  try {
    value = JSON.parse(expr, (key, v: unknown) => {
      if (key === '__proto__') protoKey = true;
      return v;
    });
  } catch {
    return undefined;
  }
  if (protoKey || !Array.isArray(value)) return undefined;
  const size = v8.serialize(value).length;
  if (size * n > MAX_TOTAL_ARG_BYTES) return undefined;
  const perTask = Array.from({ length: n }, (_, i) => (i === 0 ? value : JSON.parse(expr)) as unknown[]);
  return { perTask, bytes: new Array<number>(n).fill(size), warnings: [], output: { text: '', droppedChars: 0 } };
}

export interface EvaluateOptions {
  timeoutMs?: number;
  memoryLimitMb?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export async function evaluateTaskArguments(expr: string, n: number, opts: EvaluateOptions = {}): Promise<TaskArguments> {
  return literalArguments(expr, n) ?? evaluateInThread(expr, n, opts);
}

/** Any expression: evaluated once per task in a short-lived worker thread, under a time and heap limit. */
export async function evaluateInThread(expr: string, n: number, opts: EvaluateOptions = {}): Promise<TaskArguments> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const worker = new Worker(EVALUATOR, {
    eval: true,
    workerData: { expr, n, maxBytes: MAX_TOTAL_ARG_BYTES },
    // A small young generation: collections then keep pace with v8.serialize's memory outside the heap
    // (see the ballast above). With the defaults, 100,000 tasks of [i] peaked at 270 MB and took 1.4 s;
    // with this and the ballast, 71 MB and 0.7 s. This thread is the profiler's own, not a measured lane.
    resourceLimits: { maxOldGenerationSizeMb: Math.max(opts.memoryLimitMb ?? 2048, 256), maxYoungGenerationSizeMb: 2 },
    stdout: true,
    stderr: true,
    // The lanes' environment (lanes/childEnvironment.ts), passed in by the caller.
    ...(opts.env ? { env: opts.env } : {}),
  });
  const output = { text: '', droppedChars: 0 };
  // Read (and bounded) as it comes: an unread worker stream buffers everything until the thread ends.
  const keep = (chunk: Buffer | string): void => {
    const text = String(chunk);
    const room = MAX_EVALUATOR_OUTPUT_CHARS - output.text.length;
    if (room > 0) output.text += text.slice(0, room);
    output.droppedChars += Math.max(0, text.length - Math.max(0, room));
  };
  worker.stdout.on('data', keep);
  worker.stderr.on('data', keep);
  try {
    const message = await new Promise<EvalMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(bad(`The arguments expression did not finish within ${timeoutMs / 1000} s for ${n} tasks. It runs once per task: make it cheaper.`)), timeoutMs);
      const onAbort = () => reject(new ProfilerError('CANCELLED', 'The profile was cancelled.'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (m: EvalMessage) => { clearTimeout(timer); resolve(m); });
      worker.once('error', (e: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? bad(`The arguments expression ran out of memory building ${n} tasks' arguments. Make them smaller.`)
          : bad(`The arguments expression failed: ${e.message}`));
      });
      worker.once('exit', (code) => { clearTimeout(timer); reject(bad(`The arguments expression ended its thread (exit code ${code}).`)); });
    });
    return { ...interpret(message, expr), output };
  } finally {
    await worker.terminate();
  }
}

function interpret(m: EvalMessage, expr: string): Omit<TaskArguments, 'output'> {
  switch (m.kind) {
    case 'ok': return { perTask: m.perTask, bytes: m.bytes, warnings: m.warnings };
    case 'syntax': throw bad(`The arguments expression ${JSON.stringify(expr)} is not valid JavaScript: ${m.message}. Write an expression that yields an array, such as [i * 1000].`);
    case 'threw': throw bad(`The arguments expression threw for task ${m.task}: ${m.message}`);
    case 'not-array': throw bad(`The arguments expression must yield an array (the function's arguments), but for task ${m.task} it yielded ${m.got}. Wrap it: [${expr}].`);
    case 'unclonable': throw new ProfilerError('UNCLONABLE', `The arguments of task ${m.task} hold ${m.type} at ${m.path}, which cannot be sent to another thread or process (structured clone). Pass plain data and build the rest inside the function.`);
    case 'too-big': throw bad(`The arguments of the first ${m.task + 1} tasks already take ${Math.round(m.total / 1048576)} MB; the limit is ${MAX_TOTAL_ARG_BYTES / 1048576} MB. Pass sizes or seeds and build large inputs inside the function.`);
    default: return assertNever(m);
  }
}

function bad(message: string): ProfilerError {
  return new ProfilerError('BAD_ARGUMENTS', message);
}

function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
