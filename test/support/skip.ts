// A skipped test says why, where the totals are read: the reason goes into the test's title, so
// the reporter's "pending" list and the totals line's count name what could not run here.

/** Skips the running test (or, from a `before` hook, its suite) and records `reason` in its title. */
export function skipBecause(ctx: Mocha.Context, reason: string): never {
  // In a before hook the hook is ctx.test: the suite it skips carries the reason instead.
  const runnable = ctx.test as (Mocha.Runnable & { type?: string }) | undefined;
  const target = ctx.currentTest ?? (runnable?.type === 'hook' ? runnable.parent : runnable);
  if (target && !target.title.includes(' (skipped: ')) target.title += ` (skipped: ${reason})`;
  ctx.skip();
}
