// One entry to start any mode; the orchestrator needs nothing else from this folder.
import type { ModeName } from '../../shared/report/report';
import { startAsyncMode } from './async';
import { startProcessesMode } from './processes';
import { startQueueMode } from './queue';
import { startSequentialMode } from './sequential';
import type { ModeSession, ModeStartOptions, ModeStarter } from './types';
import { startWorkersMode } from './workers';

const STARTERS: Record<ModeName, ModeStarter> = {
  sequential: startSequentialMode,
  async: startAsyncMode,
  workers: startWorkersMode,
  processes: startProcessesMode,
  queue: startQueueMode,
};

/** Starts the mode's lanes and loads the user's module in each; the session's startupMs says how long that took. */
export function startMode(mode: ModeName, o: ModeStartOptions): Promise<ModeSession> {
  return STARTERS[mode](o);
}

export type { ModeSession, ModeStartOptions, RepetitionResult, RawTask, LoadSpec } from './types';
