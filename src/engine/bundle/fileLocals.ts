// Gives every user file its own `import.meta` (url, dirname, filename, resolve), `__dirname` and
// `__filename`, meaning that file's location as they do when the user runs it, although the
// profiler runs all user files as one module in its cache. esbuild's `define` swaps the free names
// for `__pp*` identifiers on the syntax tree (strings and comments are untouched, and a user's own
// `const __dirname = …` keeps its binding); each file starts with its own `const __pp* = …`, so each
// file's references bind to its own constants (esbuild renames the copies apart when it hoists).
// The constants go at the start of the file's first line, after a hashbang or "use strict"
// prologue: every line keeps its number, so source maps and compile errors stay right.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import type { ModuleFormat } from './moduleFormat';

export const FILE_LOCALS_DEFINE: Record<string, string> = {
  'import.meta': '__ppImportMeta',
  __dirname: '__ppDirname',
  __filename: '__ppFilename',
};

/** Raw text at the top of the output: how a file's `import.meta.resolve` resolves a bare name (from the project). */
export function resolverBanner(format: ModuleFormat): string {
  return format === 'esm'
    ? 'const __ppResolve = (s) => import.meta.resolve(s);'
    : 'const __ppResolve = (s) => require("node:url").pathToFileURL(require.resolve(s)).href;';
}

const SOURCE_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

export function fileLocalsPrefix(file: string): string {
  const url = pathToFileURL(file).href;
  const dir = path.dirname(file);
  const u = JSON.stringify(url);
  return `const __ppImportMeta = { url: ${u}, dirname: ${JSON.stringify(dir)}, filename: ${JSON.stringify(file)}, ` +
    `resolve: (s) => /^\\.{0,2}\\//.test(s) ? new URL(s, ${u}).href : __ppResolve(s) }, ` +
    `__ppDirname = ${JSON.stringify(dir)}, __ppFilename = ${JSON.stringify(file)};`;
}

/** Inserts `prefix` where a statement may start on line 1: after a hashbang line and a directive prologue. */
export function withPrefix(source: string, prefix: string): string {
  let at = 0;
  if (source.startsWith('#!')) {
    const nl = source.indexOf('\n');
    if (nl === -1) return `${source}\n${prefix}`;
    at = nl + 1;
  }
  const prologue = /^(?:\s*(?:'use strict'|"use strict")\s*;?)*/.exec(source.slice(at));
  at += prologue ? prologue[0].length : 0;
  return source.slice(0, at) + prefix + source.slice(at);
}

export function loaderFor(file: string): Esbuild.Loader {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tsx') return 'tsx';
  if (ext === '.jsx') return 'jsx';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'ts';
  return 'js';
}

/**
 * Loads each of the user's own source files (not packages: those stay external) with its locals in
 * front; the entry's text is given (it was read once, and carries the appended accessor).
 */
export function fileLocalsPlugin(entry: { file: string; real: string; contents: string }): Esbuild.Plugin {
  return {
    name: 'parallelism-profiler-file-locals',
    setup(b) {
      b.onLoad({ filter: SOURCE_EXT, namespace: 'file' }, async (args) => {
        if (args.path.split(/[\\/]/).includes('node_modules')) return undefined;
        const isEntry = args.path === entry.file || args.path === entry.real;
        const source = isEntry ? entry.contents : await fs.promises.readFile(args.path, 'utf8');
        return { contents: withPrefix(source, fileLocalsPrefix(args.path)), loader: loaderFor(args.path), resolveDir: path.dirname(args.path) };
      });
    },
  };
}
