// A comparison as text for a terminal, and as a markdown table for a CI summary or a pull-request comment.
import type { Comparison } from '../../shared/report/comparison';
import { changeInterval, comparisonHeadline, formatP, modeChangeLine, signedPercent, timeChangeText } from '../../shared/wording/comparison';
import { formatMs, formatPercent, formatSpeedup, modeLabel } from '../../shared/wording/format';

export function renderComparison(c: Comparison): string {
  const how = c.paired ? 'in the same rounds, paired round by round' : "each report's own rounds (unpaired)";
  const lines = [`Comparing ${c.new} (B) with ${c.base} (A), ${how}: significance level ${formatPercent(c.alpha)}, noise threshold ${formatPercent(c.threshold)}`];
  if (c.machineDifferences.length > 0) lines.push(`Different machines (allowed): ${c.machineDifferences.join('; ')}`);
  for (const m of c.modes) lines.push(`  ${modeChangeLine(m, c.threshold)}`);
  for (const n of c.notes) lines.push(`Note: ${n}`);
  lines.push(comparisonHeadline(c));
  return lines.join('\n');
}

/** Cell text with the characters a markdown table would read as structure escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderComparisonMarkdown(c: Comparison): string {
  const out = [
    `### Parallelism Profiler: ${cell(comparisonHeadline(c))}`,
    '',
    `B = ${cell(c.new)}, A = ${cell(c.base)}; significance level ${formatPercent(c.alpha)}, noise threshold ${formatPercent(c.threshold)}.`,
    '',
    '| mode | A (median) | B (median) | time change [interval] | p | result | speedup A → B |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const m of c.modes) {
    if (!m.wall) {
      out.push(`| ${modeLabel(m.mode)} | | | | | not compared: ${cell(m.skipped ?? '')} | |`);
      continue;
    }
    const w = m.wall;
    const result = timeChangeText(m, c.threshold).replace(/ \(time .*\)$/, '');
    const speed = m.speedup ? `${formatSpeedup(m.speedup.base)} → ${formatSpeedup(m.speedup.new)} (${signedPercent(m.speedup.ratio)}${m.speedup.significant ? ', significant' : ''})` : '';
    out.push(`| ${modeLabel(m.mode)} | ${formatMs(w.base)} | ${formatMs(w.new)} | ${signedPercent(w.ratio)} ${cell(changeInterval(w))} | ${formatP(w.pValue).replace(/^p [=<] ?/, (s) => (s.includes('<') ? '< ' : ''))} | ${cell(result)} | ${cell(speed)} |`);
  }
  if (c.machineDifferences.length > 0) out.push('', `Different machines (allowed): ${cell(c.machineDifferences.join('; '))}.`);
  for (const n of c.notes) out.push('', `> ${cell(n)}`);
  return out.join('\n') + '\n';
}
