// Bundles the user's file and everything it imports into one CommonJS module that a worker thread
// or child process can `require`, with a source map pointing back at the user's own files.
// esbuild only strips types, it does not type-check: profiling needs runnable code, not well-typed
// code, and a type error the editor already shows should not stop a profile.
// esbuild is required lazily so the extension does not load its binary on activation.
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import { CompileError, type SourceLocation } from '../errors';
import type { LocatedFunction } from '../locate/functionForms';
import { readUserFile } from '../locate/locate';
import type { LoadSpec } from '../lanes/laneOptions';
import { epochNow } from '../runtime/clock';
import { copyBundle, evictBundles, lookupBundle, recipeKey, storeBundle } from './bundleCache';
import { compileDiagnostic } from './bundleErrors';
import { looksCommonJs, TARGET_EXPORT, targetAccessor } from './bundleTarget';

export { TARGET_EXPORT } from './bundleTarget';

/** Bump when the generated code or the build options change, so old cache entries stop matching. */
const BUNDLE_FORMAT = 1;

export interface BundleOptions {
  file: string;
  fn: LocatedFunction;
  /** Where bundles are cached; default `os.tmpdir()/parallelism-profiler-cache`. */
  cacheDir?: string;
  /** A tsconfig to use for every file; by default esbuild uses the nearest one above each file. */
  tsconfig?: string;
  /** Where this run's own folder is made; default `os.tmpdir()`. */
  tempDir?: string;
}

export interface BundleResult {
  load: LoadSpec;
  /** Wall time of bundleFunction, ms (a cache hit included). */
  ms: number;
  cached: boolean;
  /** Size of bundle.js in bytes. */
  bytes: number;
  /** This run's own folder, removed by dispose(). */
  dir: string;
  /** esbuild's warnings (at most 20), e.g. `import.meta` being empty in the CommonJS bundle: worth showing,
   * since they often explain a task that then fails. */
  warnings: CompileDiagnostic[];
  dispose(): Promise<void>;
}

export type CompileDiagnostic = SourceLocation & { message: string };

export function defaultCacheDir(): string {
  return path.join(os.tmpdir(), 'parallelism-profiler-cache');
}

export async function bundleFunction(opts: BundleOptions): Promise<BundleResult> {
  const started = performance.now();
  const file = path.resolve(opts.file);
  // Taken before the entry is read: an input modified after this may differ from what was bundled.
  // Sub-millisecond (epochNow), not Date.now(): files carry fractional mtimes, so a file written in
  // the same millisecond the build starts looked "modified after" it and the bundle was never cached.
  const readStartedAt = epochNow();
  const source = readUserFile(file); // FILE_NOT_FOUND before anything else
  const tsconfig = opts.tsconfig === undefined ? undefined : path.resolve(opts.tsconfig);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof Esbuild;
  const key = recipeKey({
    format: BUNDLE_FORMAT, esbuild: esbuild.version, node: 'node20', file, tsconfig,
    fn: { name: opts.fn.name, kind: opts.fn.kind, className: opts.fn.className },
  });

  const dir = await fsp.mkdtemp(path.join(opts.tempDir ?? os.tmpdir(), 'parallelism-profiler-run-'));
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    await fsp.rm(dir, { recursive: true, force: true });
  };
  const result = (cached: boolean, bytes: number, warnings: CompileDiagnostic[]): BundleResult => ({
    load: { bundlePath: path.join(dir, 'bundle.js'), exportName: TARGET_EXPORT },
    ms: performance.now() - started, cached, bytes, dir, warnings, dispose,
  });

  try {
    const hit = await lookupBundle(cacheDir, key);
    if (hit) {
      try {
        return result(true, await copyBundle(hit.dir, dir), hit.warnings as CompileDiagnostic[]);
      } catch {
        // evicted or rewritten by another run between lookup and copy: build instead
      }
    }
    const { bytes, inputs, warnings } = await build(esbuild, file, source, opts.fn, dir, tsconfig);
    const configs = tsconfig ? [tsconfig] : nearestConfigs(inputs);
    try {
      await storeBundle(cacheDir, key, dir, [...inputs, ...configs], bytes, readStartedAt, warnings);
      await evictBundles(cacheDir);
    } catch {
      // a read-only or full temp folder costs the next run a rebuild, nothing more
    }
    return result(false, bytes, warnings);
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function build(
  esbuild: typeof Esbuild, file: string, source: string, fn: LocatedFunction, dir: string, tsconfig: string | undefined,
): Promise<{ bytes: number; inputs: string[]; warnings: CompileDiagnostic[] }> {
  const workDir = path.dirname(file);
  const outfile = path.join(dir, 'bundle.js');
  let out: Esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    out = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: workDir,
      bundle: true,
      platform: 'node', // Node builtins stay external; every package is bundled
      format: 'cjs',
      target: 'node20',
      outfile,
      write: false,
      metafile: true,
      sourcemap: 'linked',
      sourcesContent: false, // the user's files are on disk; keeps the map small
      keepNames: true, // bundling renames colliding top-level names; keep `fn.name` and stack names the user's
      logLevel: 'silent',
      ...(tsconfig ? { tsconfig } : {}),
      plugins: [appendTargetPlugin(file, source, fn)],
    });
  } catch (err) {
    const failure = err as Partial<Esbuild.BuildFailure>;
    if (Array.isArray(failure.errors) && failure.errors.length) {
      throw new CompileError(failure.errors.slice(0, 20).map((m) => compileDiagnostic(m, workDir, file)));
    }
    throw err;
  }
  let bytes = 0;
  for (const o of out.outputFiles) {
    if (o.path.endsWith('.map')) {
      await fsp.writeFile(o.path, absoluteSources(o.text, dir));
    } else {
      await fsp.writeFile(o.path, o.contents);
      bytes = o.contents.byteLength;
    }
  }
  const inputs = Object.keys(out.metafile.inputs)
    .filter((p) => !/^[a-z-]+:/i.test(p) || /^[a-z]:[\\/]/i.test(p)) // drop non-file namespaces, keep C:\ paths
    .map((p) => path.resolve(workDir, p));
  const warnings = out.warnings.slice(0, 20).map((m) => compileDiagnostic(m, workDir, file));
  return { bytes, inputs, warnings };
}

/** esbuild writes sources relative to the bundle; absolute paths keep a copied (cached) bundle's
 * stack traces pointing at the user's files wherever the copy lives. */
function absoluteSources(mapText: string, dir: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((s) => (/^[a-z][a-z+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s) ? s : path.resolve(dir, s)));
  return JSON.stringify(map);
}

function appendTargetPlugin(file: string, source: string, fn: LocatedFunction): Esbuild.Plugin {
  const real = safeRealpath(file);
  const escaped = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    name: 'parallelism-profiler-target',
    setup(b) {
      b.onLoad({ filter: new RegExp(`${escaped}$`) }, (args) => {
        if (args.path !== file && args.path !== real) return undefined;
        return { contents: source + targetAccessor(fn, file, looksCommonJs(file, source)), loader: loaderFor(file), resolveDir: path.dirname(args.path) };
      });
    },
  };
}

function loaderFor(file: string): Esbuild.Loader {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tsx') return 'tsx';
  if (ext === '.jsx') return 'jsx';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'ts';
  return 'js';
}

function safeRealpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** The nearest tsconfig.json / jsconfig.json above each input folder outside node_modules: its
 * `paths` and `baseUrl` decide resolution, so editing it must invalidate the cache. */
function nearestConfigs(inputs: string[]): string[] {
  const found = new Set<string>();
  const seenDirs = new Set<string>();
  for (const input of inputs) {
    if (input.includes(`${path.sep}node_modules${path.sep}`)) continue;
    let d = path.dirname(input);
    for (;;) {
      if (seenDirs.has(d)) break;
      seenDirs.add(d);
      const hit = ['tsconfig.json', 'jsconfig.json'].map((n) => path.join(d, n)).find((p) => fs.existsSync(p));
      if (hit) {
        found.add(hit);
        break;
      }
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  return [...found];
}
