// The live side of one repetition (warm-up or measured): its start and end events and the batcher
// its tasks go through. Undefined when nobody watches, and then the engine does none of this.
import type { LiveEvent } from '../../shared/live';
import type { ModeName } from '../../shared/report';
import type { RepetitionResult } from '../modes/types';
import { epochNow } from '../runtime/clock';
import { LiveTaskBatcher } from './liveTasks';
import { CpuSampler } from './sampler';

export interface LiveRepetition {
  /** Epoch ms the repetition's live times count from. */
  origin: number;
  batcher: LiveTaskBatcher;
  end(rep: RepetitionResult): void;
}

/** `of` 0: the number of repetitions is not known in advance (interleaved rounds stop when stable). */
export function liveRepetition(emit: ((e: LiveEvent) => void) | undefined, mode: ModeName, warmup: boolean, index: number, of: number): LiveRepetition | undefined {
  if (!emit) return undefined;
  const origin = epochNow();
  emit({ kind: 'repetition-start', mode, warmup, index, of, at: origin });
  return {
    origin,
    batcher: new LiveTaskBatcher(mode, origin, emit),
    end: (rep) => emit({ kind: 'repetition-end', mode, warmup, index, wallMs: Math.round((rep.endedAt - rep.startedAt) * 100) / 100 }),
  };
}

/**
 * A warm-up's CPU, for the live view only (no report number comes from a warm-up): a sampler whose
 * samples go to the watcher, on the repetition's clock. Call stop() when the warm-up ends.
 */
export function sampleForLiveView(emit: (e: LiveEvent) => void, live: LiveRepetition, mode: ModeName, intervalMs: number, pids: () => readonly number[]): { stop(): void } {
  let shift = 0;
  const sampler = new CpuSampler({ intervalMs, pids, onSample: (t, cores, processPct) => emit({ kind: 'cpu', mode, t: t + shift, cores, process: processPct }) });
  sampler.start();
  shift = sampler.startedAt - live.origin;
  return { stop: () => void sampler.stop() };
}
