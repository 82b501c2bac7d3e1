// --versus in the interleaved rounds: the other version's modes run as companions of this version's,
// one repetition of each per round, so every round pairs B's repetition with A's under the same load.
// What makes a versus companion differ from the prediction's one-lane companions is kept here.
import type { ModeName } from '../../shared/report/report';
import type { LoadSpec } from '../modes/types';
import type { CoreMover } from './placement';

export interface VersusCompanion {
  /** The other version's bundled module. */
  load: LoadSpec;
}

/** A versus companion loads its own module and is not held on cores of its own (the modes it is paired with are not). */
export function companionOverrides(v: VersusCompanion | undefined): { load?: LoadSpec; placer?: CoreMover } {
  return v ? { load: v.load, placer: undefined } : {};
}

/**
 * Puts each versus companion beside its own mode in this round's turns: after it in even rounds,
 * before it in odd ones, so the two versions of a mode run back to back (the closest pairing a
 * round allows) and neither always goes first. A companion whose mode is gone goes last.
 */
export function pairVersusTurns<T extends { mode: ModeName; companion?: unknown }>(turns: T[], versus: readonly T[], round: number): void {
  for (const v of versus) {
    const at = turns.findIndex((t) => t.mode === v.mode && !t.companion);
    if (at < 0) turns.push(v);
    else turns.splice(round % 2 === 0 ? at + 1 : at, 0, v);
  }
}
