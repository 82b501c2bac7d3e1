// How a report's function is named wherever it is a key or a label: `Class.method` for methods,
// the bare name otherwise (a lens over B.run must never profile a top-level run(), and the history
// of A.run must never mix with B.run's). The engine's locate/qualifiedName spells it the same way.
import type { FunctionInfo } from './report';

export function qualifiedFunctionName(fn: Pick<FunctionInfo, 'name' | 'className'>): string {
  return fn.className !== undefined ? `${fn.className}.${fn.name}` : fn.name;
}
