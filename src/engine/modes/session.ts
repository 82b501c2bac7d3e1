// The shell every mode shares: start the lanes under the mode's time bound, run repetitions under it,
// and after any failure (timeout, cancel, crash) stop every lane and refuse further work.
import type { ConsoleCapture, ModeName, QueueInfo } from '../../shared/report/report';
import { machineNow } from '../runtime/clock';
import { ProfilerError } from '../errors';
import { ModeLimits } from './limits';
import type { ModeSession, ModeStartOptions, RepetitionResult, TaskSink } from './types';
import type { ProfileReply, ProfileRequest } from '../lanes/wire';

/** The mode-specific half: a set of threads or processes. */
export interface LaneDriver {
  readonly pids: number[];
  /** The lanes' JS threads as the OS knows them (Linux; empty elsewhere), known once started. */
  readonly osThreadIds: number[];
  /** Resolves once every lane has loaded the user's module. */
  start(): Promise<ConsoleCapture>;
  run(taskArgs: readonly unknown[][], onTask?: TaskSink): Promise<RepetitionResult>;
  profileLanes(request: ProfileRequest): Promise<ProfileReply[]>;
  laneIndex(laneId: number): number | undefined;
  /** Kills every lane; resolves when all are gone. Safe to call more than once. */
  destroy(): Promise<void>;
  /** The queue mode's record: its Redis, workers and per-job costs. */
  queueInfo?(): QueueInfo;
}

export async function openSession(mode: ModeName, lanes: number, o: ModeStartOptions, driver: LaneDriver): Promise<ModeSession> {
  const limits = new ModeLimits(mode, o.timeoutMs, o.signal);
  const t0 = machineNow();
  let loadOutput: ConsoleCapture;
  try {
    loadOutput = await limits.enforce(driver.start(), () => driver.destroy(), undefined, 'starting');
  } catch (err) {
    await driver.destroy();
    throw err;
  }
  return new BoundSession(mode, lanes, machineNow() - t0, loadOutput, driver, limits);
}

class BoundSession implements ModeSession {
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private busy = false;

  constructor(
    readonly mode: ModeName,
    readonly lanes: number,
    readonly startupMs: number,
    readonly loadOutput: ConsoleCapture,
    private readonly driver: LaneDriver,
    private readonly limits: ModeLimits,
  ) {}

  get pids(): number[] {
    return this.driver.pids;
  }

  get osThreadIds(): number[] {
    return this.driver.osThreadIds;
  }

  async runRepetition(taskArgs: readonly unknown[][], signal: AbortSignal, onTask?: TaskSink): Promise<RepetitionResult> {
    if (this.failure) throw this.failure;
    if (this.closing) throw new ProfilerError('WORKER_CRASHED', `The ${this.mode} mode was already closed.`);
    if (this.busy) throw new ProfilerError('BUSY', `The ${this.mode} mode is already running a repetition.`);
    this.busy = true;
    try {
      return await this.limits.enforce(this.driver.run(taskArgs, onTask), () => this.close(), signal);
    } catch (err) {
      // Whatever failed, the lanes may be in any state: none of them is trusted again.
      this.failure = err instanceof Error ? err : new Error(String(err));
      await Promise.race([this.close(), new Promise((r) => setTimeout(r, 1000).unref())]);
      throw this.failure;
    } finally {
      this.busy = false;
    }
  }

  async profileLanes(request: ProfileRequest, signal: AbortSignal): Promise<ProfileReply[]> {
    if (this.failure) throw this.failure;
    if (this.closing) throw new ProfilerError('WORKER_CRASHED', `The ${this.mode} mode was already closed.`);
    try {
      return await this.limits.enforce(this.driver.profileLanes(request), () => this.close(), signal);
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      await Promise.race([this.close(), new Promise((r) => setTimeout(r, 1000).unref())]);
      throw this.failure;
    }
  }

  laneIndex(laneId: number): number | undefined {
    return this.driver.laneIndex(laneId);
  }

  queueInfo(): QueueInfo | undefined {
    return this.driver.queueInfo?.();
  }

  close(): Promise<void> {
    this.closing ??= this.driver.destroy();
    return this.closing;
  }
}
