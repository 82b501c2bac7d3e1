// The CLI's "where the time went" table: with --cpu-profile, the top functions by self time per task
// in each mode, each parallel mode's ratio against alone beside it, and the garbage collector's share.
import { formatMs, formatPercent, formatSpeedup, modeLabel } from '../../shared/wording/format';
import { functionLabel, sameFunction } from '../../shared/wording/formatFunction';
import type { HotFunction, ModeResult, Report } from '../../shared/report/report';
import { layout, paint, terminalText } from './table';

/** Functions shown: the union of each mode's top few. */
const TOP_PER_MODE = 5;
const MAX_ROWS = 12;

export function hotFunctionLines(report: Report, color: boolean): string[] {
  const modes = report.modes.filter((m) => m.hotFunctions && m.cpuProfile);
  if (modes.length === 0) return [];
  const rows: HotFunction[] = [];
  for (const m of modes) {
    for (const h of m.hotFunctions!.slice(0, TOP_PER_MODE)) if (h.perTaskMs > 0 && !rows.some((r) => sameFunction(r, h))) rows.push(h);
  }
  const seq = modes.find((m) => m.mode === 'sequential');
  const cell = (m: ModeResult, fn: HotFunction): string => {
    const h = m.hotFunctions!.find((x) => sameFunction(x, fn));
    if (!h || !(h.perTaskMs > 0)) return '–';
    const alone = seq && m !== seq ? seq.hotFunctions!.find((x) => sameFunction(x, fn)) : undefined;
    const ratio = alone && alone.perTaskMs > 0 ? ` ${formatSpeedup(h.perTaskMs / alone.perTaskMs)}` : '';
    return `${formatMs(h.perTaskMs)}${ratio}`;
  };
  const header = ['function (self time per task, × alone)', ...modes.map((m) => modeLabel(m.mode))];
  const body = rows.slice(0, MAX_ROWS).map((fn) => [terminalText(functionLabel(fn), 80), ...modes.map((m) => cell(m, fn))]);
  body.push(['(garbage collector share)', ...modes.map((m) => formatPercent(m.cpuProfile!.gcShare))]);
  const settings = report.settings.cpuProfile;
  const lines = [
    '',
    `${paint('Where the time went', 'bold', color)} (V8 CPU profile of every lane during one extra repetition per mode, not counted in the timings; ${formatMs(settings?.intervalMs ?? modes[0].cpuProfile!.intervalMs)} sampling):`,
    ...layout(header, body, header.map((_, i) => i > 0), color, () => undefined),
  ];
  if (settings) lines.push(`  .cpuprofile files (VS Code or Chrome DevTools): ${terminalText(settings.dir)}`);
  return lines;
}
