// Tasks that do (almost) nothing, so what is timed is the profiler's own cost per task.

export function noop(): number {
  return 0;
}

/** No-op-ish: touches its argument, so the argument really crosses to the lane. */
export function touch(i: number): number {
  return i + 1;
}
