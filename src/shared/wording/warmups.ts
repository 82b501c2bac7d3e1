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
 * One sentence per mode: "sequential: 2 warm-ups: steady once …". Empty with none recorded. Where
 * every mode was checked the same way (the same rounds counted as warm-ups for the same reason, and the
 * same outcome), a first line says that once, "round 1 was counted as a warm-up in every mode, because
 * …; then round 1 held against round 2 in every mode, so it counts.", and each mode's line keeps only
 * its own numbers. Reports from before `own` and `shared` fall back to taking the reason out only.
 */
export function warmupLines(report: Report): string[] {
  const { head, modes } = warmupSummary(report);
  return head === undefined ? modes : [head, ...modes];
}

/**
 * warmupLines apart: `head`, the line every mode shares (absent where the modes differ), and each
 * mode's line. The CLI's default text shows the head alone where there is one; --explain and the
 * panel's details show every line.
 */
export function warmupSummary(report: Report): { head?: string; modes: string[] } {
  const shown = report.modes.filter((m) => m.warmups && m.warmups.reason !== 'fixed');
  const first = shown[0]?.warmups;
  const because = first?.because;
  const rounds = first?.fromRounds ?? 0;
  const alike = shown.length > 1 && shown.every((m) => m.warmups!.because === because && (m.warmups!.fromRounds ?? 0) === rounds);
  const counted = rounds === 1 ? 'round 1 was counted as a warm-up' : rounds === 2 ? 'round 1 was counted as a warm-up twice' : `round 1 was counted as a warm-up ${rounds} times`;
  if (alike && first?.shared !== undefined && shown.every((m) => m.warmups!.own !== undefined && m.warmups!.shared === first.shared)) {
    const head = because === undefined ? `${first.shared}.` : `${counted} in every mode${BECAUSE}${because}; ${first.shared}.`;
    return { head, modes: shown.map((m) => `${modeLabel(m.mode)}: ${m.warmups!.own}.`) };
  }
  const shared = alike && because !== undefined;
  const modes = shown.map((m) => `${modeLabel(m.mode)}: ${shared ? m.warmups!.message.replace(`${BECAUSE}${because}`, '') : m.warmups!.message}`);
  return shared ? { head: `${counted} in every mode${BECAUSE}${because}.`, modes } : { modes };
}
