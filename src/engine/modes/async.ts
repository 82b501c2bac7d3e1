// async: all N tasks started together with Promise.all on one worker thread; they overlap only at
// their awaits. Each call's lane is the lowest slot free when it started.
import { startBatchMode } from './batchMode';
import type { ModeStarter } from './types';

export const startAsyncMode: ModeStarter = (o) => startBatchMode('async', { ...o, lanes: 1 });
