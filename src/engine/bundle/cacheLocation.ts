// Where the emitted modules live, and the checks that keep them the user's own. They go under the
// project's node_modules/.cache/parallelism-profiler/ (the convention other tools use), so the bare
// imports left in them resolve from the user's project exactly as in the user's program; with no
// node_modules above the file, under the per-user cache folder. The folder is created 0700 and
// refused when it is a symbolic link or owned by another user: whoever can write there chooses the
// code the profiler runs (issue 14: a shared /tmp cache let another local user plant a bundle).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProfilerError } from '../errors';

export const CACHE_NAME = 'parallelism-profiler';

/** The nearest folder at or above `dir` that holds a node_modules folder (not a node_modules folder itself). */
export function projectRoot(dir: string): string | undefined {
  for (let d = dir; ; ) {
    if (path.basename(d) !== 'node_modules' && isDirectory(path.join(d, 'node_modules'))) return d;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** The per-user cache folder of this OS ($XDG_CACHE_HOME or ~/.cache on Linux). */
export function userCacheDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), CACHE_NAME, 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', CACHE_NAME);
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), CACHE_NAME);
}

/** The cache folder for a user's file: in its project's node_modules when it has one, else per user. */
export function defaultCacheDir(file: string): string {
  const root = projectRoot(path.dirname(path.resolve(file)));
  return root ? path.join(root, 'node_modules', '.cache', CACHE_NAME) : userCacheDir();
}

/**
 * Creates `dir` (and its parents) and makes sure only this user can write it: mode 0700, owned by
 * this user, neither it nor its parent a symbolic link. A folder of ours with looser bits is
 * tightened; anything else is refused with what to do.
 */
export function ensurePrivateDir(dir: string): void {
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      throw new ProfilerError('BAD_OPTION',
        `The profiler cannot create its cache folder ${dir} (${code ?? (err as Error).message}). It writes your compiled module there, ` +
        `beside your project's node_modules, so that your packages load from your project as in your program. Make that folder writable, then profile again.`);
    }
  }
  for (const d of [path.dirname(dir), dir]) {
    const st = fs.lstatSync(d);
    if (st.isSymbolicLink()) refuse(dir, `${d} is a symbolic link`);
    if (!st.isDirectory()) refuse(dir, `${d} is not a folder`);
  }
  const st = fs.lstatSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined && st.uid !== uid) refuse(dir, `it belongs to user id ${st.uid}, not to you (user id ${uid})`);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

function refuse(dir: string, why: string): never {
  throw new ProfilerError('BAD_OPTION',
    `The profiler's cache folder ${dir} cannot be trusted: ${why}. Code placed there would be run as yours, so the profiler will not use it. ` +
    `Remove it (rm -rf "${dir}") and profile again; the profiler recreates it, private to you.`);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
