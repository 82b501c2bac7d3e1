// Interleaved rounds: every selected mode is started and warmed first, then each round runs one
// measured repetition of every mode, in an order that rotates from round to round, so a change in
// background load lands on every mode alike. After the minimum rounds, more are added until every
// speedup's interval is within ±precision or the time budget runs out (analyse/rounds.ts judges).
// The sessions stay open (idle between their turns) until the last round: the lanes stay warm.
import type { ConsoleCapture, ModeName, ModeResult, RoundModeRecord, RoundRecord, StopInfo } from '../../shared/report/report';
import { CancelledError } from '../errors';
import type { ModeSession } from '../modes/types';
import { headlineBasis, loadAwareEstimate, pairedSpeedup, withinPrecision, type EstimateContext } from '../analyse/rounds';
import { speedupsSoFar } from '../analyse/soFar';
import { clusteredMode, decidingMode, dispatchNoiseTaskMs, outsideTasksPerTaskMs, type Estimate } from '../analyse/stopRules';
import { formatMs, modeLabel } from '../../shared/wording/format';
import type { MeasureModeOptions, MeasuredMode } from './measureMode';
import { openMeasuredMode, startMeasuredMode, warmupPlan, type StartingMode } from './measureMode';
import { mayCountRoundAsWarmup, MIN_AUTO_WARMUPS_CHECKED_BY_ROUNDS, roundOneWords, stillWarmingInRoundOne, warmupInfoCheckedByRounds, type RoundPair, type WarmupPlan } from '../analyse/warmup';
import { runMeasuredRepetition, type Condensed } from './measuredRepetition';
import { completedResult, failedResult, withFailures } from './modeResult';
import { CoreMover } from './placement';
import { profileMode } from './profiledRepetition';
import { companionOverrides, pairVersusTurns, type VersusCompanion } from './versus';
import { machineNow } from '../runtime/clock';

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

/** A companion's repetitions run with the engine's thread and its lanes' on cores of their own (measure/placement.ts). */
export interface Companion {
  mode: ModeName;
  lanes: number;
  /** What the progress line calls it. */
  label: string;
  /** --versus: the other version's module, run where the OS puts it, as the modes are (measure/versus.ts). */
  versus?: VersusCompanion;
}

export interface RoundsResult {
  /** One per mode, in the order of `modes`. */
  measured: MeasuredMode[];
  rounds: RoundRecord[];
  stop: StopInfo;
  /** One per companion, in the order of `companions`. */
  companions: ModeResult[];
  /** Each companion's repetitions as a round records them (wall, wait, CPU), in run order; --versus pairs them with the modes'. */
  companionRounds: RoundModeRecord[][];
}

interface Live {
  mode: ModeName;
  /** Set for a companion run. */
  companion?: Companion;
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
  // Started before any mode: its one fork happens while the engine's heap is small.
  const placer = o.companions?.some((c) => !c.versus) ? CoreMover.start() : undefined;
  // Started, not yet opened: closed in `finally` if a cancel or a failure comes first.
  let starting: Array<StartingMode | undefined> = [];
  try {
    // Every mode's lanes start at once (the wait for them to boot overlaps); then, with every start
    // over, each mode warms in turn, so no warm-up shares the cores with another mode's start.
    // Warm-ups by evidence warm each mode once and let round 2 judge round 1 (analyse/warmup.ts), unless
    // --versus pairs the other version's repetitions with these rounds by their index, or the user
    // asked for no warm-up at all (--warmup 0: none, even by evidence).
    const checkRoundOne = o.autoWarmup === true && o.warmup > 0 && !(o.companions ?? []).some((c) => c.versus);
    const modeOptions = (mode: ModeName) => ({
      ...o, mode, lanes: o.lanesOf(mode), onProgress: (m: string) => o.onProgress?.(mode, m),
      ...(checkRoundOne ? { minAutoWarmups: MIN_AUTO_WARMUPS_CHECKED_BY_ROUNDS } : {}),
    });
    starting = o.modes.map((mode) => startMeasuredMode(modeOptions(mode)));
    await Promise.all(starting);
    for (const [i, mode] of o.modes.entries()) {
      if (o.signal.aborted) throw new CancelledError();
      const opened = await openMeasuredMode(modeOptions(mode), starting[i]);
      starting[i] = undefined;
      if ('failed' in opened) done.set(mode, opened.failed);
      else live.push({ mode, session: opened.session, base: opened.base, reps: [], loadOutput: opened.session.loadOutput });
    }
    // A companion's failure is its own result; the modes go on without it.
    const companionDone = new Map<Companion, MeasuredMode>();
    const companionOptions: RoundsOptions = { ...o, chunk: undefined, live: undefined, cpuProfile: undefined, placer };
    for (const c of o.companions ?? []) {
      if (o.signal.aborted) throw new CancelledError();
      const opened = await openMeasuredMode({ ...companionOptions, ...companionOverrides(c.versus), mode: c.mode, lanes: c.lanes, onProgress: (m) => o.onProgress?.(c.mode, `${c.label}: ${m}`) });
      if ('failed' in opened) companionDone.set(c, opened.failed);
      else companions.push({ mode: c.mode, companion: c, session: opened.session, base: opened.base, reps: [] });
    }
    const rounds: RoundRecord[] = [];
    const roundOne = checkRoundOne ? new RoundOneCheck(live, warmupPlan(o)) : undefined;
    let maxTimeMs = o.maxTimeMs;
    let stop: StopInfo | undefined;
    for (let r = 0; !stop; r++) {
      const turns = rotate(live, r);
      const order = turns.map((l) => l.mode);
      // The companions take their turn together at a place that moves from round to round, leaving the modes' order as it is.
      turns.splice(r % (turns.length + 1), 0, ...companions.filter((l) => !l.companion?.versus));
      pairVersusTurns(turns, companions.filter((l) => l.companion?.versus), r);
      const records: RoundModeRecord[] = [];
      for (const l of turns) {
        const c = l.companion;
        // Numbered as kept: a round 1 counted as a warm-up leaves the next one round 1 again.
        o.onProgress?.(l.mode, `round ${rounds.length + 1}: ${c ? c.label : l.mode}`);
        if (c) {
          if (!(await measureOne(l, { ...companionOptions, ...companionOverrides(c.versus) }, (m) => companionDone.set(c, m)))) companions.splice(companions.indexOf(l), 1);
          continue;
        }
        const record = await measureOne(l, o, (m) => done.set(l.mode, m));
        if (record) records.push(record);
        else live.splice(live.indexOf(l), 1);
      }
      if (records.length > 0) rounds.push({ order, modes: records });
      const warming = roundOne?.judge(rounds, live);
      if (warming) o.onProgress?.(warming.mode, `round 1 counted as a warm-up: ${warming.why}`);
      const elapsedMs = performance.now() - t0;
      if (rounds.length === o.repeat && maxTimeMs === undefined) maxTimeMs = MAX_TIME_FACTOR * elapsedMs;
      stop = stopReason(rounds, live, o, rounds.length, elapsedMs, maxTimeMs);
      // What a live view needs for the time left: the rounds' pace, the minimum, and the budget once known.
      // ...and each mode's speedup so far: the answer from round 1, narrowing as rounds are added.
      if (o.live) {
        const speedups = speedupsSoFar(rounds, live.map((l) => ({ mode: l.mode, lanes: o.lanesOf(l.mode) })));
        o.live({
          kind: 'round-end', round: rounds.length, ...(rounds.length !== r + 1 ? { run: r + 1 } : {}), minRounds: o.repeat, elapsedMs: Math.round(elapsedMs), ...(maxTimeMs !== undefined ? { maxTimeMs: Math.round(maxTimeMs) } : {}),
          at: machineNow(), ...(speedups.length > 0 ? { speedups } : {}),
        });
      }
    }
    roundOne?.end(live);
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
      const l = companions.find((x) => x.companion === c);
      return l ? completedResult(l.base, l.reps, l.session, { ...o, mode: l.mode }) : companionDone.get(c)!.result;
    });
    // --versus with --cpu-profile: the other version's modes get their own profiled repetition too, so
    // the comparison can say where each version's time went (its files named apart from this version's).
    if (o.cpuProfile) {
      const cpuProfile = { ...o.cpuProfile, prefix: `${o.cpuProfile.prefix}-versus`, taskFunction: undefined };
      for (const [i, c] of (o.companions ?? []).entries()) {
        const l = companions.find((x) => x.companion === c);
        if (!l || !c.versus) continue;
        await profileMode(l.session, companionResults[i], { ...o, ...companionOverrides(c.versus), cpuProfile, mode: l.mode, onProgress: (msg) => o.onProgress?.(l.mode, `${c.label}: ${msg}`) });
      }
    }
    const companionRounds = (o.companions ?? []).map((c) => companions.find((x) => x.companion === c)?.reps.map((x) => x.round) ?? []);
    return { measured, rounds, stop, companions: companionResults, companionRounds };
  } finally {
    placer?.close();
    await Promise.all([...live, ...companions].map((l) => l.session.close()));
    await Promise.all(starting.map(async (s) => { const session = await s; if (session && !(session instanceof Error)) await session.close(); }));
  }
}

/** One repetition of one mode (or companion); undefined (its lanes closed, its result given to `failed`) when it failed. */
async function measureOne(l: Live, o: RoundsOptions, failed: (m: MeasuredMode) => void): Promise<RoundModeRecord | undefined> {
  const ctx = { ...o, mode: l.mode };
  try {
    const { rep, condensed } = await runMeasuredRepetition(l.session, o, { index: l.reps.length + 1, of: 0 });
    if (condensed) {
      l.reps.push(condensed);
      return condensed.round;
    }
    failed({ result: withFailures(l.base, rep, ctx), loadOutput: l.loadOutput });
  } catch (err) {
    if (err instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    failed({ result: failedResult(l.base, err), loadOutput: l.loadOutput });
  }
  await l.session.close();
  return undefined;
}

/**
 * Round 1 judged by round 2, for modes warmed once: while some mode's round 1 was still getting
 * faster, the whole round 1 (every mode, so the rounds stay paired) is counted as a warm-up and
 * round 2 becomes round 1, up to the most warm-ups allowed. Each mode's warm-up record says what
 * happened once it is settled.
 */
class RoundOneCheck {
  private settled = false;
  private demoted = 0;
  private why: string | undefined;
  private readonly walls = new Map<ModeName, number[]>();

  constructor(live: readonly Live[], private readonly plan: WarmupPlan) {
    for (const l of live) this.walls.set(l.mode, [...(l.base.warmups?.wallMs ?? [])]);
  }

  /** After each round: when round 1 was counted as a warm-up, the first mode still getting faster and why. */
  judge(rounds: RoundRecord[], live: Live[]): { mode: ModeName; why: string } | undefined {
    if (this.settled || rounds.length !== 2) return undefined;
    const wall = (r: RoundRecord, mode: ModeName) => r.modes.find((m) => m.mode === mode)?.wallMs;
    const pairs: RoundPair[] = live.flatMap((l) => {
      const r1 = wall(rounds[0], l.mode);
      const r2 = wall(rounds[1], l.mode);
      return r1 !== undefined && r2 !== undefined ? [{ mode: l.mode, r1, r2 }] : [];
    });
    const warming = stillWarmingInRoundOne(pairs);
    const counts = live.map((l) => this.walls.get(l.mode)?.length ?? 0);
    if (warming.length > 0 && mayCountRoundAsWarmup(counts, this.plan)) {
      rounds.shift();
      for (const l of live) {
        l.reps.shift();
        const r1 = pairs.find((p) => p.mode === l.mode)?.r1;
        if (r1 !== undefined) this.walls.get(l.mode)?.push(r1);
      }
      this.demoted++;
      this.why = roundOneWords(warming);
      return { mode: warming[0].mode, why: this.why };
    }
    this.settled = true;
    for (const l of live) {
      const held = pairs.find((p) => p.mode === l.mode);
      l.base.warmups = warmupInfoCheckedByRounds(this.walls.get(l.mode) ?? [], this.demoted, this.why, warming.length === 0 && held ? { held } : 'cap');
    }
    return undefined;
  }

  /** The rounds ended before round 2 could judge round 1 (a time budget, a failure): the records say so. */
  end(live: readonly Live[]): void {
    if (this.settled) return;
    for (const l of live) l.base.warmups = warmupInfoCheckedByRounds(this.walls.get(l.mode) ?? [], this.demoted, this.why, 'unchecked');
  }
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
  const { unstable, estimates } = judgeModes(rounds, live, o);
  // Rules that know more rounds cannot help come first where they say more than "stable" would.
  const noise = count >= MIN_ROUNDS_FOR_STABLE ? dispatchNoiseTaskMs(rounds, o.taskArgs.length) : undefined;
  if (noise !== undefined) {
    // The run's own measure of dispatch, not a number from another machine.
    const par = live.find((l) => l.mode === 'workers' || l.mode === 'processes');
    const outside = par ? outsideTasksPerTaskMs(rounds, par.mode, par.base.lanes, o.taskArgs.length) : undefined;
    const cost = par && outside !== undefined && outside > noise
      ? `, while ${modeLabel(par.mode)} spent ${formatMs(outside)} a task outside the tasks (its lanes' time less the tasks' own)`
      : '';
    return { ...base, reason: 'too-short', message: `Stopped after ${took}: the sequential run's tasks took ${formatMs(noise)} each on average${cost}, so every speedup here measures the dispatch around a no-op, not the work; more rounds would only measure that noise again.` };
  }
  if (unstable.length === 0) return { ...base, reason: 'stable', message: `Stopped after ${took}: every speedup's interval was within ${pct}.` };
  const which = unstable.join(', ');
  if (maxTimeMs !== undefined && elapsedMs >= maxTimeMs) {
    return { ...base, reason: 'time', message: `Stopped after ${took}: the time budget (${(maxTimeMs / 1000).toFixed(1)} s) ran out before every interval was within ${pct} (not yet: ${which}); the intervals say how uncertain the speedups still are.` };
  }
  const decided = decidingMode(estimates);
  if (decided !== undefined) {
    const clear = decided === 'sequential'
      ? 'every parallel mode\'s interval lies below 1× (each slower than sequential)'
      : `${decided}'s interval lies above 1× and above every other mode's`;
    return { ...base, reason: 'decided', message: `Stopped after ${took}: ${clear}, so no tie is left for more rounds to break, though not every interval is within ${pct} yet (${which}).` };
  }
  const clustered = clusteredMode(rounds, estimates.filter((e) => unstable.includes(e.mode)).map((e) => ({ mode: e.mode, ratios: e.ratios })));
  if (clustered) {
    const [a, b] = clustered.clusters.centres;
    const [na, nb] = clustered.clusters.sizes;
    const fmt = clustered.what === 'speedups' ? (x: number) => `${x.toFixed(2)}×` : formatMs;
    return { ...base, reason: 'clustered', message: `Stopped after ${took}: ${clustered.mode === 'sequential' ? 'the sequential' : `${clustered.mode}'s`} ${clustered.what === 'speedups' ? 'per-round speedups' : 'run times'} fall into two clusters (about ${fmt(a)} in ${na} rounds and ${fmt(b)} in ${nb}), so the interval spans both and more rounds would not narrow it.` };
  }
  if (count >= o.maxRounds) {
    return { ...base, reason: 'max-rounds', message: `Stopped after ${took}, the most allowed, before every interval was within ${pct} (not yet: ${which}).` };
  }
  return undefined;
}

/**
 * Modes whose headline speedup (measured, or load-aware on a busy machine) is not yet within
 * ±precision, and every parallel mode's headline estimate with its interval and per-round ratios.
 */
function judgeModes(rounds: RoundRecord[], live: Live[], o: RoundsOptions): { unstable: ModeName[]; estimates: Array<Estimate & { ratios: number[] }> } {
  const ctx = (mode: ModeName): EstimateContext => ({ mode, lanes: o.lanesOf(mode), tasks: o.taskArgs.length, cores: o.cores });
  const pairs = live.filter((l) => l.mode !== 'sequential').map((l) => ({
    mode: l.mode,
    paired: pairedSpeedup(rounds, l.mode),
    loadAware: loadAwareEstimate(rounds, ctx('sequential'), ctx(l.mode)),
  }));
  const basis = headlineBasis(rounds, pairs.map((p) => ({ measured: p.paired?.speedup, loadAware: p.loadAware })));
  const unstable = pairs.filter((p) => {
    // One round's ratio is no interval at all, however narrow it looks: two at least.
    if (!p.paired || p.paired.ratios.length < MIN_ROUNDS_FOR_STABLE) return true;
    const measuredOk = p.paired !== undefined && withinPrecision(p.paired.speedupCi, p.paired.speedup, o.precision);
    if (basis === 'measured' || !p.loadAware) return !measuredOk;
    return !withinPrecision(p.loadAware.speedupCi, p.loadAware.speedup, o.precision);
  }).map((p) => p.mode);
  // Deciding needs an interval for every mode: any with fewer than two rounds, none decides.
  const estimates = pairs.every((p) => p.paired && p.paired.ratios.length >= MIN_ROUNDS_FOR_STABLE)
    ? pairs.map((p) => {
      const la = basis === 'load-aware' ? p.loadAware : undefined;
      return la?.speedupCi
        ? { mode: p.mode, speedup: la.speedup, ci: la.speedupCi, ratios: p.paired!.ratios }
        : { mode: p.mode, speedup: p.paired!.speedup, ci: p.paired!.speedupCi, ratios: p.paired!.ratios };
    })
    : [];
  return { unstable, estimates };
}
