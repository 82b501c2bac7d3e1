// Which module system the user's own program runs their file in, so the profiler emits the same:
// code runs at its true speed and with its true semantics (strict mode, top-level await, `require`)
// only in the module system it was written for (NOTES: a call-heavy loop ran 6-7% slower as
// CommonJS than as an ES module). Node's own rules, in order: the extension (.mts/.mjs are ES
// modules, .cts/.cjs CommonJS), then the nearest package.json's "type". A file that uses
// `import.meta` cannot be CommonJS, so it is taken as an ES module too; a top-level `await` is
// found by esbuild (bundle.ts rebuilds as an ES module when the CommonJS build refuses one).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ModuleFormat = 'esm' | 'cjs';

export interface FormatChoice {
  format: ModuleFormat;
  /** Why, in words, for the report and for messages. */
  reason: string;
}

export function moduleFormatOf(file: string, source: string): FormatChoice {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.mts' || ext === '.mjs') return { format: 'esm', reason: `the file is ${ext}` };
  if (ext === '.cts' || ext === '.cjs') return { format: 'cjs', reason: `the file is ${ext}` };
  const pkg = nearestPackageJson(path.dirname(file));
  if (pkg?.type === 'module') return { format: 'esm', reason: `${pkg.file} says "type": "module"` };
  if (usesImportMeta(source)) return { format: 'esm', reason: 'the file uses import.meta' };
  return { format: 'cjs', reason: pkg ? `${pkg.file} has no "type": "module"` : 'no package.json says "type": "module"' };
}

/** The nearest package.json above `dir`, as Node looks for it (a file that does not parse counts as no type). */
export function nearestPackageJson(dir: string): { file: string; type?: string } | undefined {
  for (let d = dir; ; ) {
    const file = path.join(d, 'package.json');
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        const type = (JSON.parse(text) as { type?: unknown }).type;
        return { file, ...(typeof type === 'string' ? { type } : {}) };
      } catch {
        return { file };
      }
    }
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** `import.meta` outside comments and string literals (a light scan: template literals' `${}` are taken as text). */
export function usesImportMeta(source: string): boolean {
  if (!source.includes('meta')) return false;
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, ' ');
  return /\bimport\s*\.\s*meta\b/.test(code);
}
