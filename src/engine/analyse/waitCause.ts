// Who held the cores while a mode's tasks waited for one. The kernel's run-queue wait says a task was
// ready and had no core; it does not say who had them. Other programs are named only where their load
// was measured (OUTSIDE_LOAD_FOR_WAIT_CORES or more); with less, the process's own threads held them
// (gzip through libuv's pool waited 12% with other programs at 0.00 cores), and that is a cost of the
// mode on this machine, not a busy machine to profile away.
import { formatNumber } from '../../shared/wording/format';
import type { ModeName, ModeResult } from '../../shared/report/report';
import type { Context } from './context';
import { OUTSIDE_LOAD_FOR_WAIT_CORES } from './rounds';
import { otherLoadCores } from './runFindings';
import { median } from './stats';

export interface WaitCause {
  /** 'outside': other programs measured; 'own': they were measured and too few; 'unknown': not measured. */
  who: 'outside' | 'own' | 'unknown';
  /** Other programs' load, cores: the median over the mode's rounds, else its samples. */
  load?: number;
  /** A clause: "other programs held the cores", or who did instead. */
  words: string;
}

/** Other programs' load during a mode: the median over its rounds, else over its samples. */
export function outsideLoadDuring(ctx: Pick<Context, 'input' | 'completed'>, mode: ModeName): number | undefined {
  const loads = (ctx.input.rounds?.rounds ?? []).flatMap((r) => r.modes.filter((m) => m.mode === mode))
    .map((r) => r.externalLoad).filter((x): x is number => x !== undefined);
  if (loads.length > 0) return median(loads);
  const m: ModeResult | undefined = ctx.completed[mode];
  return m ? otherLoadCores(m) : undefined;
}

export function waitCause(ctx: Pick<Context, 'input' | 'completed'>, mode: ModeName): WaitCause {
  const load = outsideLoadDuring(ctx, mode);
  if (load === undefined) return { who: 'unknown', words: 'other programs or the process\'s own threads held the cores' };
  if (load >= OUTSIDE_LOAD_FOR_WAIT_CORES) return { who: 'outside', load, words: 'other programs held the cores' };
  return {
    who: 'own', load,
    words: `other programs used only ${formatNumber(load)} cores, so the process's own threads held them (V8's garbage collector, libuv's thread pool, the profiler's own thread)`,
  };
}
