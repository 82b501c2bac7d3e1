// sequential: the N tasks one after another, each awaited, on one worker thread.
import { startBatchMode } from './batchMode';
import type { ModeStarter } from './types';

export const startSequentialMode: ModeStarter = (o) => startBatchMode('sequential', { ...o, lanes: 1 });
