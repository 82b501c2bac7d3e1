// What the measurement itself says about trust: modes that failed or timed out, noisy runs, too few runs.
import { formatNumber, formatPercent, modeLabel } from '../../shared/wording/format';
import type { ModeName, ModeResult } from '../../shared/report/report';
import { clipReportText } from '../errors';
import { NOISY_RELATIVE_SPREAD } from './stats';
import { type Context, type Scored, finding } from './context';

/** Fewer measured runs than this give no spread worth quoting. */
const FEW_RUNS = 3;

export function failureFindings(ctx: Context): Scored[] {
  const out: Scored[] = [];
  for (const m of ctx.input.modes) {
    // A task's error can be as long as a report allows: the finding quotes its start; the mode's error keeps the rest.
    const reason = clipReportText(m.error?.message ?? 'no reason was recorded', 2000);
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

/** Other programs this busy (in cores, on average) while a mode ran make every number compete with them. */
export const BUSY_MACHINE_CORES = 0.5;

/**
 * Cores kept busy by everything but the profiling process tree during a mode's median repetition:
 * all cores' busy time minus the tree's, weighted by sample duration. Undefined without a process series.
 */
export function otherLoadCores(m: ModeResult): number | undefined {
  const c = m.cpu;
  if (!c || !c.process || c.process.length !== c.t.length || c.t.length === 0) return undefined;
  let weighted = 0;
  let duration = 0;
  for (let s = 0; s < c.t.length; s++) {
    const dt = s === 0 ? (c.t[0] > 0 ? Math.min(c.t[0], c.intervalMs) : c.intervalMs) : c.t[s] - c.t[s - 1];
    if (!(dt > 0)) continue;
    let all = 0;
    for (const core of c.cores) all += core[s] ?? 0;
    weighted += Math.max(0, all - c.process[s]) * dt;
    duration += dt;
  }
  return duration > 0 ? weighted / duration / 100 : undefined;
}

/**
 * Other programs busy while the modes ran. The runs' spread itself is each mode's noise warning
 * (noiseWarnings.ts, with its cause from the evidence): said once, there.
 */
export function noisyFinding(ctx: Context): Scored | undefined {
  const done = ctx.input.modes.filter((m) => m.status === 'completed' && m.wallMs);
  const loads = done
    .map((m) => ({ mode: m.mode, other: otherLoadCores(m) }))
    .filter((x): x is { mode: ModeName; other: number } => x.other !== undefined)
    .sort((a, b) => b.other - a.other);
  const busiest = loads[0] && loads[0].other >= BUSY_MACHINE_CORES ? loads[0] : undefined;
  if (!busiest) return undefined;
  return {
    short: `other programs kept ${formatNumber(busiest.other)} of the ${ctx.input.cores} cores busy while ${modeLabel(busiest.mode)} ran: every timing competed with them`,
    finding: finding('noisy', 'warning',
      `Other programs kept ${formatNumber(busiest.other)} of the ${ctx.input.cores} cores busy while ${modeLabel(busiest.mode)} ran, so every mode competed with them for cores and waiting for a core counts as wall time. Close other programs, or profile on a quieter machine.`,
      { otherLoadCores: busiest.other, otherLoadMode: busiest.mode }),
  };
}

export function fewRunsFinding(ctx: Context): Scored | undefined {
  const counts = ctx.input.modes.filter((m) => m.status === 'completed' && m.wallMs).map((m) => m.wallMs!.runs.length);
  if (counts.length === 0) return undefined;
  const fewest = Math.min(...counts);
  if (fewest >= FEW_RUNS) return undefined;
  return {
    group: 'measurement',
    finding: finding('other', 'info',
      `Only ${fewest === 1 ? 'one measured run' : `${fewest} measured runs`} per mode: the numbers carry no spread, so a disturbed run cannot be told apart. Use --repeat 5 or more for confidence intervals.`,
      { runs: fewest }),
  };
}
