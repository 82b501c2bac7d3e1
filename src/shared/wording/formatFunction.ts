// A profiled function as a user reads it, shared by the verdict, the CLI table and the panel:
// "innerHot (hot.ts:8)", "digest (node:internal/crypto/hash:101)", "(garbage collector)".
// No node, no vscode, no DOM.
import type { CodeCategory, ProfiledFunction } from '../report/cpuProfile';

const CATEGORY_LABELS: Record<CodeCategory, string> = {
  user: 'your code',
  library: 'library',
  node: 'Node.js',
  native: 'native / V8 built-in',
  gc: 'garbage collector',
  idle: 'idle (waiting)',
  program: 'V8, no JavaScript',
  profiler: "the profiler's lane code",
};

export function categoryLabel(category: CodeCategory, library?: string): string {
  return category === 'library' && library ? `library ${library}` : CATEGORY_LABELS[category] ?? String(category);
}

/** The file's last part: "src/hash.ts" → "hash.ts"; a node: URL stays whole. */
export function shortFile(file: string): string {
  if (file.startsWith('node:')) return file;
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

export function functionLabel(f: ProfiledFunction): string {
  if (f.category === 'gc' || f.category === 'idle' || f.category === 'program') return f.name;
  if (f.category === 'profiler') return `${f.name} (profiler)`;
  const where = f.file ? `${shortFile(f.file)}${f.line ? `:${f.line}` : ''}` : f.category === 'native' ? 'native' : '';
  const lib = f.category === 'library' && f.library ? `${f.library}: ` : '';
  return where ? `${f.name} (${lib}${where})` : f.name;
}

/** Two functions are the same when name, file and line agree (categories follow from them). */
export function sameFunction(a: ProfiledFunction, b: ProfiledFunction): boolean {
  return a.name === b.name && (a.file ?? '') === (b.file ?? '') && (a.line ?? 0) === (b.line ?? 0);
}
