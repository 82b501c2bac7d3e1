// Production bundles for the package, built apart from the repository's dist/: the tests and the
// watch build of other work use dist/ (with maps) at the same time, so packaging must not rewrite it.
// esbuild.mjs resolves its entries from its working folder, so it runs in a folder that links to
// the repository's sources; esbuild follows the links, so tsconfig and node_modules resolve as usual.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** Builds with `node esbuild.mjs --production` into `<buildDir>/dist` and returns that folder. */
export function buildProduction(root, buildDir, skip) {
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const from = path.join(root, entry.name);
    const to = path.join(buildDir, entry.name);
    // Windows links folders as junctions (no privilege needed) and copies the few top-level files.
    if (process.platform !== 'win32') symlinkSync(from, to);
    else if (entry.isDirectory()) symlinkSync(from, to, 'junction');
    else cpSync(from, to);
  }
  execFileSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production'], { cwd: buildDir, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(buildDir, 'dist');
}
