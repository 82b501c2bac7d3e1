// Shared by the modes tests: start a mode over a fixture, count threads and child processes.
import { resolve } from 'node:path';
import type { ModeName } from '../../src/shared/report/report';
import { startMode } from '../../src/engine/modes';
import type { ModeSession, ModeStartOptions } from '../../src/engine/modes/types';
import { threadCount } from '../support/processes';

export { threadCount };

export const MODES: readonly ModeName[] = ['sequential', 'async', 'workers', 'processes'];
export const FIXTURES = resolve(__dirname, '../../../test/fixtures/modes');
export const TARGETS = resolve(FIXTURES, 'targets.js');

export function start(mode: ModeName, exportName: string, over: Partial<ModeStartOptions> & { file?: string } = {}): Promise<ModeSession> {
  const { file, ...rest } = over;
  return startMode(mode, {
    load: { bundlePath: file ?? TARGETS, exportName },
    lanes: 2,
    memoryLimitMb: 128,
    timeoutMs: 30000,
    signal: new AbortController().signal,
    // The workers mode's shared table of task numbers covers tasks 0–63: a test of up to 64 tasks takes
    // that path, a longer one both (the table, then a reply per task).
    taskCapacity: 64,
    ...rest,
  });
}

export const never = (): AbortSignal => new AbortController().signal;

export function args(n: number, f: (i: number) => unknown[]): unknown[][] {
  return Array.from({ length: n }, (_, i) => f(i));
}


export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what} (still not true after ${ms} ms)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Lanes gone: thread count back to where it was, every child pid dead, within `ms` (a second promised; 3 s of margin). */
export async function expectAllGone(threadsBefore: number, pids: number[], ms = 3000): Promise<void> {
  await waitFor(() => threadCount() <= threadsBefore, ms, `threads left over: ${threadCount()} now, ${threadsBefore} before`);
  await waitFor(() => pids.every((p) => !isAlive(p)), ms, `child processes still alive: ${pids.filter(isAlive).join(', ')}`);
}

/** Threads the runtime starts lazily (libuv's pool, inspector) appear once: start them before counting. */
export async function settleBaseline(): Promise<void> {
  const s = await start('workers', 'noop');
  await s.runRepetition(args(4, () => []), never());
  await s.close();
  const p = await start('processes', 'noop');
  await p.close();
  await new Promise((r) => setTimeout(r, 100));
}
