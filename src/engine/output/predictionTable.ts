// `--predict` on the terminal: the K table (predicted speedup and its band per parallel mode), the
// check at this machine's K, the bounds and conclusions, the chunk sizes measured and what to change.
import { formatMs, formatNumber, formatSpeedup, modeLabel } from '../../shared/wording/format';
import type { Prediction, PredictedMode } from '../../shared/report/report';
import { predictionInputsWords } from '../../shared/wording/predictionInputs';

/** The lane counts the terminal table shows (the report holds the same). */
const TABLE_WORKERS = [1, 2, 4, 8, 16, 32, 64];

export function renderPrediction(p: Prediction): string {
  const modes = [...new Set(p.points.map((x) => x.mode))] as PredictedMode[];
  const head = ['cores', ...modes.map((m) => `${modeLabel(m)} (band)`)];
  const rows = TABLE_WORKERS.map((k) => [
    String(k),
    ...modes.map((m) => {
      const pt = p.points.find((x) => x.mode === m && x.workers === k);
      return pt ? `${formatSpeedup(pt.speedup)} (${formatSpeedup(pt.low)}–${formatSpeedup(pt.high)})` : '—';
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('   ').trimEnd();
  const out: string[] = [
    `What if: predicted speedup over sequential by core count (one lane per core), from this run's measurements`,
    line(head),
    ...rows.map(line),
  ];
  for (const c of p.check) {
    out.push(`Check at ${c.workers} lanes, ${modeLabel(c.mode)}: predicted ${formatSpeedup(c.predicted)} without that run, measured ${formatSpeedup(c.measured)} (${c.errorPct >= 0 ? '+' : ''}${formatNumber(c.errorPct)}%)`);
  }
  for (const w of predictionInputsWords(p)) out.push(`Fed with: ${w}`);
  out.push(`Bounds: work ${formatMs(p.bounds.workMs)}, span ${formatMs(p.bounds.spanMs)}: no core count beats ${formatSpeedup(Math.min(p.bounds.parallelism, p.bounds.tasks))}.`);
  for (const f of p.findings) out.push(`• ${f}`);
  if (p.chunk) {
    const measured = p.chunk.measured.map((m) => `chunk ${m.chunk}: ${formatMs(m.wallMs)}`).join(', ');
    out.push(`Chunk sizes measured (workers, side by side): ${measured || 'none'}; recommended: ${p.chunk.recommended}${p.chunk.gain ? ` (${formatSpeedup(p.chunk.gain)} faster than chunk 1)` : ''}.`);
    if (p.chunk.snippet) out.push('With piscina:', ...p.chunk.snippet.split('\n').map((l) => `    ${l}`));
  }
  out.push(`Ignored: ${p.ignores.join('; ')}.`);
  return out.join('\n');
}
