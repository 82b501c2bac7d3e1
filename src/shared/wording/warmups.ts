// The warm-ups in words: how many each mode took, and why that many (analyse/warmup.ts decides).
import type { Report } from '../report/report';
import { modeLabel } from './format';

/** How a warm-up message joins its `because` (analyse/warmup.ts writes it; warmupLines takes it out where one line says it for every mode). */
export const BECAUSE = ', because ';

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

/**
 * One sentence per mode: "sequential: 2 warm-ups: steady once …". Empty with none recorded. When round
 * 1 was counted as a warm-up, every mode's message gives the same reason: a first line says it once,
 * "round 1 was counted as a warm-up in every mode, because …", and the modes' lines leave it out.
 */
export function warmupLines(report: Report): string[] {
  const shown = report.modes.filter((m) => m.warmups && m.warmups.reason !== 'fixed');
  const because = shown[0]?.warmups?.because;
  const rounds = shown[0]?.warmups?.fromRounds ?? 0;
  const shared = because !== undefined && shown.length > 1 && shown.every((m) => m.warmups!.because === because && m.warmups!.fromRounds === rounds);
  const lines = shown.map((m) => `${modeLabel(m.mode)}: ${shared ? m.warmups!.message.replace(`${BECAUSE}${because}`, '') : m.warmups!.message}`);
  if (!shared) return lines;
  const counted = rounds === 1 ? 'round 1 was counted as a warm-up' : `round 1 was counted as a warm-up ${rounds} times`;
  return [`${counted} in every mode${BECAUSE}${because}.`, ...lines];
}
