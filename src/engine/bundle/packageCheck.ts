// Packages stay imports that Node resolves at run time (bundle.ts), so esbuild no longer notices a
// package that is not installed. This plugin does, at build time, where the import is written: a
// bare import that esbuild (tsconfig `paths` applied) leaves to Node must name a package found in a
// node_modules folder above the importing file (or the project itself, or a "#" import the nearest
// package.json maps), else the build fails with esbuild's own "Could not resolve" at that line.
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import { nearestPackageJson } from './moduleFormat';

const AGAIN = Symbol('parallelism-profiler-package-check');

export function packageCheckPlugin(): Esbuild.Plugin {
  return {
    name: 'parallelism-profiler-package-check',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if ((args.pluginData as { [AGAIN]?: true } | undefined)?.[AGAIN] || isBuiltin(args.path) || /^[a-z]:[\\/]/i.test(args.path)) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { [AGAIN]: true } });
        if (r.errors.length > 0 || !r.external) return r.errors.length > 0 ? { errors: r.errors } : { path: r.path, namespace: r.namespace, external: r.external, sideEffects: r.sideEffects };
        if (installed(args.path, args.resolveDir)) return { path: args.path, external: true };
        return { errors: [{ text: `Could not resolve "${args.path}"` }] };
      });
    },
  };
}

function packageName(spec: string): string {
  return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
}

function installed(spec: string, fromDir: string): boolean {
  if (spec.startsWith('#')) {
    const pkg = nearestPackageJson(fromDir);
    if (!pkg) return false;
    try {
      return typeof (JSON.parse(fs.readFileSync(pkg.file, 'utf8')) as { imports?: unknown }).imports === 'object';
    } catch {
      return false;
    }
  }
  const name = packageName(spec);
  for (let d = fromDir; ; ) {
    if (fs.existsSync(path.join(d, 'node_modules', name))) return true;
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  // A package importing itself by its own name ("name" in its package.json, with "exports").
  const own = nearestPackageJson(fromDir);
  if (own) {
    try {
      const pkg = JSON.parse(fs.readFileSync(own.file, 'utf8')) as { name?: unknown; exports?: unknown };
      if (pkg.name === name && pkg.exports !== undefined) return true;
    } catch {
      // not a package that can name itself
    }
  }
  return false;
}
