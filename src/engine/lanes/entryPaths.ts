// Where the lane entry files are at run time. Two layouts ship: tsc's (this file at
// out/src/engine/lanes/, the task entries at out/src/engine/runtime/ and the locate worker at
// out/src/engine/locate/) and esbuild's (this code inside
// dist/extension.js or dist/cli.js, entries at dist/entries/). Resolved from __dirname, never from
// the working directory, so both the extension host and the CLI find them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type EntryName = 'taskWorker' | 'taskChild' | 'locateWorker' | 'queueProcessor' | 'redisKeeper' | 'queueLibraries';

// The stage folder each entry lives in, in tsc's layout.
const STAGE: Record<EntryName, string> = { taskWorker: 'runtime', taskChild: 'runtime', locateWorker: 'locate', queueProcessor: 'runtime', redisKeeper: 'lanes', queueLibraries: 'lanes' };

const found = new Map<EntryName, string>();

export function entryPath(name: EntryName): string {
  const cached = found.get(name);
  if (cached) return cached;
  const candidates = [join(__dirname, 'entries', `${name}.js`), join(__dirname, '..', STAGE[name], `${name}.js`)];
  const hit = candidates.find((c) => existsSync(c));
  if (!hit) throw new Error(`The ${name} entry is missing (looked at ${candidates.join(', ')}); rebuild the extension.`);
  found.set(name, hit);
  return hit;
}
