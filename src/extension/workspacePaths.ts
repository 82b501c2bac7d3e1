// Whether a path lies inside one of the workspace's folders, and why a re-run may not start. Free
// of `vscode` (the folders are passed in) so the rules are tested on their own.
import * as fs from 'node:fs';
import * as path from 'node:path';

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Both sides resolved through symlinks (a workspace opened through a link holds files whose real
 * path is elsewhere), then compared by path segments: `..x` in the root is a file in the folder,
 * `../x` is not.
 */
export function isInsideFolders(file: string, folders: readonly string[]): boolean {
  const target = real(file);
  return folders.some((folder) => {
    const rel = path.relative(real(folder), target);
    if (rel === '' || path.isAbsolute(rel)) return false;
    const first = rel.split(path.sep)[0];
    return first !== '..';
  });
}

/** Why a re-run of a report's function cannot start, in words; undefined when it can. */
export function rerunRefusal(file: string, folders: readonly string[], trusted: boolean): string | undefined {
  if (!trusted && !isInsideFolders(file, folders)) {
    return `Not re-running: the report names ${file}, which is outside this workspace's folders. Open that folder to profile its code.`;
  }
  if (!fs.existsSync(file)) {
    return `Cannot re-run: ${file} no longer exists (it was moved, renamed or deleted since the report was made).`;
  }
  return undefined;
}
