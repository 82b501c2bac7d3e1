// The warm-ups in words: how many each mode took, and why that many (analyse/warmup.ts decides).
import type { Report } from '../report/report';
import { modeLabel } from './format';

/** "1 warm-up", or with warm-ups by evidence "2–3 warm-ups (until steady)", "2 warm-ups (until steady, one of them a round 1 still getting faster)". */
export function warmupCount(report: Report): string {
  const counts = report.modes.flatMap((m) => (m.warmups ? [m.warmups.count] : []));
  if (counts.length === 0 || report.modes.every((m) => !m.warmups || m.warmups.reason === 'fixed')) {
    const n = report.settings.warmup;
    return `${n} warm-up${n === 1 ? '' : 's'}`;
  }
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  // Every mode counts the same rounds as warm-ups (a round is counted whole).
  const rounds = Math.max(0, ...report.modes.map((m) => m.warmups?.fromRounds ?? 0));
  const of = rounds === 0 ? '' : `, ${rounds === 1 ? 'one' : rounds} of them a round 1 still getting faster`;
  return `${lo === hi ? lo : `${lo}–${hi}`} warm-up${hi === 1 ? '' : 's'} (until steady${of})`;
}

/** One sentence per mode: "sequential: 2 warm-ups: steady once …". Empty with none recorded. */
export function warmupLines(report: Report): string[] {
  return report.modes.flatMap((m) => (m.warmups && m.warmups.reason !== 'fixed' ? [`${modeLabel(m.mode)}: ${m.warmups.message}`] : []));
}
