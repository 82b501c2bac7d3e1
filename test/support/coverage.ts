// A seeded coverage simulation: draw many samples from distributions whose true value is known,
// build an interval from each, and count how often it holds the truth. Shared by the interval tests
// and by any test of a rate at a nominal level (a false-positive rate is one minus a coverage).
// Its random numbers are its own (not the engine's mulberry32), so a method that draws random
// numbers of its own cannot fall in step with the data it is judged on.

/** A seeded uniform generator on [0, 1): SplitMix32. */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller; 1 − u keeps the logarithm finite). */
export function standardNormal(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** The standard normal CDF, through erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The x where an increasing `cdf` reaches `p`, by bisection between `lo` and `hi`. */
export function solveCdf(cdf: (x: number) => number, p: number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Distribution {
  name: string;
  draw(uniform: () => number): number;
  /** The true median, from the closed form or by solving the CDF. */
  median: number;
}

interface Component { weight: number; mean: number; sd: number }

/** A mixture of normals: its median solved from its CDF, so the truth does not come from sampling. */
function mixture(name: string, parts: Component[]): Distribution {
  const cdf = (x: number) => parts.reduce((sum, c) => sum + c.weight * normalCdf((x - c.mean) / c.sd), 0);
  const lo = Math.min(...parts.map((c) => c.mean - 10 * c.sd));
  const hi = Math.max(...parts.map((c) => c.mean + 10 * c.sd));
  return {
    name,
    median: solveCdf(cdf, 0.5, lo, hi),
    draw(uniform) {
      let u = uniform();
      for (const c of parts) {
        if (u < c.weight) return c.mean + c.sd * standardNormal(uniform);
        u -= c.weight;
      }
      const last = parts[parts.length - 1];
      return last.mean + last.sd * standardNormal(uniform);
    },
  };
}

/**
 * The shapes a repetition's wall time takes, as milliseconds around 100: plain noise, a right skew,
 * a few disturbed runs three times slower (another program took the core), and two states (a GC or
 * a cache that some runs hit and others miss), with the median in the dip between them.
 */
export const DISTRIBUTIONS: readonly Distribution[] = [
  mixture('normal', [{ weight: 1, mean: 100, sd: 10 }]),
  { name: 'log-normal', median: 100, draw: (u) => 100 * Math.exp(0.5 * standardNormal(u)) },
  mixture('outliers', [{ weight: 0.9, mean: 100, sd: 5 }, { weight: 0.1, mean: 300, sd: 30 }]),
  mixture('bimodal', [{ weight: 0.5, mean: 100, sd: 4 }, { weight: 0.5, mean: 120, sd: 4 }]),
];

export interface Bounds { low: number; high: number }

export interface CoverageCase {
  /** Simulated runs (samples) to draw. */
  runs: number;
  /** Values per sample. */
  size: number;
  seed: number;
  sample(uniform: () => number, size: number): number[];
  interval(values: number[]): Bounds;
  truth: number;
}

export interface Coverage {
  /** Share of the intervals that held the truth, 0..1. */
  share: number;
  covered: number;
  runs: number;
  /** Intervals wholly below the truth and wholly above it: a method can miss on one side only. */
  missedLow: number;
  missedHigh: number;
}

export function simulateCoverage(c: CoverageCase): Coverage {
  const uniform = seededUniform(c.seed);
  let covered = 0;
  let missedLow = 0;
  let missedHigh = 0;
  for (let r = 0; r < c.runs; r++) {
    const ci = c.interval(c.sample(uniform, c.size));
    if (ci.high < c.truth) missedLow++;
    else if (ci.low > c.truth) missedHigh++;
    else covered++;
  }
  return { share: covered / c.runs, covered, runs: c.runs, missedLow, missedHigh };
}

/** `size` independent draws from `d`. */
export function drawsOf(d: Distribution): (uniform: () => number, size: number) => number[] {
  return (uniform, size) => Array.from({ length: size }, () => d.draw(uniform));
}

/**
 * Paired rounds, as the profiler measures them: each round slowed or sped by a common factor (the
 * machine's load that round, log-normal, σ 0.3), the mode `speedup` times faster, each run's own
 * noise drawn from `d`. The ratio is speedup × e₁/e₂ with e₁, e₂ independent and alike, so its true
 * median is exactly `speedup` whatever `d` is (P(e₁ < e₂) = ½), and the round's factor cancels.
 */
export function pairedRatiosOf(d: Distribution, speedup: number): (uniform: () => number, size: number) => number[] {
  return (uniform, size) => Array.from({ length: size }, () => {
    const load = Math.exp(0.3 * standardNormal(uniform));
    const sequential = 10 * load * d.draw(uniform);
    const mode = (10 / speedup) * load * d.draw(uniform);
    return sequential / mode;
  });
}
