// Ratios measured side by side: A and B alternate within one run (A B A B …, or B A on odd pairs so
// neither always goes first), and the ratio is taken between their medians. On a shared machine
// the load drifts; alternating puts both sides under the same drift.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Pairs<A, B> {
  a: A[];
  b: B[];
}

/**
 * Runs `a` and `b` alternately: at least `minPairs` pairs, and more up to `maxPairs` while the
 * benchmark's time budget lasts (a pair is started only if one more pair like the slowest so far fits).
 */
export async function alternate<A, B>(
  opts: { minPairs: number; maxPairs: number; budgetMs: number },
  a: () => Promise<A>,
  b: () => Promise<B>,
): Promise<Pairs<A, B>> {
  const out: Pairs<A, B> = { a: [], b: [] };
  const started = performance.now();
  let slowestPair = 0;
  for (let i = 0; i < opts.maxPairs; i++) {
    const elapsed = performance.now() - started;
    if (i >= opts.minPairs && elapsed + slowestPair > opts.budgetMs) break;
    const t0 = performance.now();
    if (i % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
    slowestPair = Math.max(slowestPair, performance.now() - t0);
  }
  return out;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
