// The gate's false-alarm and detection rows (bench/compare.ts): the same integer steps as cpu.ts, and
// a version that runs 10% more of them through the very same function, so its true ratio is 1.10.

export function crunch(iterations: number): number {
  let x = 1;
  for (let k = 0; k < iterations; k++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}

/**
 * crunch with 10% more steps, run by crunch itself. A copy of crunch's loop with a bound 10% higher
 * was not 1.10 × crunch: timed in CPU time (immune to other programs) in 18 fresh processes, it came
 * out 1.10 in 16 and 0.92 in 2, where V8 compiled the copy's loop about 16% faster per step; in the
 * profiler each lane is such a fresh start, and the gate rightly called those runs "faster". Calling
 * crunch twice keeps every step in one compiled loop: 1.10 in 10 of 10 processes.
 */
export function crunchSlower(iterations: number): number {
  return crunch(iterations) ^ crunch(Math.round(iterations * 0.1));
}
