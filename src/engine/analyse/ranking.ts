// The reasons ranked by effect (Lighthouse's "opportunities" by estimated saving): each finding is
// put in its group (a reason for the gap, a warning about the measurement, or context), each reason
// that the run's numbers allow gets its effect (the speedup without that cause, and that gain's share
// of the gap to the ideal), and the reasons are ranked by it. One module decides; findings compute.
import { formatPercent, formatSpeedup } from '../../shared/wording/format';
import type { Finding, FindingGroup, FindingKind, ModeName, VerdictWinner } from '../../shared/report/report';
import { type Context, type Scored, headlineSpeedup, idealSpeedup } from './context';

const MEASUREMENT: ReadonlySet<FindingKind> = new Set<FindingKind>(['noisy', 'superlinear', 'busy-machine', 'disturbed-rounds', 'failed', 'timeout', 'queue-skipped']);
const CONTEXT: ReadonlySet<FindingKind> = new Set<FindingKind>(['cpu-bound', 'io-bound', 'mixed-bound', 'async-overlap', 'libuv-pool', 'queue-capacity']);
const SEVERITY_ORDER: Record<Finding['severity'], number> = { problem: 0, warning: 1, info: 2 };
/** A cause that leaves this much of the ideal or more costs nothing worth ranking by. */
const NO_EFFECT_LIMIT = 0.995;

export function groupOf(s: Scored): FindingGroup {
  if (s.group) return s.group;
  const k = s.finding.kind;
  if (MEASUREMENT.has(k)) return 'measurement';
  if (CONTEXT.has(k)) return 'context';
  // A serial fraction of almost nothing, or where native code runs, explains no gap: it says what the function is.
  if ((k === 'serial-fraction' || k === 'native-code') && s.limit === undefined) return 'context';
  return 'reason';
}

/** The mode a finding is about, when it names one parallel mode; else the winner. */
function modeOf(s: Scored, winner: VerdictWinner | undefined): ModeName | undefined {
  const m = s.finding.data?.mode;
  if (m === 'workers' || m === 'processes' || m === 'async' || m === 'queue') return m;
  return winner?.mode !== 'sequential' ? winner?.mode : (winner.tiedWith[0] ?? undefined);
}

/**
 * The speedup without the cause: the cause alone leaves `limit` of the ideal, so removing it divides
 * the slowdown it brings away (at most up to the ideal); its share of the gap is that gain over the gap.
 */
export function effectOf(s: Scored, ctx: Context, winner: VerdictWinner | undefined): Finding['effect'] {
  if (s.limit === undefined || !(s.limit > 0) || s.limit >= NO_EFFECT_LIMIT) return undefined;
  const mode = modeOf(s, winner);
  const m = mode ? ctx.completed[mode] : undefined;
  const speedup = m ? headlineSpeedup(ctx, m)?.speedup : undefined;
  if (!mode || speedup === undefined || !(speedup > 0)) return undefined;
  const ideal = mode === 'async' && ctx.bound === 'cpu' ? 1 : idealSpeedup(ctx, mode);
  if (speedup >= ideal) return undefined;
  const without = Math.min(ideal, speedup / s.limit);
  const share = (without - speedup) / (ideal - speedup);
  return { speedupWithout: Math.round(without * 1000) / 1000, shareOfGap: Math.round(Math.max(0, Math.min(1, share)) * 1000) / 1000 };
}

/** "Tasks of 3 µs drown in dispatch cost (about 1.90× without it: 95% of the gap)". */
export function oneLine(s: Scored, effect: Finding['effect']): string {
  const base = s.short ?? firstSentence(s.finding.message);
  const text = base.charAt(0).toUpperCase() + base.slice(1);
  if (!effect) return text;
  return `${text.replace(/[.:;]$/, '')} (about ${formatSpeedup(effect.speedupWithout)} without it: ${formatPercent(effect.shareOfGap)} of the gap)`;
}

function firstSentence(message: string): string {
  // A sentence ends at ". " before a capital letter; "1.35×" and "e.g." do not end one.
  const m = /^(.+?[.!?])\s+(?=[A-Z])/.exec(message);
  return (m ? m[1] : message).replace(/\.$/, '');
}

/** Every finding with its group, effect, line and (for reasons) rank: reasons first by effect, then measurement, then context. */
export function rankFindings(scored: Scored[], ctx: Context, winner: VerdictWinner | undefined): Finding[] {
  const items = scored.map((s, i) => {
    const group = groupOf(s);
    const effect = group === 'reason' ? effectOf(s, ctx, winner) : undefined;
    return { s, i, group, effect };
  });
  const reasons = items.filter((x) => x.group === 'reason').sort((a, b) =>
    (b.effect?.shareOfGap ?? -1) - (a.effect?.shareOfGap ?? -1)
    || SEVERITY_ORDER[a.s.finding.severity] - SEVERITY_ORDER[b.s.finding.severity]
    || a.i - b.i);
  const rest = (group: FindingGroup) => items.filter((x) => x.group === group)
    .sort((a, b) => SEVERITY_ORDER[a.s.finding.severity] - SEVERITY_ORDER[b.s.finding.severity] || a.i - b.i);
  const out: Finding[] = [];
  reasons.forEach((x, r) => out.push({ ...x.s.finding, group: 'reason', rank: r + 1, ...(x.effect ? { effect: x.effect } : {}), line: oneLine(x.s, x.effect) }));
  for (const group of ['measurement', 'context'] as const) {
    for (const x of rest(group)) out.push({ ...x.s.finding, group, line: oneLine(x.s, undefined) });
  }
  return out;
}
