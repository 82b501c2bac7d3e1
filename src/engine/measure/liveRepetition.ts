// The live side of one repetition (warm-up or measured): its start and end events and the batcher
// its tasks go through. Undefined when nobody watches, and then the engine does none of this.
import type { LiveEvent } from '../../shared/live/events';
import type { ModeName } from '../../shared/report/report';
import type { RepetitionResult } from '../modes/types';
import { machineNow } from '../runtime/clock';
import { LiveTaskBatcher } from './liveTasks';
import { CpuSampler } from './sampler';

export interface LiveRepetition {
  /** Machine-clock ms the repetition's live times count from. */
  origin: number;
  batcher: LiveTaskBatcher;
  /** A CPU sample taken at machine-clock ms `at`, sent on the repetition's clock. */
  cpu(at: number, cores: number[], processPct: number): void;
  end(rep: RepetitionResult): void;
}

/** `of` 0: the number of repetitions is not known in advance (interleaved rounds stop when stable). */
export function liveRepetition(emit: ((e: LiveEvent) => void) | undefined, mode: ModeName, warmup: boolean, index: number, of: number): LiveRepetition | undefined {
  if (!emit) return undefined;
  const origin = machineNow();
  emit({ kind: 'repetition-start', mode, warmup, index, of, at: origin });
  return {
    origin,
    batcher: new LiveTaskBatcher(mode, origin, emit),
    cpu: (at, cores, processPct) => emit({ kind: 'cpu', mode, t: at - origin, cores, process: processPct }),
    end: (rep) => emit({ kind: 'repetition-end', mode, warmup, index, wallMs: Math.round((rep.endedAt - rep.startedAt) * 100) / 100 }),
  };
}

/**
 * A warm-up's CPU, for the live view only (no report number comes from a warm-up): a sampler whose
 * samples go to the watcher, on the repetition's clock. Call stop() when the warm-up ends.
 */
export function sampleForLiveView(live: LiveRepetition, intervalMs: number, pids: () => readonly number[]): { stop(): void } {
  const sampler: CpuSampler = new CpuSampler({ intervalMs, pids, onSample: (t, cores, processPct) => live.cpu(sampler.startedAt + t, cores, processPct) });
  sampler.start();
  return { stop: () => void sampler.stop() };
}
