// The Universal Scalability Law, C(N) = N / (1 + α(N − 1) + βN(N − 1)): α the contention term (a share
// of the work serialised), β the coherence term (a cost that grows with every pair of workers). Both
// are fitted by least squares on the linear form N ÷ C(N) − 1 = α(N − 1) + βN(N − 1), kept ≥ 0.
// The same terms describe a per-task slowdown s(N) = 1 + α(N − 1) + βN(N − 1) (each task runs s times
// slower with N busy), which is how the predictor grows a measured slowdown with K.
import type { UslFit } from '../../../shared/report/report';
import { fitAmdahl } from '../amdahl';

export interface UslTerms {
  alpha: number;
  beta: number;
}

export function uslSpeedup(t: UslTerms, workers: number): number {
  return workers / (1 + t.alpha * (workers - 1) + t.beta * workers * (workers - 1));
}

export function uslSlowdown(t: UslTerms, workers: number): number {
  return 1 + t.alpha * (workers - 1) + t.beta * workers * (workers - 1);
}

/**
 * α and β from points (n, y) with y = α(n − 1) + βn(n − 1), both ≥ 0. One distinct n above 1 cannot
 * separate them: β is then 0 and all of it is α (the gentler growth of the two).
 */
export function fitTerms(points: ReadonlyArray<{ n: number; y: number }>): UslTerms {
  const usable = points.filter((p) => p.n > 1 && Number.isFinite(p.y));
  if (usable.length === 0) return { alpha: 0, beta: 0 };
  const onlyAlpha = (): UslTerms => {
    let sxy = 0;
    let sxx = 0;
    for (const p of usable) { sxy += (p.n - 1) * p.y; sxx += (p.n - 1) ** 2; }
    return { alpha: Math.max(0, sxy / sxx), beta: 0 };
  };
  if (new Set(usable.map((p) => p.n)).size < 2) return onlyAlpha();
  let a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0;
  for (const p of usable) {
    const x1 = p.n - 1;
    const x2 = p.n * (p.n - 1);
    a11 += x1 * x1; a12 += x1 * x2; a22 += x2 * x2; b1 += x1 * p.y; b2 += x2 * p.y;
  }
  const det = a11 * a22 - a12 * a12;
  let alpha = (b1 * a22 - b2 * a12) / det;
  let beta = (a11 * b2 - a12 * b1) / det;
  if (!(alpha >= 0) || !(beta >= 0)) {
    // A negative term is noise: refit with it at 0 and keep the better of the two one-term fits.
    const a = onlyAlpha();
    let sxy = 0, sxx = 0;
    for (const p of usable) { const x2 = p.n * (p.n - 1); sxy += x2 * p.y; sxx += x2 * x2; }
    const b: UslTerms = { alpha: 0, beta: Math.max(0, sxy / sxx) };
    const sse = (t: UslTerms) => usable.reduce((s, p) => s + (p.y - t.alpha * (p.n - 1) - t.beta * p.n * (p.n - 1)) ** 2, 0);
    ({ alpha, beta } = sse(a) <= sse(b) ? a : b);
  }
  return { alpha, beta };
}

/** USL fitted to measured speedups (three or more worker counts), compared with Amdahl's law by RMSE. */
export function fitUsl(points: ReadonlyArray<{ workers: number; speedup: number }>): UslFit | undefined {
  const usable = points.filter((p) => p.workers >= 1 && Number.isFinite(p.speedup) && p.speedup > 0);
  if (new Set(usable.map((p) => p.workers)).size < 3 || !usable.some((p) => p.workers > 1)) return undefined;
  const terms = fitTerms(usable.map((p) => ({ n: p.workers, y: p.workers / p.speedup - 1 })));
  const rmse = Math.sqrt(usable.reduce((s, p) => s + (p.speedup - uslSpeedup(terms, p.workers)) ** 2, 0) / usable.length);
  const amdahl = fitAmdahl(usable);
  const amdahlRmse = amdahl ? amdahl.rmse : Infinity;
  const peak = peakOf(terms);
  return {
    alpha: terms.alpha,
    beta: terms.beta,
    rmse,
    amdahlRmse: Number.isFinite(amdahlRmse) ? amdahlRmse : rmse,
    better: rmse < amdahlRmse ? 'usl' : 'amdahl',
    peakWorkers: peak.workers,
    peakSpeedup: peak.speedup,
  };
}

/** Where the USL curve peaks: √((1 − α) ÷ β) workers when β > 0; without β it only flattens (reported at 1024). */
export function peakOf(t: UslTerms): { workers: number; speedup: number } {
  const CAP = 1024;
  const workers = t.beta > 0 ? Math.min(CAP, Math.max(1, Math.sqrt(Math.max(0, 1 - t.alpha) / t.beta))) : CAP;
  return { workers, speedup: uslSpeedup(t, workers) };
}
