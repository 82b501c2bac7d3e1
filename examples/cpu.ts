// Equal-cost CPU work: every task counts the primes in a window of 400,000 numbers; task i shifts
// the window by i, so the tasks differ but cost the same (about 0.15 s each on one core of the 2-core machine this was written on).
// Try: parallelism-profiler examples/cpu.ts --function countPrimes --tasks 8 --args "[5_000_000 + i, 5_400_000 + i]"

/**
 * @profileArgs [5_000_000 + i, 5_400_000 + i]
 * Counts primes in [from, to) by trial division: pure JavaScript, no allocation, no awaits. */
export function countPrimes(from: number, to: number): number {
  let count = 0;
  for (let n = Math.max(2, from); n < to; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/**
 * @profileArgs [200]
 * The same amount of work per task whatever the index: spin for `ms` milliseconds of arithmetic. */
export function spin(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) {
    for (let k = 0; k < 1000; k++) x = (x * 1103515245 + 12345) % 2147483648;
  }
  return x;
}
