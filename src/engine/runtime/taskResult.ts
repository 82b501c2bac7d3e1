// A task's result: sized for the report (without serialising what is known to be tiny), kept as
// structured-clone bytes when the engine wants them, or turned into the fault that names why not.
// Results are serialised with v8.serialize (the algorithm postMessage and 'advanced' IPC use) in
// every mode, so all four modes pay the same clone cost and a value that cannot cross is caught.
import { serialize } from 'node:v8';
import { knownCloneSize } from './resultSize';
import { toWireError, unclonableResult } from './wireErrors';
import { T_RESULT_BYTES, type TaskNumbers, type WireError } from '../lanes/wire';

/** How a task ended, beyond its numbers: the result's bytes (when the caller keeps them) or the fault. */
export interface TaskEnd {
  result?: Uint8Array;
  fault?: WireError;
}

export const NOTHING: TaskEnd = Object.freeze({});

export function finish(index: number, out: TaskNumbers, at: number, keepResult: boolean, value: unknown, thrown: { err: unknown } | undefined): TaskEnd {
  if (thrown) {
    out[at + T_RESULT_BYTES] = NaN;
    return { fault: toWireError(thrown.err) };
  }
  const known = knownCloneSize(value);
  if (known >= 0) {
    // Nothing worth sending back: a few bytes whose copy costs nothing measurable.
    out[at + T_RESULT_BYTES] = known;
    return NOTHING;
  }
  try {
    const result = serialize(value);
    out[at + T_RESULT_BYTES] = result.length;
    return keepResult ? { result } : NOTHING;
  } catch (err) {
    out[at + T_RESULT_BYTES] = NaN;
    return { fault: unclonableResult(index, value, err) };
  }
}
