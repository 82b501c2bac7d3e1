// The content hash a remote `worker` and the profiler compare before the worker takes a job: the
// hash of the compiled module each side built from its own checkout. The emitted module holds each
// user file's absolute path (fileLocals.ts gives every file its own import.meta and __dirname), so two
// checkouts of one commit at different places would never match: the checkout's root is replaced by
// a placeholder first. Beside the whole hash, each of the user's own source files (read from the
// bundle's source map) gets a hash and a modification time, so a mismatch can name the file that
// differs and, by file times, which side's copy is newer.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadSpec } from './laneOptions';

export interface SourceFileHash {
  /** sha-256 of the file's bytes, hex, first 16 characters. */
  hash: string;
  /** Modification time, ms since the epoch. */
  mtimeMs: number;
}

export interface ModuleHash {
  /** sha-256 of the emitted module with the checkout root replaced, hex. */
  hash: string;
  /** The checkout root: the nearest folder at or above the file that holds a package.json. */
  root: string;
  /** The profiled file, relative to the root, with forward slashes. */
  file: string;
  /** The user's own source files that went into the module, relative to the root. */
  files: Record<string, SourceFileHash>;
}

const ROOT_MARK = '<checkout>';

/** The checkout a file belongs to: the nearest folder at or above it with a package.json, else its own folder. */
export function checkoutRoot(file: string): string {
  const start = path.dirname(path.resolve(file));
  for (let d = start; ; ) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    const up = path.dirname(d);
    if (up === d) return start;
    d = up;
  }
}

export function moduleHash(load: LoadSpec, sourceFile: string): ModuleHash {
  const root = checkoutRoot(sourceFile);
  const text = fs.readFileSync(load.bundlePath, 'utf8');
  const forms = [pathToFileURL(root).href, JSON.stringify(root).slice(1, -1), root].sort((a, b) => b.length - a.length);
  let normal = text;
  for (const form of forms) normal = normal.split(form).join(ROOT_MARK);
  const hash = createHash('sha256').update(normal).digest('hex');
  return { hash, root, file: relative(root, path.resolve(sourceFile)), files: sourceFiles(`${load.bundlePath}.map`, root) };
}

function sourceFiles(mapFile: string, root: string): Record<string, SourceFileHash> {
  const out: Record<string, SourceFileHash> = {};
  let sources: string[] = [];
  try {
    sources = (JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources?: unknown }).sources as string[];
  } catch {
    return out; // no map: the whole hash still decides, only the file that differs cannot be named
  }
  for (const s of Array.isArray(sources) ? sources : []) {
    if (typeof s !== 'string' || !path.isAbsolute(s) || s.split(/[\\/]/).includes('node_modules')) continue;
    try {
      const bytes = fs.readFileSync(s);
      out[relative(root, s)] = { hash: createHash('sha256').update(bytes).digest('hex').slice(0, 16), mtimeMs: Math.round(fs.statSync(s).mtimeMs) };
    } catch {
      // a file gone since the build: left out
    }
  }
  return out;
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** The files whose hashes differ (or that only one side built from), each with which side's copy is newer by file time. */
export function differingFiles(mine: Record<string, SourceFileHash>, theirs: Record<string, SourceFileHash>): string[] {
  const names = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort();
  const out: string[] = [];
  for (const name of names) {
    const a = mine[name];
    const b = theirs[name];
    if (a && b && a.hash === b.hash) continue;
    if (!b) out.push(`${name} (only in this worker's build)`);
    else if (!a) out.push(`${name} (only in the profiler's build)`);
    else {
      const times = `${new Date(a.mtimeMs).toISOString()} here, ${new Date(b.mtimeMs).toISOString()} there`;
      const newer = a.mtimeMs > b.mtimeMs ? 'this worker\'s copy is newer' : a.mtimeMs < b.mtimeMs ? 'the profiler\'s copy is newer' : 'neither copy is newer';
      out.push(`${name} (${a.hash} here, ${b.hash} at the profiler; ${newer} by file time: ${times})`);
    }
  }
  return out;
}
