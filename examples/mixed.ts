// Half computing, half waiting: a parser that fetches then crunches.
// Try: parallelism-profiler examples/mixed.ts --function fetchThenParse --tasks 8 --args "[i, 60, 60]"
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function burn(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x = (x + Math.sqrt(x + 1)) % 1e9;
  return x;
}

/** @profileArgs [i, 60, 60] */
export async function fetchThenParse(id: number, waitMs: number, computeMs: number): Promise<number> {
  await sleep(waitMs);
  return id + burn(computeMs);
}
