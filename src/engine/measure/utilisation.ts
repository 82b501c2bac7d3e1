// A sampled CPU series read back: moved onto a repetition's clock, and VTune's effective utilisation
// with its bands.
import type { CpuSeries, UtilisationBand } from '../../shared/report/report';

/**
 * Moves a series' times from "ms since the sampler started" to "ms since `originEpochMs`" (a repetition's start),
 * the clock the tasks of that repetition use. Samples from before the origin keep negative times.
 */
export function rebaseSeries(series: CpuSeries, samplerStartedAt: number, originEpochMs: number): CpuSeries {
  const shift = samplerStartedAt - originEpochMs;
  // Hundredths of a millisecond: the report's precision for times.
  return { ...series, t: series.t.map((t) => Math.round((t + shift) * 100) / 100) };
}

/**
 * VTune's effective CPU utilisation: the share of `cores` logical cores kept busy, averaged over the
 * series weighted by each sample's duration. It uses the profiling process tree's CPU when the series
 * has it (useful work, not other programs), else the per-core busy percentages.
 * Bands: idle when under half a core in absolute terms; poor ≤ 50%; ok 51–85%; ideal 86–100%.
 */
export function effectiveUtilisation(series: CpuSeries, cores: number): { share: number; band: UtilisationBand } {
  if (!(cores > 0)) throw new RangeError('cores must be a positive number');
  const samples = series.t.length;
  let weighted = 0;
  let duration = 0;
  for (let s = 0; s < samples; s++) {
    // The first sample's start is not in the series (it may have been rebased): assume one interval.
    const dt = s === 0 ? (series.t[0] > 0 ? Math.min(series.t[0], series.intervalMs) : series.intervalMs) : series.t[s] - series.t[s - 1];
    if (!(dt > 0)) continue;
    let pct: number;
    if (series.process && series.process.length === samples) {
      pct = series.process[s];
    } else {
      pct = 0;
      for (const core of series.cores) pct += core[s] ?? 0;
    }
    weighted += pct * dt;
    duration += dt;
  }
  const coresBusy = duration > 0 ? weighted / duration / 100 : 0;
  const share = Math.min(1, coresBusy / cores);
  return { share, band: utilisationBand(share, coresBusy) };
}

export function utilisationBand(share: number, coresBusy: number): UtilisationBand {
  if (coresBusy < 0.5) return 'idle';
  if (share <= 0.5) return 'poor';
  if (share <= 0.85) return 'ok';
  return 'ideal';
}
