// The other version for --versus: another function, in the profiled file or another one, located and
// bundled as the profiled function is (same cache, same rules), so both load the same way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadSpec } from '../lanes/laneOptions';
import { bundleFunction, type BundleResult } from '../bundle/bundle';
import { findFunctionOffThread } from '../locate/locateService';
import { BadOptionError, ProfilerError } from '../errors';
import { defaultCacheDir } from '../bundle/cacheLocation';
import { checkoutRevision } from './revision';

export interface VersusTarget {
  /** What the comparison calls it: "spinTwice" or "spin in old/work.ts". */
  label: string;
  load: LoadSpec;
  bundle: BundleResult;
}

export async function prepareVersus(v: { file?: string; functionName: string; revision?: string }, profiledFile: string, cacheDir: string | undefined, constructArgs: string | undefined): Promise<VersusTarget> {
  if (v.revision !== undefined) return prepareRevision(v.revision, v.functionName, profiledFile, cacheDir, constructArgs);
  const file = path.resolve(v.file ?? profiledFile);
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    throw new BadOptionError(`--versus: cannot read ${file}: check the path (relative paths start from ${process.cwd()}).`);
  }
  const fn = await findFunctionOffThread(file, source, { name: v.functionName });
  const bundle = await bundleFunction({ file, fn, cacheDir });
  const sameFile = file === path.resolve(profiledFile);
  return {
    label: sameFile ? fn.name : `${fn.name} in ${path.relative(process.cwd(), file) || file}`,
    load: constructArgs ? { ...bundle.load, constructArgs } : bundle.load,
    bundle,
  };
}

/** The profiled function as it was at a git revision, bundled from that revision's files into this project's cache. */
async function prepareRevision(revision: string, functionName: string, profiledFile: string, cacheDir: string | undefined, constructArgs: string | undefined): Promise<VersusTarget> {
  // The bundle of the revision's file goes where today's goes, inside the project, so bare imports
  // resolve to the same installed packages.
  const cache = path.resolve(cacheDir ?? defaultCacheDir(profiledFile));
  const tree = checkoutRevision(profiledFile, revision, cache);
  let fn;
  try {
    fn = await findFunctionOffThread(tree.file, fs.readFileSync(tree.file, 'utf8'), { name: functionName });
  } catch (err) {
    if (err instanceof ProfilerError) throw new BadOptionError(`--versus @${revision}: at ${tree.label}, ${err.message}`);
    throw err;
  }
  const bundle = await bundleFunction({ file: tree.file, fn, cacheDir: cache });
  return { label: `${functionName} at ${tree.label}`, load: constructArgs ? { ...bundle.load, constructArgs } : bundle.load, bundle };
}
