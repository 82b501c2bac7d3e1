// Decides, for every bare import (`pkg`, `@scope/pkg/sub`, `#internal`), whether it is the user's
// own source or a package Node loads. esbuild resolves it first (tsconfig `paths` applied): a file
// whose real path lies inside a node_modules folder is a package, left as the same bare import for
// Node to resolve at run time from the user's project (native addons, ESM-only packages and
// packages that find their own files then work as in the user's program); anything else is the
// user's own source and is compiled in: a tsconfig `paths` target, or a workspace package (npm or
// pnpm workspaces link it into node_modules from a sibling folder), TypeScript sources included.
// An import that resolves nowhere fails the build at its line with esbuild's "Could not resolve",
// unless Node would still find it (a package whose "exports" esbuild cannot read, say).
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
        if (r.errors.length > 0) return installed(args.path, args.resolveDir) ? { path: args.path, external: true } : { errors: r.errors };
        if (r.external || r.namespace !== 'file' || insideNodeModules(r.path)) return { path: args.path, external: true };
        return { path: r.path, sideEffects: r.sideEffects }; // the user's own source: compiled in
      });
    },
  };
}

function insideNodeModules(file: string): boolean {
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    // keep the path esbuild gave
  }
  return real.split(/[\\/]/).includes('node_modules');
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
