// Functions that misbehave on purpose: the extension must survive each and say what happened.

/** Never returns: only the mode's timeout ends it. */
export function forever(): number {
  let x = 0;
  for (;;) x++;
}

/** Ends its own worker thread or process. */
export function exits(code: number): never {
  process.exit(code);
}

/** Throws on odd task indices only. */
export function throwsOnOdd(i: number): number {
  if (i % 2 === 1) {
    throw new Error(`task ${i} is odd`);
  }
  return i;
}
