// The words for a mode's noise signals (stats.ts): a noisy spread, a slow first run, outliers.
// Kept as data ({ kind, mode, message }) that the CLI and the panel both show. Each names its cause
// only from the run's evidence (spreadCause.ts): other programs only where their load was measured.
import { formatMs, formatPercent, formatSpeedup } from '../../shared/wording/format';
import type { ModeName, RoundsInfo, Spread, Warning } from '../../shared/report/report';
import { spreadCause } from './spreadCause';
import { noiseSignals } from './stats';

export function noiseWarnings(mode: ModeName, spread: Spread, rounds?: RoundsInfo): Warning[] {
  const warnings: Warning[] = [];
  const runs = spread.runs;
  const n = noiseSignals(spread);
  // More rounds narrow an interval only where the rounds stopped before it was stable, and not where the
  // stop line itself says they cannot help (run times in clusters, or dispatch noise around a no-op).
  const moreRounds = rounds && ['stable', 'clustered', 'too-short'].includes(rounds.stop.reason) ? '' : '; more rounds (--repeat) narrow the interval';
  if (n.noisy) {
    const cause = spreadCause(mode, runs, rounds);
    const advice = cause.kind === 'load' ? '; close other programs' : '';
    warnings.push({
      kind: 'noisy',
      mode,
      message: `${mode}: the runs spread ${formatPercent(n.relativeSpread)} around the median (${formatMs(spread.min)} to ${formatMs(spread.max)}, median ${formatMs(spread.median)}): ${cause.text}${advice}${moreRounds}.`,
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
    // Five are enough to see the pattern; the report's spread keeps every run.
    const list = n.outliers.slice(0, 5).map((i) => `run ${i + 1} took ${formatMs(runs[i])}`).join(', ') + (n.outliers.length > 5 ? ` and ${n.outliers.length - 5} more` : '');
    const cause = spreadCause(mode, runs, rounds, n.outliers);
    const why = cause.kind === 'load' ? cause.text : cause.kind === 'unexplained' ? cause.text.replace(/, and the runs show neither clusters nor a drift/, '') : cause.text;
    warnings.push({
      kind: 'outliers',
      mode,
      message: `${mode}: ${n.outliers.length === 1 ? 'one run was an outlier' : `${n.outliers.length} runs were outliers`} (${list}, against a median of ${formatMs(spread.median)}): ${why}.`,
    });
  }
  return warnings;
}
