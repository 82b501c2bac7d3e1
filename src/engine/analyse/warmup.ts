// Warm-ups chosen by evidence, in the spirit of BenchmarkDotNet's auto warm-up: keep warming a mode
// while its repetitions still get faster (module load, JIT tiers, a cold disk cache, the first run
// after boot), so a cold start is spent in warm-ups and not in round 1. Pure: the wall times decide.
import type { WarmupInfo } from '../../shared/report/report';

/** A steady-state test compares two warm-ups: fewer cannot show a trend. */
export const MIN_AUTO_WARMUPS = 2;
/** However long the trend goes on, no more than this many warm-ups (the rounds' pairing absorbs the rest). */
export const MAX_AUTO_WARMUPS = 5;
/** Still trending: the latest warm-up this share faster than the one before... */
export const WARMUP_TREND_SHARE = 0.05;
/** ...and by at least this much: a no-op's 0.3 ms against 0.2 ms is timer noise, not a trend. */
export const WARMUP_TREND_FLOOR_MS = 0.5;

export interface WarmupPlan {
  /** The user's count: with `auto` the least that runs (but at least MIN_AUTO_WARMUPS unless 0), else exactly. */
  warmup: number;
  auto: boolean;
}

/** True while another warm-up is needed after those whose wall times are `walls` (in run order). */
export function needsAnotherWarmup(walls: readonly number[], plan: WarmupPlan): boolean {
  const n = walls.length;
  if (!plan.auto || plan.warmup === 0) return n < plan.warmup;
  if (n < Math.max(plan.warmup, MIN_AUTO_WARMUPS)) return true;
  if (n >= Math.max(plan.warmup, MAX_AUTO_WARMUPS)) return false;
  return stillTrending(walls);
}

function stillTrending(walls: readonly number[]): boolean {
  const prev = walls[walls.length - 2];
  const last = walls[walls.length - 1];
  return prev - last > Math.max(WARMUP_TREND_SHARE * prev, WARMUP_TREND_FLOOR_MS);
}

/** What the report says about a mode's warm-ups, once they are done. */
export function warmupInfo(walls: readonly number[], plan: WarmupPlan): WarmupInfo {
  const wallMs = walls.map((w) => Math.round(w * 1000) / 1000);
  const count = walls.length;
  if (!plan.auto || plan.warmup === 0) {
    return { count, wallMs, reason: 'fixed', message: `${count} warm-up${count === 1 ? '' : 's'}, as asked.` };
  }
  const times = wallMs.map(short).join(', ');
  if (count >= Math.max(plan.warmup, MAX_AUTO_WARMUPS) && stillTrending(walls)) {
    return { count, wallMs, reason: 'cap', message: `${count} warm-ups, the most allowed, and still getting faster (${times}): the first rounds may still run slower than the rest.` };
  }
  return { count, wallMs, reason: 'steady', message: `${count} warm-ups: steady once the last was within ${Math.round(WARMUP_TREND_SHARE * 100)}% of the one before (${times}).` };
}

function short(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
