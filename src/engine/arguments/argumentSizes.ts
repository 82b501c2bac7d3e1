// Arguments cross into a lane as the task's own values: postMessage (threads) and 'advanced' IPC
// (processes) clone them natively with the structured-clone algorithm, exactly what a piscina or
// child_process user pays. Their sizes are measured here once, with v8.serialize (the same algorithm),
// which also catches a value that cannot cross and names it. The orchestrator checks clonability
// before anything runs; this is the last line, for a value that slipped through.
import { serialize } from 'node:v8';
import { ProfilerError } from '../errors';
import { describeType } from '../runtime/describeType';

export function serializeTaskArgs(index: number, args: readonly unknown[]): Uint8Array {
  try {
    return serialize(args);
  } catch (err) {
    const culprit = args.find((a) => typeof a === 'function' || typeof a === 'symbol');
    const what = culprit !== undefined ? describeType(culprit) : 'a value';
    throw new ProfilerError('UNCLONABLE', `task ${index}'s arguments hold ${what}, which cannot be sent between threads (structured clone): ${err instanceof Error ? err.message : String(err)}. Pass plain data.`);
  }
}

// A session is handed the same argument lists every repetition (warm-ups and measured runs), and
// nothing mutates them (a lane only ever sees clones), so their sizes are measured once: 8 bytes a
// task kept, rather than a v8.serialize per task per repetition on the engine's thread.
const sizes = new WeakMap<readonly unknown[][], Float64Array>();

/**
 * Sizes measured where the arguments were built: the arguments evaluator serialises each task's list
 * once in its own thread to check it (taskArguments.ts), and what it sends back is a clone, clonable by
 * construction. Each v8.serialize here left about 4 KB of the engine thread's malloc heap waiting for
 * a garbage collection: 10,000 tasks took 42 MB of resident memory that the process kept.
 */
export function rememberTaskArgSizes(taskArgs: readonly unknown[][], bytes: readonly number[]): void {
  if (bytes.length === taskArgs.length) sizes.set(taskArgs, Float64Array.from(bytes));
}

/** Structured-clone size of each task's arguments, bytes; throws UNCLONABLE for one that cannot cross. */
export function taskArgSizes(taskArgs: readonly unknown[][]): Float64Array {
  const known = sizes.get(taskArgs);
  if (known && known.length === taskArgs.length) return known;
  const out = new Float64Array(taskArgs.length);
  for (let i = 0; i < taskArgs.length; i++) out[i] = serializeTaskArgs(i, taskArgs[i]).length;
  sizes.set(taskArgs, out);
  return out;
}
