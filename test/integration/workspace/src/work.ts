// The fixture workspace's code: small functions the extension's integration tests profile.
// Each stands for one shape of work, so a test can check the verdict the profiler gives it.

/** CPU-bound pure JavaScript: scales with worker threads and processes. */
export function sumOfSquareRoots(n: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += Math.sqrt(i);
  return sum;
}

/** CPU-bound and recursive: a heavier task per call. @profileArgs [30] */
export function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

/** Waits without using the CPU: gains from async interleaving, not from more cores. */
export async function sleep(ms: number): Promise<number> {
  await new Promise<void>((resolve) => setTimeout(resolve, ms));
  return ms;
}
