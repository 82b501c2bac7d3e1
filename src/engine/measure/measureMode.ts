// Runs one mode the honest way: start its lanes (timed apart), warm every lane, then R measured
// repetitions each under the CPU sampler; keep the median repetition's detail. The interleaved
// rounds (rounds.ts) use the same steps, one repetition of each mode at a time.
import type { ConsoleCapture, ModeName, ModeResult, RoundModeRecord } from '../../shared/report/report';
import { CancelledError } from '../errors';
import { startMode } from '../modes';
import { rememberTaskArgSizes } from '../arguments/argumentSizes';
import type { LoadSpec, ModeSession } from '../modes/types';
import type { QueueSettings } from '../modes/types';
import { runMeasuredRepetition, type Condensed } from './measuredRepetition';
import type { CoreMover } from './placement';
import { completedResult, failedResult, withFailures } from './modeResult';
import type { LiveEvent } from '../../shared/live/events';
import { liveRepetition, sampleForLiveView } from './liveRepetition';
import { profileMode, type CpuProfileSettings, type ProfiledMode } from './profiledRepetition';
import { needsAnotherWarmup, warmupInfo, type WarmupPlan } from '../analyse/warmup';
import { machineNow } from '../runtime/clock';

export interface MeasureModeOptions {
  mode: ModeName;
  load: LoadSpec;
  lanes: number;
  /** Workers and processes: consecutive tasks per message (see ModeStartOptions.chunk). */
  chunk?: number;
  taskArgs: unknown[][];
  /** Serialised size of each task's arguments, as the arguments evaluator measured it. */
  argBytes: number[];
  warmup: number;
  /** Warm-ups by evidence: `warmup` is then the least, more run while the repetitions still get faster (analyse/warmup.ts). */
  autoWarmup?: boolean;
  /** With autoWarmup, the fewest warm-ups (default MIN_AUTO_WARMUPS); interleaved rounds check round 1 with round 2 and warm once. */
  minAutoWarmups?: number;
  repeat: number;
  timeoutMs: number;
  memoryLimitMb: number;
  sampleIntervalMs: number;
  cores: number;
  signal: AbortSignal;
  onProgress?: (stage: string) => void;
  /** Live events (mode start, repetition boundaries, CPU samples, task batches) for a watcher; never throws. */
  live?: (e: LiveEvent) => void;
  /** Profile every lane during one extra repetition after the measured ones (not counted). */
  cpuProfile?: CpuProfileSettings;
  /** The prediction's one-lane runs: engine and lane threads on cores of their own while measured (placement.ts). */
  placer?: CoreMover;
  /** The queue mode's Redis and lanes. */
  queue?: QueueSettings;
}

export interface MeasuredMode {
  result: ModeResult;
  loadOutput?: ConsoleCapture;
  /** With cpuProfile, when the profiled repetition ran: what the slowdowns against sequential need. */
  profiled?: ProfiledMode;
  /** Each measured repetition as a round records it, in run order. */
  repetitions?: RoundModeRecord[];
}

/** A mode started and warmed, ready for measured repetitions; or its failed result. */
export type OpenedMode = { session: ModeSession; base: ModeResult } | { failed: MeasuredMode };

/** A mode's lanes being started, or the error that stopped them (a cancel included). */
export type StartingMode = Promise<ModeSession | Error>;

/**
 * Starts the mode's lanes and loads the user's module in each, without waiting. Interleaved rounds
 * start every mode this way at once: most of a start is waiting for threads and processes to boot,
 * so starting them together costs about the slowest one instead of the sum (a no-op's profile()
 * spent most of its time here, in turn, before).
 */
export function startMeasuredMode(o: Omit<MeasureModeOptions, 'repeat'>): StartingMode {
  const chunk = chunkOf(o);
  o.live?.({ kind: 'mode-start', mode: o.mode, lanes: o.lanes, at: machineNow() });
  // The session enforces the mode's timeout; the same signal also carries the user's cancel.
  return startMode(o.mode, {
    load: o.load, lanes: o.lanes, memoryLimitMb: o.memoryLimitMb, timeoutMs: o.timeoutMs, signal: o.signal, taskCapacity: o.taskArgs.length, chunk,
    ...(o.queue ? { queue: o.queue } : {}),
  }).catch((err: unknown) => err as Error);
}

function chunkOf(o: Pick<MeasureModeOptions, 'chunk' | 'mode'>): number | undefined {
  return o.chunk !== undefined && o.chunk > 1 && (o.mode === 'workers' || o.mode === 'processes') ? o.chunk : undefined;
}

/**
 * Starts the mode's lanes (or takes those `starting` already started) and runs its warm-ups. A
 * cancel is thrown; any other failure comes back as a result.
 */
export async function openMeasuredMode(o: Omit<MeasureModeOptions, 'repeat'>, starting?: StartingMode): Promise<OpenedMode> {
  const chunk = chunkOf(o);
  const base: ModeResult = { mode: o.mode, status: 'completed', lanes: o.lanes, ...(chunk ? { chunk } : {}) };
  const session = await (starting ?? startMeasuredMode(o));
  if (session instanceof Error) {
    if (session instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    return { failed: { result: failedResult(base, session) } };
  }
  rememberTaskArgSizes(o.taskArgs, o.argBytes);
  try {
    const plan = warmupPlan(o);
    const walls: number[] = [];
    while (needsAnotherWarmup(walls, plan)) {
      const w = walls.length;
      // Auto: how many is not known ahead, so "warm-up 2", open-ended (of 0) as the rounds are.
      const of = plan.auto ? 0 : o.warmup;
      o.onProgress?.(`${o.mode}: warm-up ${w + 1}${of ? ` of ${of}` : ''}`);
      const live = liveRepetition(o.live, o.mode, true, w + 1, of);
      // Sampled only when a live view watches, so the CPU chart moves from the mode's first task.
      const sampling = live ? sampleForLiveView(live, o.sampleIntervalMs, () => session.pids) : undefined;
      const rep = await session.runRepetition(o.taskArgs, o.signal, live?.batcher.sink).finally(() => {
        sampling?.stop();
        live?.batcher.close();
      });
      live?.end(rep);
      if (rep.failures.length > 0) {
        await session.close();
        return { failed: { result: withFailures(base, rep, o), loadOutput: session.loadOutput } };
      }
      walls.push(rep.endedAt - rep.startedAt);
    }
    if (walls.length > 0) base.warmups = warmupInfo(walls, plan);
  } catch (err) {
    await session.close();
    if (err instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    return { failed: { result: failedResult(base, err), loadOutput: session.loadOutput } };
  }
  return { session, base };
}

export function warmupPlan(o: Pick<MeasureModeOptions, 'warmup' | 'autoWarmup' | 'minAutoWarmups'>): WarmupPlan {
  return { warmup: o.warmup, auto: o.autoWarmup === true, ...(o.minAutoWarmups !== undefined ? { min: o.minAutoWarmups } : {}) };
}

export async function measureMode(o: MeasureModeOptions): Promise<MeasuredMode> {
  const opened = await openMeasuredMode(o);
  if ('failed' in opened) return opened.failed;
  const { session, base } = opened;
  try {
    const reps: Condensed[] = [];
    for (let r = 0; r < o.repeat; r++) {
      o.onProgress?.(`${o.mode}: repetition ${r + 1} of ${o.repeat}`);
      const { rep, condensed } = await runMeasuredRepetition(session, o, { index: r + 1, of: o.repeat });
      if (!condensed) return { result: withFailures(base, rep, o), loadOutput: session.loadOutput };
      reps.push(condensed);
    }
    const result = completedResult(base, reps, session, o);
    const profiled = await profileMode(session, result, o);
    return { result, loadOutput: session.loadOutput, repetitions: reps.map((r) => r.round), ...(profiled ? { profiled } : {}) };
  } catch (err) {
    if (err instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    return { result: failedResult(base, err), loadOutput: session.loadOutput };
  } finally {
    await session.close();
  }
}
