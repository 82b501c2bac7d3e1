// The words of a comparison, one place for the CLI, the markdown summary and the panel: a mode's
// change in time ("12.0% slower"), the change in its speedup, and the one-line outcome.
// No node, no vscode, no DOM: the webview compiles this file too.
import type { Comparison, MeasureChange, ModeComparison } from '../report/comparison';
import { formatNumber, formatPercent, formatSpeedup, modeLabel } from './format';

/** "+12.0%", "−3.4%": B against A as a signed percentage. */
export function signedPercent(ratio: number): string {
  const pct = (ratio - 1) * 100;
  const text = formatPercent(Math.abs(pct) / 100);
  return pct >= 0 ? `+${text}` : `−${text}`;
}

/** "[+8.1% … +16.2%]" or "[min–max −2% … +5%]" when the interval is the observed range. */
export function changeInterval(c: MeasureChange): string {
  const what = c.level === 'range' ? 'min–max ' : '';
  return `[${what}${signedPercent(c.low)} … ${signedPercent(c.high)}]`;
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** How much faster or slower, as people say it: "12.0% slower", "1.5× faster" past doubling. */
function size(ratio: number): string {
  if (ratio >= 1) return ratio >= 2 ? `${formatNumber(ratio)}× slower` : `${formatPercent(ratio - 1)} slower`;
  const faster = 1 / ratio;
  return faster >= 2 ? `${formatNumber(faster)}× faster` : `${formatPercent(1 - ratio)} faster`;
}

/** The mode's verdict in words: "slower: 12.0% slower (+12.0% [+8.1% … +16.2%], p = 0.002)". */
export function timeChangeText(m: ModeComparison, threshold: number): string {
  if (!m.wall || !m.change) return `not compared: ${m.skipped ?? 'no data'}`;
  const what = m.basis === 'load-aware' ? 'time on free cores' : 'time';
  const detail = `(${what} ${signedPercent(m.wall.ratio)} ${changeInterval(m.wall)}, ${formatP(m.wall.pValue)})`;
  switch (m.change) {
    case 'slower':
    case 'faster':
      return `${m.change}: ${size(m.wall.ratio)} ${detail}`;
    case 'within-threshold':
      return `no difference past the ${formatPercent(threshold)} noise threshold ${detail}`;
    case 'no-difference':
      return `no difference we can detect ${detail}`;
  }
}

/** "speedup 1.31× → 1.86× (+42%, significant), efficiency 66% → 93%". */
export function speedupChangeText(m: ModeComparison): string | undefined {
  if (!m.speedup) return undefined;
  const s = m.speedup;
  const verdict = s.significant ? 'significant' : 'not significant';
  let text = `speedup ${formatSpeedup(s.base)} → ${formatSpeedup(s.new)} (${signedPercent(s.ratio)} ${changeInterval(s)}, ${verdict})`;
  if (m.efficiency) text += `, efficiency ${formatPercent(m.efficiency.base)} → ${formatPercent(m.efficiency.new)}`;
  return text;
}

/** One line per mode: "worker threads: slower: 12.0% slower (…); speedup 1.86× → 1.31× (…)". */
export function modeChangeLine(m: ModeComparison, threshold: number): string {
  const speed = speedupChangeText(m);
  return `${modeLabel(m.mode)}: ${timeChangeText(m, threshold)}${speed ? `; ${speed}` : ''}`;
}

/** The outcome in one sentence, naming the modes that moved. */
export function comparisonHeadline(c: Comparison): string {
  const moved = (kind: 'slower' | 'faster') => c.modes.filter((m) => m.change === kind && m.wall).map((m) => `${modeLabel(m.mode)} ${size(m.wall!.ratio)}`);
  switch (c.outcome) {
    case 'regressed': {
      const better = moved('faster');
      return `Regressed: ${moved('slower').join(', ')}${better.length ? ` (improved: ${better.join(', ')})` : ''}.`;
    }
    case 'improved':
      return `Improved: ${moved('faster').join(', ')}; nothing got significantly slower.`;
    case 'no-significant-change':
      return `No significant change past the ${formatPercent(c.threshold)} noise threshold.`;
  }
}
