// Warm-ups chosen by evidence, in the spirit of BenchmarkDotNet's auto warm-up: keep warming a mode
// while its repetitions still get faster (module load, JIT tiers, a cold disk cache, the first run
// after boot), so a cold start is spent in warm-ups and not in round 1. Pure: the wall times decide.
import type { ModeName, WarmupInfo } from '../../shared/report/report';
import { modeLabel } from '../../shared/wording/format';
import { BECAUSE } from '../../shared/wording/warmups';

/** A steady-state test compares two runs: with fewer warm-ups than this, rounds 1 and 2 are the second pair. */
export const MIN_AUTO_WARMUPS = 2;
/**
 * Interleaved rounds warm each mode once and let round 2 judge round 1: a steady round 1 is the
 * measurement it was run as, and one still getting faster is counted as a warm-up. A second warm-up
 * before the rounds only to learn that the first was enough was a whole repetition of every mode
 * spent before the first answer (bench row 14b: 1.51× the minimum).
 */
export const MIN_AUTO_WARMUPS_CHECKED_BY_ROUNDS = 1;
/** However long the trend goes on, no more than this many warm-ups (the rounds' pairing absorbs the rest). */
export const MAX_AUTO_WARMUPS = 5;
/** Still trending: the latest warm-up this share faster than the one before... */
export const WARMUP_TREND_SHARE = 0.05;
/** ...and by at least this much: a no-op's 0.3 ms against 0.2 ms is timer noise, not a trend. */
export const WARMUP_TREND_FLOOR_MS = 0.5;

export interface WarmupPlan {
  /** The user's count: with `auto` the least that runs (but at least `min` unless 0), else exactly. */
  warmup: number;
  auto: boolean;
  /** The fewest auto warm-ups: MIN_AUTO_WARMUPS unless the rounds check round 1 (MIN_AUTO_WARMUPS_CHECKED_BY_ROUNDS). */
  min?: number;
}

/** True while another warm-up is needed after those whose wall times are `walls` (in run order). */
export function needsAnotherWarmup(walls: readonly number[], plan: WarmupPlan): boolean {
  const n = walls.length;
  if (!plan.auto || plan.warmup === 0) return n < plan.warmup;
  if (n < Math.max(plan.warmup, plan.min ?? MIN_AUTO_WARMUPS)) return true;
  if (n >= Math.max(plan.warmup, MAX_AUTO_WARMUPS)) return false;
  return stillTrending(walls);
}

function stillTrending(walls: readonly number[]): boolean {
  if (walls.length < 2) return false;
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
  if (count < 2) {
    return { count, wallMs, reason: 'steady', message: `${count} warm-up${count === 1 ? '' : 's'} (${times}); whether ${count === 1 ? 'it was' : 'they were'} enough, rounds 1 and 2 tell.` };
  }
  if (count >= Math.max(plan.warmup, MAX_AUTO_WARMUPS) && stillTrending(walls)) {
    return { count, wallMs, reason: 'cap', message: `${count} warm-ups, the most allowed, and still getting faster (${times}): the first rounds may still run slower than the rest.` };
  }
  const by = steadyBy(walls[count - 2], walls[count - 1]);
  return { count, wallMs, reason: 'steady', message: `${count} warm-ups: steady once the last was ${by === 'slower' ? 'slower than' : `within ${by} of`} the one before (${times}).` };
}

/**
 * Why a pair counted as steady, in words: within "5%", within "0.5 ms" where only the floor held (a
 * no-op's 1.0 ms against 0.8 ms is not within 5%, and the report must not say it is), or 'slower' where
 * the later one took more than 5% longer (0.8 ms then 1.0 ms is no trend to wait out, but it is not
 * "within 5%" either).
 */
function steadyBy(prev: number, last: number): string {
  if (Math.abs(prev - last) <= WARMUP_TREND_SHARE * prev) return `${Math.round(WARMUP_TREND_SHARE * 100)}%`;
  return last > prev ? 'slower' : `${WARMUP_TREND_FLOOR_MS} ms`;
}

/** A mode's round 1 and round 2 wall times, ms. */
export interface RoundPair {
  mode: ModeName;
  r1: number;
  r2: number;
}

/** The modes whose round 1 was still getting faster by round 2 (as a warm-up would be judged): empty when round 1 holds. */
export function stillWarmingInRoundOne(pairs: readonly RoundPair[]): RoundPair[] {
  return pairs.filter((p) => stillTrending([p.r1, p.r2]));
}

/** The modes still getting faster, in words: "sequential (3.40 s in that round, 3.10 s in the next) was still getting faster". */
export function roundOneWords(warming: readonly RoundPair[]): string {
  const who = warming.map((p) => `${modeLabel(p.mode)} (${short(p.r1)} in that round, ${short(p.r2)} in the next)`).join(' and ');
  return `${who} ${warming.length === 1 ? 'was' : 'were'} still getting faster`;
}

/** Whether another round 1 may still be counted as a warm-up: not once a mode has had the most allowed. */
export function mayCountRoundAsWarmup(counts: readonly number[], plan: WarmupPlan): boolean {
  return counts.every((c) => c < Math.max(plan.warmup, MAX_AUTO_WARMUPS));
}

/**
 * What the report says about a mode's warm-ups once the rounds have judged round 1: `demoted` rounds
 * were counted as warm-ups (their wall times end `walls`), because of `why` (roundOneWords: "sequential
 * (3.40 s in that round, 3.10 s in the next) was still getting faster"); `held` is the round 1 and round 2 that showed the warm-ups were enough, if they did.
 */
export function warmupInfoCheckedByRounds(walls: readonly number[], demoted: number, why: string | undefined, outcome: { held: RoundPair } | 'cap' | 'unchecked'): WarmupInfo {
  const wallMs = walls.map((w) => Math.round(w * 1000) / 1000);
  const count = walls.length;
  const times = wallMs.map(short).join(', ');
  const warmups = `${count} warm-up${count === 1 ? '' : 's'} (${times})`;
  const because = why ?? 'a mode was still getting faster';
  const fromRounds = demoted > 0 ? { fromRounds: demoted, because } : {};
  const counted = demoted === 0 ? '' : `: the last ${demoted === 1 ? '' : `${demoted} `}ran as round 1 and ${demoted === 1 ? 'was counted as a warm-up' : 'were counted as warm-ups'}${BECAUSE}${because}`;
  // `own` and `shared` split the message for warmupLines: where every mode shares the reason and the
  // outcome, one line says them and each mode's line keeps its own numbers (ten lines said it ten times).
  if (outcome === 'cap') {
    const most = 'the most allowed, so the first rounds may still run slower than the rest';
    return { count, wallMs, reason: 'cap', ...fromRounds, own: warmups, shared: `that is ${most}`, message: `${warmups}${counted}; ${most}.` };
  }
  if (outcome === 'unchecked') {
    const shared = 'the rounds ended before a round 2 could show whether round 1 was still getting faster';
    return { count, wallMs, reason: 'steady', ...fromRounds, own: warmups, shared, message: `${warmups}${counted}; ${shared}.` };
  }
  const held = outcome.held;
  const by = steadyBy(held.r1, held.r2);
  const pair = `round 1 (${short(held.r1)}) was ${by === 'slower' ? 'faster than' : `within ${by} of`} round 2 (${short(held.r2)})`;
  const shared = `${demoted === 0 ? '' : 'then '}round 1 held against round 2 in every mode, so it counts`;
  return { count, wallMs, reason: 'steady', ...fromRounds, own: `${warmups}; ${pair}`, shared, message: `${warmups}${counted}${demoted === 0 ? ': steady, as' : '; then'} ${pair}, as in every mode, so round 1 counts.` };
}

function short(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
