// Equal-cost CPU work: every task counts the primes in a range of the same size.
// Try: parallelism-profiler examples/cpu.ts --function countPrimes --tasks 8 --args "[i * 200000, (i + 1) * 200000]"
// (ranges further out hold fewer primes but cost a little more per number; close enough to equal.)

/**
 * @profileArgs [i * 200000, (i + 1) * 200000]
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
