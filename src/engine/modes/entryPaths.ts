// Where the lane entry files are at run time. Two layouts ship: tsc's (this file at
// out/src/engine/modes/, entries at out/src/engine/entries/) and esbuild's (this code inside
// dist/extension.js or dist/cli.js, entries at dist/entries/). Resolved from __dirname, never from
// the working directory, so both the extension host and the CLI find them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type EntryName = 'taskWorker' | 'taskChild' | 'locateWorker';

const found = new Map<EntryName, string>();

export function entryPath(name: EntryName): string {
  const cached = found.get(name);
  if (cached) return cached;
  const candidates = [join(__dirname, 'entries', `${name}.js`), join(__dirname, '..', 'entries', `${name}.js`)];
  const hit = candidates.find((c) => existsSync(c));
  if (!hit) throw new Error(`The ${name} entry is missing (looked at ${candidates.join(', ')}); rebuild the extension.`);
  found.set(name, hit);
  return hit;
}
