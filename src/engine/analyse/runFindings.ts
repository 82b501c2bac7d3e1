// What the measurement itself says about trust: modes that failed or timed out, noisy runs, too few runs.
import { formatPercent, modeLabel } from '../../shared/format';
import { NOISY_RELATIVE_SPREAD } from '../stats';
import { type Context, type Scored, finding } from './context';

/** Fewer measured runs than this give no spread worth quoting. */
const FEW_RUNS = 3;

export function failureFindings(ctx: Context): Scored[] {
  const out: Scored[] = [];
  for (const m of ctx.input.modes) {
    const reason = m.error?.message ?? 'no reason was recorded';
    if (m.status === 'timeout') {
      out.push({ finding: finding('timeout', 'problem', `${modeLabel(m.mode)} timed out: ${reason}`, { mode: m.mode }) });
    } else if (m.status === 'failed') {
      const failed = m.failedTasks?.length;
      out.push({
        finding: finding('failed', 'problem', `${modeLabel(m.mode)} failed: ${reason}`,
          { mode: m.mode, code: m.error?.code, failedTasks: failed, task: m.error?.task }),
      });
    }
  }
  return out;
}

export function noisyFinding(ctx: Context): Scored | undefined {
  const noisy = ctx.input.modes
    .filter((m) => m.status === 'completed' && m.wallMs && m.wallMs.runs.length > 1)
    .map((m) => {
      const w = m.wallMs!;
      const rel = w.relativeSpread ?? (w.median > 0 ? (w.max - w.min) / w.median : 0);
      return { mode: m.mode, rel };
    })
    .filter((x) => x.rel > NOISY_RELATIVE_SPREAD)
    .sort((a, b) => b.rel - a.rel);
  if (noisy.length === 0) return undefined;
  const list = noisy.map((x) => `${modeLabel(x.mode)} ${formatPercent(x.rel)}`).join(', ');
  const data: Record<string, number | string> = { worstMode: noisy[0].mode, worstSpread: noisy[0].rel };
  for (const x of noisy) data[`spread.${x.mode}`] = x.rel;
  return {
    finding: finding('noisy', 'warning',
      `The machine was noisy: runs spread by more than ${formatPercent(NOISY_RELATIVE_SPREAD)} around their median (${list}), so the speedups are uncertain by about as much. Close other programs, or raise --repeat.`,
      data),
  };
}

export function fewRunsFinding(ctx: Context): Scored | undefined {
  const counts = ctx.input.modes.filter((m) => m.status === 'completed' && m.wallMs).map((m) => m.wallMs!.runs.length);
  if (counts.length === 0) return undefined;
  const fewest = Math.min(...counts);
  if (fewest >= FEW_RUNS) return undefined;
  return {
    finding: finding('other', 'info',
      `Only ${fewest === 1 ? 'one measured run' : `${fewest} measured runs`} per mode: the numbers carry no spread, so a disturbed run cannot be told apart. Use --repeat 5 or more for confidence intervals.`,
      { runs: fewest }),
  };
}
