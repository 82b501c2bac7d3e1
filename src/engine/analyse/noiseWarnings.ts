// The words for a mode's noise signals (stats.ts): a noisy spread, a slow first run, outliers.
// Kept as data ({ kind, mode, message }) that the CLI and the panel both show.
import { formatMs, formatPercent, formatSpeedup } from '../../shared/wording/format';
import type { ModeName, Spread, Warning } from '../../shared/report/report';
import { noiseSignals } from './stats';

export function noiseWarnings(mode: ModeName, spread: Spread): Warning[] {
  const warnings: Warning[] = [];
  const runs = spread.runs;
  const n = noiseSignals(spread);
  if (n.noisy) {
    warnings.push({
      kind: 'noisy',
      mode,
      message: `${mode}: the runs spread ${formatPercent(n.relativeSpread)} around the median (${formatMs(spread.min)} to ${formatMs(spread.max)}, median ${formatMs(spread.median)}), so the machine was noisy; close other programs or raise --repeat.`,
    });
  }
  if (n.slowFirst) {
    warnings.push({
      kind: 'slow-first-run',
      mode,
      message: `${mode}: the first measured run took ${formatMs(runs[0])}, ${formatSpeedup(n.slowFirst.ratio)} the median of the others (${formatMs(n.slowFirst.restMedian)}): something was still cold (caches, JIT); raise --warmup.`,
    });
  }
  if (n.outliers.length > 0) {
    const list = n.outliers.map((i) => `run ${i + 1} took ${formatMs(runs[i])}`).join(', ');
    warnings.push({
      kind: 'outliers',
      mode,
      message: `${mode}: ${n.outliers.length === 1 ? 'one run was an outlier' : `${n.outliers.length} runs were outliers`} (${list}, against a median of ${formatMs(spread.median)}): another program probably interrupted it.`,
    });
  }
  return warnings;
}
