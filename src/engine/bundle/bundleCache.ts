// A content-addressed cache of bundles, so re-profiling unchanged code does not call esbuild.
// An entry is keyed by the recipe (entry file, target, esbuild version, options) and holds a
// manifest of every input esbuild read, with each file's size, mtime and SHA-256. It is valid while
// every input still has the same content: size and mtime equal is taken as unchanged (as make and
// ccache do), otherwise the file is re-hashed, so a `touch` alone does not force a rebuild.
// Known gap: a file that did not exist at build time but would now win resolution (a new
// `foo.ts` beside an imported `foo.js`) is not noticed; editing any input or the tsconfig is.
// The emitted files are code the profiler will run: the manifest keeps their SHA-256, and every hit
// hashes the copy it is about to load, so a cached file changed on disk is rebuilt, never run.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

const MANIFEST = 'manifest.json';
export const DEFAULT_CACHE_ENTRIES = 20;
/** Folders of runs in progress live beside the entries; one left by a killed run is removed after this. */
const STALE_RUN_MS = 24 * 3600_000;
export const RUN_PREFIX = '.run-';

interface InputRecord { path: string; size: number; mtimeMs: number; sha256: string }
/** An emitted file: its name in the entry and its SHA-256. */
export interface OutputRecord { name: string; sha256: string }
interface Manifest { version: 2; inputs: InputRecord[]; outputs: OutputRecord[]; bytes: number; warnings: unknown[]; meta: unknown }

export interface CacheHit { dir: string; outputs: OutputRecord[]; warnings: unknown[]; meta: unknown }

export function recipeKey(recipe: unknown): string {
  return createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 32);
}

export async function hashFile(file: string): Promise<string> {
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
  if (manifest.version !== 2 || !Array.isArray(manifest.inputs) || !Array.isArray(manifest.outputs)) return undefined;
  if (!manifest.outputs.every((o) => typeof o.name === 'string' && /^[\w.-]+$/.test(o.name) && typeof o.sha256 === 'string')) return undefined;
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
  return { dir, outputs: manifest.outputs, warnings: Array.isArray(manifest.warnings) ? manifest.warnings : [], meta: manifest.meta };
}

/** Stores a finished bundle. Best effort: a cache that cannot be written only costs the next run a rebuild.
 * `buildStartedAt` (epoch ms): an input modified after it may differ from what esbuild read, so such a
 * bundle is not stored. */
export async function storeBundle(
  cacheDir: string, key: string, bundleDir: string, outputs: string[], inputs: string[], bytes: number, buildStartedAt: number,
  warnings: unknown[], meta: unknown,
): Promise<void> {
  const records: InputRecord[] = [];
  for (const file of new Set(inputs)) {
    const st = await fsp.stat(file);
    if (st.mtimeMs > buildStartedAt) return;
    records.push({ path: file, size: st.size, mtimeMs: st.mtimeMs, sha256: await hashFile(file) });
  }
  const outs: OutputRecord[] = [];
  for (const name of outputs) outs.push({ name, sha256: await hashFile(path.join(bundleDir, name)) });
  const manifest: Manifest = { version: 2, inputs: records, outputs: outs, bytes, warnings, meta };
  // Built aside and renamed into place, so a reader never sees half an entry.
  const staging = path.join(cacheDir, `.staging-${randomBytes(6).toString('hex')}`);
  try {
    await fsp.mkdir(staging, { mode: 0o700 });
    for (const name of outputs) await fsp.copyFile(path.join(bundleDir, name), path.join(staging, name));
    await fsp.writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest));
    const final = path.join(cacheDir, key);
    await fsp.rm(final, { recursive: true, force: true });
    await fsp.rename(staging, final);
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** Keeps the newest `keep` entries (by last use), and removes run folders left by runs that were killed. */
export async function evictBundles(cacheDir: string, keep = DEFAULT_CACHE_ENTRIES): Promise<void> {
  let all: string[];
  try {
    all = await fsp.readdir(cacheDir);
  } catch {
    return;
  }
  const now = Date.now();
  await Promise.all(all.filter((n) => n.startsWith(RUN_PREFIX)).map(async (n) => {
    const p = path.join(cacheDir, n);
    const st = await fsp.stat(p).catch(() => undefined);
    if (st && now - st.mtimeMs > STALE_RUN_MS) await fsp.rm(p, { recursive: true, force: true });
  }));
  const names = all.filter((n) => !n.startsWith('.'));
  if (names.length <= keep) return;
  const entries = await Promise.all(names.map(async (n) => {
    const p = path.join(cacheDir, n);
    const st = await fsp.stat(p).catch(() => undefined);
    return { p, t: st?.mtimeMs ?? 0 };
  }));
  entries.sort((a, b) => b.t - a.t);
  await Promise.all(entries.slice(keep).map((e) => fsp.rm(e.p, { recursive: true, force: true })));
}

/**
 * Copies a cached entry's files into this run's own folder (so evicting the entry cannot pull them
 * from under a run) and checks each copy's SHA-256 against the manifest: what is checked is what
 * runs. False, with the copies removed, when one differs.
 */
export async function copyVerified(hit: CacheHit, toDir: string): Promise<boolean> {
  for (const o of hit.outputs) {
    const to = path.join(toDir, o.name);
    await fsp.copyFile(path.join(hit.dir, o.name), to);
    if ((await hashFile(to)) !== o.sha256) {
      await Promise.all(hit.outputs.map((x) => fsp.rm(path.join(toDir, x.name), { force: true })));
      return false;
    }
  }
  return true;
}
