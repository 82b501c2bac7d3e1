// Equal-cost pure-JavaScript CPU work for the efficiency, overhead and accuracy benchmarks: a fixed
// number of integer steps (no allocation, no awaits), so a task costs the same on every lane and
// only the cores it gets decide how long it takes. The bench calibrates `iterations` to a duration.

/** Runs `iterations` steps of a linear congruential generator and returns the last value. */
export function crunch(iterations: number): number {
  let x = 1;
  for (let k = 0; k < iterations; k++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}
