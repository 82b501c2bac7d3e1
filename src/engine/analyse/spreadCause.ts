// Why a mode's runs spread, from the run's own evidence (issue 23): other programs are blamed only
// when the rounds' outside load (which counts the VM host's steal time: /proc/stat's busy includes
// it) says so. Otherwise the spread is the function's or the runtime's, and the evidence says which
// shape it has: two clusters of run times, or a drift across rounds; with neither, it is unexplained.
import { formatMs, formatNumber } from '../../shared/wording/format';
import type { ModeName, RoundsInfo } from '../../shared/report/report';
import { median } from './stats';

/** Other programs this busy (cores) in a mode's rounds can explain its spread. */
export const OUTSIDE_LOAD_CORES = 0.5;
/** A round whose outside load sits this far above the mode's median round is one other programs disturbed. */
const LOAD_RISE_CORES = 0.3;
/** Steal time at or above this many cores is named as the VM's host's share. */
const STEAL_SHOWN_CORES = 0.05;
/** Halves of the runs this far apart (share of the median) are a drift. */
const DRIFT_SHARE = 0.05;

export interface SpreadCause {
  /** 'load': other programs; 'clusters' or 'drift': the function or runtime; 'unexplained'. */
  kind: 'load' | 'clusters' | 'drift' | 'unexplained';
  /** A clause in plain words with its numbers. */
  text: string;
}

/** The outside load of each of the mode's runs, aligned with its runs when every round holds one. */
export function loadsOf(mode: ModeName, runs: readonly number[], rounds: RoundsInfo | undefined): Array<number | undefined> | undefined {
  const recs = (rounds?.rounds ?? []).map((r) => r.modes.find((m) => m.mode === mode));
  if (recs.length !== runs.length || recs.some((r) => r === undefined)) return undefined;
  return recs.map((r) => r!.externalLoad);
}

/** Two groups of runs with a gap between them wider than twice the spread inside either, two runs or more each. */
export function clusters(runs: readonly number[]): { low: [number, number]; high: [number, number] } | undefined {
  if (runs.length < 4) return undefined;
  const s = [...runs].sort((a, b) => a - b);
  let at = -1;
  let gap = 0;
  for (let i = 1; i < s.length; i++) if (s[i] - s[i - 1] > gap) { gap = s[i] - s[i - 1]; at = i; }
  if (at < 2 || s.length - at < 2) return undefined;
  const inside = Math.max(s[at - 1] - s[0], s[s.length - 1] - s[at]);
  if (gap <= 2 * inside || gap < DRIFT_SHARE * median(s)) return undefined;
  return { low: [s[0], s[at - 1]], high: [s[at], s[s.length - 1]] };
}

/** The first half's median against the second's, when they differ by DRIFT_SHARE or more (four runs or more). */
export function drift(runs: readonly number[]): { first: number; last: number } | undefined {
  if (runs.length < 4) return undefined;
  const half = runs.length >> 1;
  const first = median(runs.slice(0, half));
  const last = median(runs.slice(runs.length - half));
  const mid = median(runs);
  return mid > 0 && Math.abs(first - last) / mid >= DRIFT_SHARE ? { first, last } : undefined;
}

/** Why the runs spread; `only` narrows the question to some runs (the outliers). */
export function spreadCause(mode: ModeName, runs: readonly number[], rounds: RoundsInfo | undefined, only?: readonly number[]): SpreadCause {
  const loads = loadsOf(mode, runs, rounds);
  const known = (loads ?? []).filter((x): x is number => x !== undefined);
  if (known.length > 0) {
    const typical = median(known);
    const picked = only && loads ? only.map((i) => loads[i]).filter((x): x is number => x !== undefined) : known;
    const most = Math.max(...picked);
    if (most >= OUTSIDE_LOAD_CORES || (only && most - typical >= LOAD_RISE_CORES)) {
      const steal = stealOf(mode, rounds);
      const host = steal !== undefined && steal >= STEAL_SHOWN_CORES ? `; the VM's host took ${formatNumber(steal)} of them (steal time)` : '';
      return { kind: 'load', text: `other programs kept up to ${formatNumber(most)} cores busy in ${only ? 'those rounds' : 'its rounds'} (typically ${formatNumber(typical)}${host})` };
    }
  }
  const quiet = known.length > 0 ? `other programs used at most ${formatNumber(Math.max(...known))} cores in any round, so the spread is the function's or the runtime's own` : '';
  const c = clusters(runs);
  if (c) {
    return { kind: 'clusters', text: `${quiet ? `${quiet}: ` : ''}the runs fall in two clusters (${formatMs(c.low[0])}–${formatMs(c.low[1])} and ${formatMs(c.high[0])}–${formatMs(c.high[1])}), so the work ran two ways (a JIT tier, collector timing, or where the threads landed)` };
  }
  const d = drift(runs);
  if (d) {
    const way = d.last < d.first ? 'faster as the rounds went on (JIT tiers or caches still warming)' : 'slower as the rounds went on (heap growth, or the CPU clocking down)';
    return { kind: 'drift', text: `${quiet ? `${quiet}: ` : ''}the runs drifted ${way}, from a median of ${formatMs(d.first)} in the first half to ${formatMs(d.last)} in the second` };
  }
  if (known.length > 0) return { kind: 'unexplained', text: `${quiet}, and the runs show neither clusters nor a drift: the cause is unexplained` };
  // Say why the load is missing: a round shorter than one sampling interval holds no sample (a no-op's
  // rounds of 1 ms), and runs outside rounds were never measured one by one.
  const missing = (rounds?.rounds.length ?? 0) > 0
    ? "no round held a sample of other programs' load (a round shorter than the CPU sampler's interval holds none)"
    : "other programs' load was not measured run by run (the modes ran one after another, not in rounds)";
  return { kind: 'unexplained', text: `${missing}, so the cause is unexplained` };
}

/** The most steal time (cores) in any of the mode's rounds; undefined where none was recorded. */
function stealOf(mode: ModeName, rounds: RoundsInfo | undefined): number | undefined {
  const xs = (rounds?.rounds ?? []).map((r) => r.modes.find((m) => m.mode === mode)?.stealLoad).filter((x): x is number => x !== undefined);
  return xs.length > 0 ? Math.max(...xs) : undefined;
}
