// The arguments expression offered to the user for a function they have not profiled before:
// the one its doc comment names with `@profileArgs EXPR`, else a guess from its parameter count.
import type { LocatedFunction } from '../locate/locate';

const TAG = /@profileArgs\s+(.+?)\s*(?:\*\/)?\s*$/;

export function proposeArguments(source: string, fn: Pick<LocatedFunction, 'line' | 'paramCount'>): string {
  const lines = source.split(/\r?\n/);
  // The doc comment sits right above the declaration (decorators and blank lines aside).
  for (let l = fn.line - 2; l >= 0 && l >= fn.line - 30; l--) {
    const text = lines[l];
    const m = TAG.exec(text);
    if (m) return m[1];
    const trimmed = text.trim();
    if (trimmed !== '' && !trimmed.startsWith('*') && !trimmed.startsWith('/*') && !trimmed.startsWith('//') && !trimmed.startsWith('@')) break;
  }
  switch (fn.paramCount) {
    case 0: return '[]';
    case 1: return '[i]';
    default: return '[i, n]';
  }
}
