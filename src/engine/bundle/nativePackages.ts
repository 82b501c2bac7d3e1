// Which of the packages the user's code imports ship native code (a .node addon, in the package or
// in one of its own dependencies, where prebuilt binaries live as per-platform packages such as
// @node-rs/argon2-linux-x64-gnu). The verdict uses it to say where native work runs (analyse/
// nativeFindings.ts). A bounded look at the files on disk, done once per build and cached with it.
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';

/** Past this many directory entries per package the look stops (a huge package is not walked whole). */
const MAX_ENTRIES = 4000;
const MAX_DEPTH = 5;

export function packageNameOf(spec: string): string {
  return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
}

/** The bare imports the emitted module leaves to Node, as package names (builtins left out). */
export function externalPackages(imports: ReadonlyArray<{ path: string; external?: boolean }>): string[] {
  const names = new Set<string>();
  for (const i of imports) {
    if (!i.external || isBuiltin(i.path) || i.path.startsWith('.') || i.path.startsWith('#') || path.isAbsolute(i.path)) continue;
    names.add(packageNameOf(i.path));
  }
  return [...names].sort();
}

export function nativePackages(packages: readonly string[], fromDir: string): string[] {
  return packages.filter((name) => {
    const dir = findPackageDir(name, fromDir);
    if (!dir) return false;
    if (hasNodeFile(dir)) return true;
    return dependenciesOf(dir).some((dep) => {
      const depDir = findPackageDir(dep, dir);
      return depDir !== undefined && hasNodeFile(depDir);
    });
  });
}

function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let d = fromDir; ; ) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

function dependenciesOf(dir: string): string[] {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: object; optionalDependencies?: object };
    return [...Object.keys(pkg.optionalDependencies ?? {}), ...Object.keys(pkg.dependencies ?? {})];
  } catch {
    return [];
  }
}

function hasNodeFile(dir: string): boolean {
  let seen = 0;
  const walk = (d: string, depth: number): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) return false;
      if (e.isFile() && e.name.endsWith('.node')) return true;
      if (e.isDirectory() && depth < MAX_DEPTH && e.name !== 'node_modules' && !e.name.startsWith('.') && walk(path.join(d, e.name), depth + 1)) return true;
    }
    return false;
  };
  return walk(dir, 0);
}
