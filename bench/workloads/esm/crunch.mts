// The CPU workload of bench/workloads/cpu.ts as an ES module (.mts), for the ESM row: the profiler
// must load it as an ES module and run it as fast as plain Node runs the same source as one.
export function crunch(iterations: number): number {
  let x = 1;
  for (let k = 0; k < iterations; k++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}
