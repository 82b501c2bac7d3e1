// Statistics for two versions measured in the same rounds: each round pairs B's repetition with A's,
// so a round the machine slowed slows both and their ratio keeps. Maths only, deterministic.
import type { MeasureChange } from '../../shared/report/comparison';
import { median } from '../analyse/stats';
import { medianWithInterval } from '../analyse/rounds';
import { normalCdf } from './unpaired';

/** Above this many pairs, or with tied magnitudes, the normal approximation replaces the exact count. */
const EXACT_MAX_PAIRS = 200;

/**
 * Two-sided p-value of the Wilcoxon signed-rank test that the per-round log ratios are centred on 0
 * (B as fast as A). Exact (every sign pattern counted) without tied magnitudes; else the normal
 * approximation with the tie correction. Rounds where the two took exactly the same time are dropped.
 */
export function signedRankP(logRatios: readonly number[]): number {
  const d = logRatios.filter((x) => x !== 0);
  const n = d.length;
  if (n === 0) return 1;
  const order = d.map((x, i) => ({ a: Math.abs(x), pos: x > 0, i })).sort((x, y) => x.a - y.a);
  const ranks = new Array<number>(n);
  let tied = false;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && order[j].a === order[i].a) j++;
    if (j - i > 1) tied = true;
    for (let k = i; k < j; k++) ranks[k] = (i + 1 + j) / 2;
    i = j;
  }
  const wPlus = order.reduce((s, o, k) => s + (o.pos ? ranks[k] : 0), 0);
  if (!tied && n <= EXACT_MAX_PAIRS) {
    // counts[w]: sign patterns of ranks 1..n whose positive ranks sum to w.
    let counts = [1];
    for (let r = 1; r <= n; r++) {
      const next = new Array<number>(counts.length + r).fill(0);
      for (let w = 0; w < counts.length; w++) {
        next[w] += counts[w];
        next[w + r] += counts[w];
      }
      counts = next;
    }
    const total = 2 ** n;
    let below = 0;
    let above = 0;
    for (let w = 0; w < counts.length; w++) {
      if (w <= wPlus) below += counts[w];
      if (w >= wPlus) above += counts[w];
    }
    return Math.min(1, (2 * Math.min(below, above)) / total);
  }
  const mean = (n * (n + 1)) / 4;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && ranks[j] === ranks[i]) j++;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  if (!(variance > 0)) return 1;
  const z = Math.max(0, Math.abs(wPlus - mean) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * (1 - normalCdf(z)));
}

/** The smallest p the exact test can give with n pairs: 2 ÷ 2ⁿ (below six rounds it never reaches 5%). */
export function smallestPairedP(n: number): number {
  return Math.min(1, 2 / 2 ** n);
}

/**
 * B against A over paired rounds: the median of the per-round ratios B ÷ A with an interval (bootstrap
 * from five rounds, the range below) and the signed-rank p-value. Significant only when both agree.
 */
export function comparePaired(a: readonly number[], b: readonly number[], alpha: number): MeasureChange | undefined {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (a[i] > 0 && b[i] > 0) ratios.push(b[i] / a[i]);
  if (ratios.length === 0) return undefined;
  const { estimate, ci } = medianWithInterval(ratios, 1 - alpha);
  const pValue = signedRankP(ratios.map(Math.log));
  const significant = pValue < alpha && (ci.low > 1 || ci.high < 1);
  return { base: median(a.slice(0, n)), new: median(b.slice(0, n)), ratio: estimate, low: ci.low, high: ci.high, level: ci.level, pValue, significant, samples: [ratios.length, ratios.length] };
}
