// Amdahl's law fitted to a workers sweep, and the Karp–Flatt serial fraction of a single point.
import type { AmdahlFit, SweepPoint } from '../../shared/report/report';

/**
 * The smallest serial fraction the fit reports. The fit cannot tell 0 from 0.0001 with a handful of
 * points, and 1/0 is Infinity, which JSON turns into null; so maxSpeedup stays finite (≤ 10000×).
 */
const MIN_SERIAL_FRACTION = 1e-4;

/** Amdahl's law: the speedup on p workers of work whose serial fraction is s. */
export function amdahlSpeedup(serialFraction: number, workers: number): number {
  return 1 / (serialFraction + (1 - serialFraction) / workers);
}

/**
 * Least-squares fit of Amdahl's law, in speedup units, over the serial fraction s in [0, 1].
 * The objective is smooth in s, so a grid finds the right basin and golden-section search polishes it.
 * Returns undefined when no point has more than one worker: one worker says nothing about s.
 */
export function fitAmdahl(points: ReadonlyArray<{ workers: number; speedup: number }>): AmdahlFit | undefined {
  const usable = points.filter((p) => p.workers >= 1 && Number.isFinite(p.speedup) && p.speedup > 0);
  if (!usable.some((p) => p.workers > 1)) return undefined;
  const sse = (s: number): number =>
    usable.reduce((sum, p) => sum + (p.speedup - amdahlSpeedup(s, p.workers)) ** 2, 0);

  const steps = 200;
  let best = 0;
  for (let i = 1; i <= steps; i++) if (sse(i / steps) < sse(best / steps)) best = i;
  let lo = Math.max(0, (best - 1) / steps);
  let hi = Math.min(1, (best + 1) / steps);
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = sse(x1);
  let f2 = sse(x2);
  while (hi - lo > 1e-7) {
    if (f1 < f2) {
      hi = x2; x2 = x1; f2 = f1; x1 = hi - phi * (hi - lo); f1 = sse(x1);
    } else {
      lo = x1; x1 = x2; f1 = f2; x2 = lo + phi * (hi - lo); f2 = sse(x2);
    }
  }
  // The ends of [0, 1] are candidates too: golden-section never evaluates them exactly.
  const candidates = [(lo + hi) / 2, 0, 1];
  const s = candidates.reduce((a, b) => (sse(b) < sse(a) ? b : a));
  const serialFraction = Math.max(s, MIN_SERIAL_FRACTION);
  return {
    serialFraction,
    maxSpeedup: 1 / serialFraction,
    rmse: Math.sqrt(sse(s) / usable.length),
  };
}

/**
 * Fit only the sweep points that had a core each: past the core count the speedup flattens because
 * threads time-slice, which Amdahl's law would wrongly read as a serial fraction.
 */
export function fitSweep(sweep: readonly SweepPoint[], cores: number): AmdahlFit | undefined {
  return fitAmdahl(sweep.filter((p) => p.workers <= cores));
}

/**
 * Karp–Flatt experimentally determined serial fraction: e = (1/S − 1/p) / (1 − 1/p).
 * Everything that keeps p workers from p× (real serial work, dispatch, imbalance, contention) lands in e.
 * NaN for p ≤ 1 or a speedup that is not a positive finite number (guard with p > 1 before storing it).
 */
export function karpFlatt(speedup: number, workers: number): number {
  if (!(workers > 1) || !(speedup > 0) || !Number.isFinite(speedup)) return NaN;
  return (1 / speedup - 1 / workers) / (1 - 1 / workers);
}
