// Interleaved rounds: every selected mode is started and warmed first, then each round runs one
// measured repetition of every mode, in an order that rotates from round to round, so a change in
// background load lands on every mode alike. After the minimum rounds, more are added until every
// speedup's interval is within ±precision or the time budget runs out (analyse/rounds.ts judges).
// The sessions stay open (idle between their turns) until the last round: the lanes stay warm.
import type { ConsoleCapture, ModeName, ModeResult, RoundModeRecord, RoundRecord, StopInfo } from '../../shared/report';
import { CancelledError } from '../errors';
import type { ModeSession } from '../modes/types';
import { headlineBasis, loadAwareEstimate, pairedSpeedup, withinPrecision, type EstimateContext } from '../analyse/rounds';
import type { MeasureModeOptions, MeasuredMode } from './measureMode';
import { openMeasuredMode } from './measureMode';
import { runMeasuredRepetition, type Condensed } from './measuredRepetition';
import { completedResult, failedResult, withFailures } from './modeResult';
import { profileMode } from './profiledRepetition';

/** Without --max-time the rounds may take about this many times what the minimum rounds took. */
export const MAX_TIME_FACTOR = 3;
/** Fewer paired rounds than this never count as stable, whatever --repeat asked for. */
export const MIN_ROUNDS_FOR_STABLE = 2;

export interface RoundsOptions extends Omit<MeasureModeOptions, 'mode' | 'lanes' | 'onProgress'> {
  modes: readonly ModeName[];
  lanesOf(mode: ModeName): number;
  /** Relative half-width every interval must reach (0.05 = ±5%); 0 runs exactly `repeat` rounds. */
  precision: number;
  /** Time budget for warm-ups and rounds, ms; undefined: MAX_TIME_FACTOR × the minimum rounds' time. */
  maxTimeMs?: number;
  /** Never more rounds than this. */
  maxRounds: number;
  /**
   * Runs measured in every round beside the modes (the prediction's one-lane runs), so what they say
   * about the modes holds under the same load; not in the round records, the stopping rule or the live view.
   */
  companions?: readonly Companion[];
  onProgress?: (mode: ModeName, message: string) => void;
}

export interface Companion {
  mode: ModeName;
  lanes: number;
  /** What the progress line calls it. */
  label: string;
}

export interface RoundsResult {
  /** One per mode, in the order of `modes`. */
  measured: MeasuredMode[];
  rounds: RoundRecord[];
  stop: StopInfo;
  /** One per companion, in the order of `companions`. */
  companions: ModeResult[];
}

interface Live {
  mode: ModeName;
  /** Set for a companion run: its label. */
  companion?: string;
  session: ModeSession;
  base: ModeResult;
  reps: Condensed[];
  loadOutput?: ConsoleCapture;
}

export async function measureRounds(o: RoundsOptions): Promise<RoundsResult> {
  const t0 = performance.now();
  const done = new Map<ModeName, MeasuredMode>();
  const live: Live[] = [];
  const companions: Live[] = [];
  try {
    for (const mode of o.modes) {
      if (o.signal.aborted) throw new CancelledError();
      const opened = await openMeasuredMode({ ...o, mode, lanes: o.lanesOf(mode), onProgress: (m) => o.onProgress?.(mode, m) });
      if ('failed' in opened) done.set(mode, opened.failed);
      else live.push({ mode, session: opened.session, base: opened.base, reps: [], loadOutput: opened.session.loadOutput });
    }
    const companionFailed = new Map<Companion, ModeResult>();
    for (const c of o.companions ?? []) {
      if (o.signal.aborted) throw new CancelledError();
      const opened = await openMeasuredMode({ ...o, mode: c.mode, lanes: c.lanes, chunk: undefined, live: undefined, cpuProfile: undefined, onProgress: (m) => o.onProgress?.(c.mode, `${c.label}: ${m}`) });
      if ('failed' in opened) companionFailed.set(c, opened.failed.result);
      else companions.push({ mode: c.mode, companion: c.label, session: opened.session, base: opened.base, reps: [] });
    }
    const rounds: RoundRecord[] = [];
    let maxTimeMs = o.maxTimeMs;
    let stop: StopInfo | undefined;
    for (let r = 0; !stop; r++) {
      const order = rotate(live.map((l) => l.mode), r);
      const records: RoundModeRecord[] = [];
      // Companions take a rotating place among the modes too.
      const turns: Live[] = rotate([...live, ...companions], r);
      for (const l of turns) {
        if (l.companion !== undefined) {
          if (!companions.includes(l)) continue;
          o.onProgress?.(l.mode, `round ${r + 1}: ${l.companion}`);
          if (!(await measureCompanion(l, o, companionFailed, (o.companions ?? []).find((c) => c.label === l.companion)!))) companions.splice(companions.indexOf(l), 1);
          continue;
        }
        if (!live.includes(l)) continue;
        o.onProgress?.(l.mode, `round ${r + 1}: ${l.mode}`);
        const record = await measureOne(l, o, done);
        if (record) records.push(record);
        else live.splice(live.indexOf(l), 1);
      }
      if (records.length > 0) rounds.push({ order, modes: records });
      const elapsedMs = performance.now() - t0;
      if (r + 1 === o.repeat && maxTimeMs === undefined) maxTimeMs = MAX_TIME_FACTOR * elapsedMs;
      stop = stopReason(rounds, live, o, r + 1, elapsedMs, maxTimeMs);
      // What a live view needs for the time left: the rounds' pace, the minimum, and the budget once known.
      o.live?.({ kind: 'round-end', round: r + 1, minRounds: o.repeat, elapsedMs: Math.round(elapsedMs), ...(maxTimeMs !== undefined ? { maxTimeMs: Math.round(maxTimeMs) } : {}), at: Date.now() });
    }
    const measured: MeasuredMode[] = o.modes.map((mode) => {
      const l = live.find((x) => x.mode === mode);
      if (l) return { result: completedResult(l.base, l.reps, l.session, { ...o, mode }), loadOutput: l.loadOutput, repetitions: l.reps.map((x) => x.round) };
      return done.get(mode)!;
    });
    // With --cpu-profile: one profiled repetition per mode after every round, on the still-warm lanes.
    for (const m of measured) {
      const l = live.find((x) => x.mode === m.result.mode);
      const profiled = l ? await profileMode(l.session, m.result, { ...o, mode: l.mode, onProgress: (msg) => o.onProgress?.(l.mode, msg) }) : undefined;
      if (profiled) m.profiled = profiled;
    }
    const companionResults = (o.companions ?? []).map((c) => {
      const l = companions.find((x) => x.companion === c.label);
      return l ? completedResult(l.base, l.reps, l.session, { ...o, mode: l.mode }) : companionFailed.get(c)!;
    });
    return { measured, rounds, stop, companions: companionResults };
  } finally {
    await Promise.all([...live, ...companions].map((l) => l.session.close()));
  }
}

/** One repetition of a companion, off the live view; false (and its result kept) when it failed. */
async function measureCompanion(l: Live, o: RoundsOptions, failed: Map<Companion, ModeResult>, c: Companion): Promise<boolean> {
  try {
    const { rep, condensed } = await runMeasuredRepetition(l.session, { ...o, live: undefined }, { index: l.reps.length + 1, of: 0 });
    if (condensed) {
      l.reps.push(condensed);
      return true;
    }
    failed.set(c, withFailures(l.base, rep, o));
  } catch (err) {
    if (err instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    failed.set(c, failedResult(l.base, err));
  }
  await l.session.close();
  return false;
}

/** One repetition of one mode; undefined (and the mode's result recorded in `done`) when it failed. */
async function measureOne(l: Live, o: RoundsOptions, done: Map<ModeName, MeasuredMode>): Promise<RoundModeRecord | undefined> {
  const ctx = { ...o, mode: l.mode };
  try {
    const { rep, condensed } = await runMeasuredRepetition(l.session, o, { index: l.reps.length + 1, of: 0 });
    if (condensed) {
      l.reps.push(condensed);
      return condensed.round;
    }
    done.set(l.mode, { result: withFailures(l.base, rep, ctx), loadOutput: l.loadOutput });
  } catch (err) {
    if (err instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    done.set(l.mode, { result: failedResult(l.base, err), loadOutput: l.loadOutput });
  }
  await l.session.close();
  return undefined;
}

/** Round r starts at mode r (mod the count): each mode takes each place in turn. */
export function rotate<T>(items: readonly T[], r: number): T[] {
  if (items.length === 0) return [];
  const k = r % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function stopReason(rounds: RoundRecord[], live: Live[], o: RoundsOptions, count: number, elapsedMs: number, maxTimeMs: number | undefined): StopInfo | undefined {
  const base = { precision: o.precision, elapsedMs: Math.round(elapsedMs), ...(maxTimeMs !== undefined ? { maxTimeMs: Math.round(maxTimeMs) } : {}) };
  const pct = `±${+(o.precision * 100).toFixed(2)}%`;
  const took = `${count} round${count === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s`;
  if (!live.some((l) => l.mode === 'sequential')) {
    return { ...base, reason: 'fixed', message: `Stopped after ${took}: the sequential mode did not complete, so no speedup can be measured.` };
  }
  if (count < o.repeat) return undefined;
  if (o.precision === 0) return { ...base, reason: 'fixed', message: `Stopped after ${took}, as asked (--repeat ${o.repeat}, --precision 0).` };
  const unstable = unstableModes(rounds, live, o);
  if (unstable.length === 0) return { ...base, reason: 'stable', message: `Stopped after ${took}: every speedup's interval was within ${pct}.` };
  const which = unstable.join(', ');
  if (maxTimeMs !== undefined && elapsedMs >= maxTimeMs) {
    return { ...base, reason: 'time', message: `Stopped after ${took}: the time budget (${(maxTimeMs / 1000).toFixed(1)} s) ran out before every interval was within ${pct} (not yet: ${which}); the intervals say how uncertain the speedups still are.` };
  }
  if (count >= o.maxRounds) {
    return { ...base, reason: 'max-rounds', message: `Stopped after ${took}, the most allowed, before every interval was within ${pct} (not yet: ${which}).` };
  }
  return undefined;
}

/** Modes whose headline speedup (measured, or load-aware on a busy machine) is not yet within ±precision. */
function unstableModes(rounds: RoundRecord[], live: Live[], o: RoundsOptions): ModeName[] {
  const ctx = (mode: ModeName): EstimateContext => ({ mode, lanes: o.lanesOf(mode), tasks: o.taskArgs.length, cores: o.cores });
  const pairs = live.filter((l) => l.mode !== 'sequential').map((l) => ({
    mode: l.mode,
    paired: pairedSpeedup(rounds, l.mode),
    loadAware: loadAwareEstimate(rounds, ctx('sequential'), ctx(l.mode)),
  }));
  const basis = headlineBasis(rounds, pairs.map((p) => ({ measured: p.paired?.speedup, loadAware: p.loadAware })));
  return pairs.filter((p) => {
    // One round's ratio is no interval at all, however narrow it looks: two at least.
    if (!p.paired || p.paired.ratios.length < MIN_ROUNDS_FOR_STABLE) return true;
    const measuredOk = p.paired !== undefined && withinPrecision(p.paired.speedupCi, p.paired.speedup, o.precision);
    if (basis === 'measured' || !p.loadAware) return !measuredOk;
    return !withinPrecision(p.loadAware.speedupCi, p.loadAware.speedup, o.precision);
  }).map((p) => p.mode);
}
