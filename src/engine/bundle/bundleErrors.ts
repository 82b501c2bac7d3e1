// Turns esbuild's messages into diagnostics a user can act on: an absolute file, 1-based line and
// column (in UTF-16 units, as editors count), and a message that says what to do.
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import type { SourceLocation } from '../errors';
import type { ModuleFormat } from './moduleFormat';
import { fileLocalsPrefix } from './fileLocals';

export function compileDiagnostic(m: Esbuild.Message, workDir: string, entry: string, format: ModuleFormat = 'cjs'): SourceLocation & { message: string } {
  const loc = m.location;
  const message = withAdvice(m.text, workDir, format);
  if (!loc) return { file: entry, line: 1, column: 1, message };
  const file = path.resolve(workDir, loc.file);
  // esbuild counts columns in UTF-8 bytes from 0; editors count UTF-16 units from 1.
  let column = Buffer.from(loc.lineText, 'utf8').subarray(0, loc.column).toString('utf8').length + 1;
  // The line that carries the file's own locals (fileLocals.ts): count from the user's text.
  const prefix = fileLocalsPrefix(file);
  const at = loc.lineText.indexOf(prefix);
  if (at !== -1 && column > at + prefix.length) column -= prefix.length;
  return { file, line: loc.line, column, message };
}

function withAdvice(text: string, workDir: string, format: ModuleFormat): string {
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
  if (/Top-level await is currently not supported/.test(text)) {
    return `${text}. A top-level await needs an ES module: name the file .mts or .mjs, or set "type": "module" in its package.json.`;
  }
  if (/No loader is configured for "\.node" files/.test(text)) {
    return `${text}. A native addon is loaded by Node, not bundled: import it through its package (a bare import such as \`import x from "pkg"\`, ` +
      `resolved from node_modules), or load it with createRequire(import.meta.url) or require() at run time.`;
  }
  if (/No loader is configured for "(\.[^"]+)" files/.test(text)) {
    return `${text}. Only JavaScript, TypeScript and JSON source files of your own are compiled; read other files at run time (fs.readFileSync with import.meta.dirname or __dirname).`;
  }
  if (format === 'cjs' && /"import\.meta" is not available/.test(text)) {
    return `${text}. The file is loaded as CommonJS; name it .mts or set "type": "module" in its package.json to load it as an ES module.`;
  }
  return text;
}
