// A content-addressed cache of bundles, so re-profiling unchanged code does not call esbuild.
// An entry is keyed by the recipe (entry file, target, esbuild version, options) and holds a
// manifest of every input esbuild read, with each file's size, mtime and SHA-256. It is valid while
// every input still has the same content: size and mtime equal is taken as unchanged (as make and
// ccache do), otherwise the file is re-hashed, so a `touch` alone does not force a rebuild.
// Known gap: a file that did not exist at build time but would now win resolution (a new
// `foo.ts` beside an imported `foo.js`) is not noticed; editing any input or the tsconfig is.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export const BUNDLE_FILES = ['bundle.js', 'bundle.js.map'] as const;
const MANIFEST = 'manifest.json';
export const DEFAULT_CACHE_ENTRIES = 20;

interface InputRecord { path: string; size: number; mtimeMs: number; sha256: string }
interface Manifest { version: 1; inputs: InputRecord[]; bytes: number; warnings: unknown[] }

export interface CacheHit { dir: string; warnings: unknown[] }

export function recipeKey(recipe: unknown): string {
  return createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 32);
}

async function hashFile(file: string): Promise<string> {
  return createHash('sha256').update(await fsp.readFile(file)).digest('hex');
}

/** The entry's folder (and the build's warnings) when its bundle is still valid for the files on disk now. */
export async function lookupBundle(cacheDir: string, key: string): Promise<CacheHit | undefined> {
  const dir = path.join(cacheDir, key);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fsp.readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.inputs)) return undefined;
  for (const input of manifest.inputs) {
    try {
      const st = await fsp.stat(input.path);
      if (st.size !== input.size) return undefined;
      if (st.mtimeMs !== input.mtimeMs && (await hashFile(input.path)) !== input.sha256) return undefined;
    } catch {
      return undefined; // an input was deleted: whatever imported it must now fail to compile, so rebuild
    }
  }
  const now = new Date();
  await fsp.utimes(dir, now, now).catch(() => undefined); // recency for eviction
  return { dir, warnings: Array.isArray(manifest.warnings) ? manifest.warnings : [] };
}

/** Stores a finished bundle. Best effort: a cache that cannot be written only costs the next run a rebuild.
 * `buildStartedAt` (epoch ms): an input modified after it may differ from what esbuild read, so such a
 * bundle is not stored. */
export async function storeBundle(
  cacheDir: string, key: string, bundleDir: string, inputs: string[], bytes: number, buildStartedAt: number, warnings: unknown[],
): Promise<void> {
  const records: InputRecord[] = [];
  for (const file of new Set(inputs)) {
    const st = await fsp.stat(file);
    if (st.mtimeMs > buildStartedAt) return;
    records.push({ path: file, size: st.size, mtimeMs: st.mtimeMs, sha256: await hashFile(file) });
  }
  const manifest: Manifest = { version: 1, inputs: records, bytes, warnings };
  // Built aside and renamed into place, so a reader never sees half an entry.
  await fsp.mkdir(cacheDir, { recursive: true });
  const staging = path.join(cacheDir, `.staging-${randomBytes(6).toString('hex')}`);
  try {
    await fsp.mkdir(staging);
    for (const name of BUNDLE_FILES) await fsp.copyFile(path.join(bundleDir, name), path.join(staging, name));
    await fsp.writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest));
    const final = path.join(cacheDir, key);
    await fsp.rm(final, { recursive: true, force: true });
    await fsp.rename(staging, final);
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** Keeps the newest `keep` entries (by last use). */
export async function evictBundles(cacheDir: string, keep = DEFAULT_CACHE_ENTRIES): Promise<void> {
  let names: string[];
  try {
    names = (await fsp.readdir(cacheDir)).filter((n) => !n.startsWith('.'));
  } catch {
    return;
  }
  if (names.length <= keep) return;
  const entries = await Promise.all(names.map(async (n) => {
    const p = path.join(cacheDir, n);
    const st = await fsp.stat(p).catch(() => undefined);
    return { p, t: st?.mtimeMs ?? 0 };
  }));
  entries.sort((a, b) => b.t - a.t);
  await Promise.all(entries.slice(keep).map((e) => fsp.rm(e.p, { recursive: true, force: true })));
}

/** Copies a cached bundle into this run's own folder, so evicting the entry cannot pull it from under a run. */
export async function copyBundle(fromDir: string, toDir: string): Promise<number> {
  for (const name of BUNDLE_FILES) await fsp.copyFile(path.join(fromDir, name), path.join(toDir, name));
  return (await fsp.stat(path.join(toDir, BUNDLE_FILES[0]))).size;
}
