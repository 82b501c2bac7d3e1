// Arguments cross into a lane as structured-clone bytes made here with v8.serialize (the algorithm
// postMessage and 'advanced' IPC use). Serialising once, explicitly, gives the exact size for free and
// lets every mode pay the same cost. The orchestrator checks clonability before anything runs; this
// is the last line, for a value that slipped through.
import { serialize } from 'node:v8';
import { ProfilerError } from '../errors';
import { describeType } from '../entries/taskRuntime';

export function serializeTaskArgs(index: number, args: readonly unknown[]): Uint8Array {
  try {
    return serialize(args);
  } catch (err) {
    const culprit = args.find((a) => typeof a === 'function' || typeof a === 'symbol');
    const what = culprit !== undefined ? describeType(culprit) : 'a value';
    throw new ProfilerError('UNCLONABLE', `task ${index}'s arguments hold ${what}, which cannot be sent between threads (structured clone): ${err instanceof Error ? err.message : String(err)}. Pass plain data.`);
  }
}
