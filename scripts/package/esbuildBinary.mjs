// Where a target's @esbuild/<platform> package comes from: the installed one for this machine's
// platform, otherwise `npm pack` of the same version as the installed esbuild, kept in a cache
// folder so later builds need no network.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { esbuildPlatformOf } from './targets.mjs';

function esbuildVersion(root) {
  return JSON.parse(readFileSync(path.join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
}

function versionOf(dir) {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** A folder holding the target's esbuild platform package, at the installed esbuild's version. */
export async function esbuildPlatformDir({ root, target, cacheDir }) {
  const { pkg, binary } = esbuildPlatformOf(target);
  const version = esbuildVersion(root);
  const installed = path.join(root, 'node_modules', pkg);
  if (versionOf(installed) === version && existsSync(path.join(installed, binary))) return installed;

  const cached = path.join(cacheDir, `${target}-${version}`, 'package');
  if (versionOf(cached) === version && existsSync(path.join(cached, binary))) return cached;

  const into = path.dirname(cached);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  console.log(`fetching ${pkg}@${version} (npm pack) into ${path.relative(root, into)}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['pack', `${pkg}@${version}`, '--pack-destination', into, '--silent'], { cwd: into, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  const tarball = readdirSync(into).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${pkg}@${version} wrote no tarball`);
  execFileSync('tar', ['-xzf', tarball], { cwd: into, stdio: 'inherit' });
  rmSync(path.join(into, tarball));
  if (!existsSync(path.join(cached, binary))) throw new Error(`${pkg}@${version} has no ${binary}`);
  return cached;
}
