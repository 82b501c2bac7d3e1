// Where a run's .cpuprofile files go: the user's folder (made and checked before anything runs, so a
// mistyped path costs a second, not a profile), else a new folder under the temp folder that outlives
// the run (the panel opens its files later), of which only the newest few are kept.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BadOptionError } from '../errors';

/** Runs whose default profile folders are kept; older ones are removed when a new one is made. */
export const KEPT_PROFILE_FOLDERS = 20;

export function defaultProfilesRoot(): string {
  return path.join(os.tmpdir(), 'parallelism-profiler-profiles');
}

export function prepareProfileFolder(userDir: string | undefined, prefix: string, createdAt: string): string {
  if (userDir) {
    const dir = path.resolve(userDir);
    try {
      makeFolder(dir);
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      throw new BadOptionError(`options.cpuProfileDir ${dir}: cannot write there (${(err as Error).message}).`);
    }
    return dir;
  }
  const root = defaultProfilesRoot();
  fs.mkdirSync(root, { recursive: true });
  pruneOldFolders(root, KEPT_PROFILE_FOLDERS - 1);
  const dir = path.join(root, `${createdAt.replace(/[:.]/g, '-')}-${prefix}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** One level at a time: Node 20's `mkdirSync(…, { recursive: true })` never returns for a path under /proc. */
export function makeFolder(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
    return;
  }
  const parent = path.dirname(dir);
  if (parent !== dir) makeFolder(parent);
  fs.mkdirSync(dir);
}

/** Keeps the `keep` newest folders of `root` (by name: they start with their ISO time). */
function pruneOldFolders(root: string, keep: number): void {
  try {
    const folders = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const name of folders.slice(0, Math.max(0, folders.length - keep))) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  } catch {
    // another run pruning at the same time, or a read-only temp folder: nothing to lose
  }
}
