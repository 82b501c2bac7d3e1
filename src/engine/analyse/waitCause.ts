// Who held the cores while a mode's tasks waited for one. The kernel's run-queue wait says a task was
// ready and had no core; it does not say who had them. Other programs are named only where their load
// was measured (OUTSIDE_LOAD_FOR_WAIT_CORES or more); with less, the process's own threads held them
// (gzip through libuv's pool waited 12% with other programs at 0.00 cores), and that is a cost of the
// mode on this machine, not a busy machine to profile away.
import { formatNumber } from '../../shared/wording/format';
import type { ModeName, ModeResult } from '../../shared/report/report';
import type { Context } from './context';
import { OUTSIDE_LOAD_FOR_WAIT_CORES, outsideLoadInRounds, outsideLoadOfRounds } from './rounds';
import { otherLoadCores } from './runFindings';

export interface WaitCause {
  /** 'outside': other programs measured; 'own': they were measured and too few; 'unknown': not measured. */
  who: 'outside' | 'own' | 'unknown';
  /** Other programs' load, cores: over the mode's loaded rounds where they count, else all its rounds, else its samples. */
  load?: number;
  /** A clause: "other programs held the cores", or who did instead. */
  words: string;
}

/** Whether other programs were measured during a mode, and how busy: over its rounds, else its samples. */
function outsideDuring(ctx: Pick<Context, 'input' | 'completed'>, mode: ModeName): { outside: boolean; load: number; few?: { loaded: number; of: number } } | undefined {
  const rounds = ctx.input.rounds?.rounds ?? [];
  const o = outsideLoadOfRounds(rounds, mode);
  if (o) {
    const outside = outsideLoadInRounds(rounds, mode);
    // Busy in the rounds it was, but too few of them to call the machine busy.
    const few = !outside && o.median >= OUTSIDE_LOAD_FOR_WAIT_CORES ? { few: { loaded: o.loaded, of: o.rounds } } : {};
    return { outside, load: outside ? o.loadedMedian ?? o.median : o.median, ...few };
  }
  const m: ModeResult | undefined = ctx.completed[mode];
  const load = m ? otherLoadCores(m) : undefined;
  return load === undefined ? undefined : { outside: load >= OUTSIDE_LOAD_FOR_WAIT_CORES, load };
}

export function waitCause(ctx: Pick<Context, 'input' | 'completed'>, mode: ModeName): WaitCause {
  const o = outsideDuring(ctx, mode);
  if (o === undefined) return { who: 'unknown', words: 'other programs or the process\'s own threads held the cores' };
  if (o.outside) return { who: 'outside', load: o.load, words: 'other programs held the cores' };
  if (o.few) {
    return { who: 'unknown', load: o.load, words: `other programs kept ${formatNumber(o.load)} cores busy, but in ${o.few.loaded} of ${o.few.of} rounds, too few to tell them from the process's own threads` };
  }
  return {
    who: 'own', load: o.load,
    words: `other programs used only ${formatNumber(o.load)} cores, so the process's own threads held them (V8's garbage collector, libuv's thread pool, the profiler's own thread)`,
  };
}
