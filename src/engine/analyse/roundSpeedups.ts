// The speedups a report carries once its rounds are in: each mode against the sequential run of the
// same round (interleaved rounds), the load-aware estimate beside it, and which one the headline uses.
import type { ModeName, ModeResult, RoundRecord, RoundsInfo, StopInfo } from '../../shared/report/report';
import { idealSpeedup, remoteLanesOf } from './speedups';
import { flagRounds, headlineBasis, loadAwareEstimate, pairedSpeedup, roundInterval, type EstimateContext } from './rounds';

export interface RoundSpeedupContext {
  tasks: number;
  cores: number;
  interleaved: boolean;
}

/**
 * Sets each completed mode's speedup from paired rounds (interleaved only: a mode's repetitions taken
 * in a row are not paired with anything), its load-aware estimate, and returns the rounds record.
 */
export function applyRoundSpeedups(modes: ModeResult[], rounds: RoundRecord[], stop: StopInfo, c: RoundSpeedupContext): RoundsInfo {
  flagRounds(rounds);
  const ctx = (m: ModeResult): EstimateContext => ({ mode: m.mode, lanes: m.lanes, tasks: c.tasks, cores: c.cores });
  const seq = modes.find((m) => m.mode === 'sequential' && m.status === 'completed');
  const pairs: Array<{ measured?: number; loadAware?: ModeResult['loadAware'] }> = [];
  // Paired with itself in every round, the sequential mode's speedup is exactly 1.
  if (seq && c.interleaved) seq.speedupCi = { low: 1, high: 1, level: 'range' };
  for (const m of modes) {
    if (!seq || m.status !== 'completed' || !m.wallMs || m.mode === 'sequential') continue;
    if (c.interleaved) {
      const p = pairedSpeedup(rounds, m.mode);
      if (p) {
        m.speedup = round(p.speedup, 3);
        m.speedupCi = roundInterval(p.speedupCi, p.speedup);
        m.efficiency = round(m.speedup / idealSpeedup(m.mode, m.lanes, c.tasks, c.cores, remoteLanesOf(m)), 3);
      }
    }
    const estimate = loadAwareEstimate(rounds, ctx(seq), ctx(m));
    if (estimate) m.loadAware = estimate;
    pairs.push({ measured: m.speedup, loadAware: estimate });
  }
  return { interleaved: c.interleaved, rounds, stop, headline: headlineBasis(rounds, pairs) };
}

/** Rounds from modes measured one after another: round r holds repetition r of each mode (not simultaneous). */
export function roundsInSequence(reps: ReadonlyArray<{ mode: ModeName; repetitions?: RoundRecord['modes'] }>): RoundRecord[] {
  const count = Math.max(0, ...reps.map((r) => r.repetitions?.length ?? 0));
  const out: RoundRecord[] = [];
  for (let i = 0; i < count; i++) {
    const records = reps.flatMap((r) => (r.repetitions && r.repetitions[i] ? [r.repetitions[i]] : []));
    out.push({ order: records.map((x) => x.mode), modes: records });
  }
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
