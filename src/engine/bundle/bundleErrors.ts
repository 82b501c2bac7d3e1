// Turns esbuild's messages into diagnostics a user can act on: an absolute file, 1-based line and
// column (in UTF-16 units, as editors count), and a message that says what to do.
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import type { SourceLocation } from '../errors';

export function compileDiagnostic(m: Esbuild.Message, workDir: string, entry: string): SourceLocation & { message: string } {
  const loc = m.location;
  const message = withAdvice(m.text, workDir);
  if (!loc) return { file: entry, line: 1, column: 1, message };
  // esbuild counts columns in UTF-8 bytes from 0; editors count UTF-16 units from 1.
  const column = Buffer.from(loc.lineText, 'utf8').subarray(0, loc.column).toString('utf8').length + 1;
  return { file: path.resolve(workDir, loc.file), line: loc.line, column, message };
}

function withAdvice(text: string, workDir: string): string {
  const unresolved = /^Could not resolve "(.+)"$/.exec(text);
  if (unresolved) {
    const spec = unresolved[1];
    if (spec.startsWith('.') || path.isAbsolute(spec)) {
      return `${text}: no such file (extensions .ts, .tsx, .js, .mjs, .cjs, .json and index files were tried). Check the path and the file name's case.`;
    }
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    return `${text}: no package "${pkg}" in a node_modules folder above ${workDir}, and no tsconfig "paths" entry matches it. ` +
      `Install it (npm install ${pkg}) in the workspace, or fix the import.`;
  }
  if (/Top-level await is currently not supported with the "cjs" output format/.test(text)) {
    return `${text}. The profiler loads your module as CommonJS in each worker; move the top-level await into a function.`;
  }
  if (/No loader is configured for "\.node" files/.test(text)) {
    return `${text}. Native addons (.node files) cannot be bundled into the module the profiler loads.`;
  }
  return text;
}
