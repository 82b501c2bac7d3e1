// The speedups the live view shows while rounds still run: each parallel mode paired with the
// sequential run of every round done so far, the same estimate and interval the report will give
// once the rounds end (analyse/rounds.ts), so the number a user watches is the one that stays.
import type { ModeName, RoundRecord } from '../../shared/report/report';
import type { LiveSpeedup } from '../../shared/live/events';
import { pairedSpeedup, roundInterval } from './rounds';

/** One interval needs two paired rounds: one round's ratio is a point, however narrow it looks. */
export const MIN_ROUNDS_FOR_INTERVAL = 2;

export function speedupsSoFar(rounds: readonly RoundRecord[], modes: ReadonlyArray<{ mode: ModeName; lanes: number }>): LiveSpeedup[] {
  const out: LiveSpeedup[] = [];
  for (const { mode, lanes } of modes) {
    if (mode === 'sequential') continue;
    const p = pairedSpeedup(rounds, mode);
    if (!p) continue;
    // Rounded as the report rounds it (roundSpeedups.ts), so the last round's numbers are the report's.
    const ci = p.ratios.length >= MIN_ROUNDS_FOR_INTERVAL ? roundInterval(p.speedupCi, p.speedup) : undefined;
    out.push({ mode, lanes, speedup: round3(p.speedup), rounds: p.ratios.length, ...(ci ? { low: ci.low, high: ci.high } : {}) });
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
