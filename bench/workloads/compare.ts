// The gate's false-alarm and detection rows (bench/compare.ts): the same integer steps as cpu.ts, and
// a copy that runs 10% more of them, so its true ratio is 1.10 by construction.

export function crunch(iterations: number): number {
  let x = 1;
  for (let k = 0; k < iterations; k++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}

/** crunch with 10% more steps. */
export function crunchSlower(iterations: number): number {
  const steps = Math.round(iterations * 1.1);
  let x = 1;
  for (let k = 0; k < steps; k++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}
