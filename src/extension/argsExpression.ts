// The arguments box's check. The engine evaluates the expression in strict mode (its evaluator's
// function body starts with "use strict"), so the box parses it in strict mode too: `[010]` or
// `[with_ = 1]` must be refused here, not after the run has started.
import * as vm from 'node:vm';

/** Parses (never runs) the expression on this thread; the engine evaluates it in a worker. */
export function validateArgsExpression(text: string): string | undefined {
  if (text.trim() === '') return 'Type an expression such as [] or [i * 1000].';
  try {
    new vm.Script(`"use strict"; (${text}\n)`);
    return undefined;
  } catch (err) {
    return `Not a JavaScript expression: ${(err as Error).message}`;
  }
}
