// Held-out workloads for the prediction row: CPU work of a chosen length, and a result of a chosen
// size, so the shapes (equal, skewed, few tasks, tiny tasks, large results) come from the arguments.

/** `iterations` integer steps, then a string of `resultKb` KiB (or a number when 0). */
export function shaped(iterations: number, resultKb: number): number | string {
  let x = 1;
  for (let k = 0; k < iterations; k++) x = (x * 1103515245 + 12345) % 2147483648;
  return resultKb > 0 ? String(x % 10).repeat(resultKb * 1024) : x;
}
