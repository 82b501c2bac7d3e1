// Does not compile: the profiler must put the error in the Problems panel at its line.
export function broken(n: number): number {
  return n +* 2;
}
