// Turns the user's file into a module a lane can load the way Node loads the user's own program.
// Only the user's own source files are transformed (esbuild, types stripped) and joined into one
// module; every package (a bare import resolved from node_modules) stays an import that Node itself
// resolves at run time, from the user's project: native addons (.node files), packages that find
// their own files through import.meta.url, and ES-module-only packages load as they do for the
// user. The output is an ES module when the source is one and CommonJS when it is CommonJS
// (moduleFormat.ts), and is written under the project's node_modules/.cache (cacheLocation.ts), so
// bare imports resolve from there. Each user file keeps its own import.meta and __dirname
// (fileLocals.ts). esbuild only strips types, it does not type-check: profiling needs runnable
// code, and a type error the editor already shows should not stop a profile.
// esbuild is required lazily so the extension does not load its binary on activation.
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import { CompileError, type SourceLocation } from '../errors';
import type { LocatedFunction } from '../locate/functionForms';
import { readUserFile } from '../locate/locate';
import type { LoadSpec } from '../lanes/laneOptions';
import { wallNow } from '../runtime/clock';
import { copyVerified, evictBundles, lookupBundle, recipeKey, RUN_PREFIX, storeBundle } from './bundleCache';
import { compileDiagnostic } from './bundleErrors';
import { defaultCacheDir, ensurePrivateDir } from './cacheLocation';
import { FILE_LOCALS_DEFINE, fileLocalsPlugin, resolverBanner } from './fileLocals';
import { packageCheckPlugin } from './packageCheck';
import { externalPackages, nativePackages } from './nativePackages';
import { moduleFormatOf, type FormatChoice, type ModuleFormat } from './moduleFormat';
import { looksCommonJs, TARGET_EXPORT, targetAccessor } from './bundleTarget';

export { TARGET_EXPORT } from './bundleTarget';
export { defaultCacheDir } from './cacheLocation';

/** Bump when the generated code or the build options change, so old cache entries stop matching. */
const BUNDLE_FORMAT = 2;

export interface BundleOptions {
  file: string;
  fn: LocatedFunction;
  /** Where bundles are cached; default: the project's node_modules/.cache/parallelism-profiler (see cacheLocation.ts).
   * Bare imports resolve from the run folder, so a cache outside the project only suits code without packages. */
  cacheDir?: string;
  /** A tsconfig to use for every file; by default esbuild uses the nearest one above each file. */
  tsconfig?: string;
  /** Where this run's own folder is made; default: inside the cache folder (where bare imports resolve). */
  tempDir?: string;
}

export interface BundleResult {
  load: LoadSpec;
  /** Wall time of bundleFunction, ms (a cache hit included). */
  ms: number;
  cached: boolean;
  /** Size of the emitted module in bytes. */
  bytes: number;
  /** 'esm' or 'cjs': the module system the user's file runs in, and so the one the profiler emits. */
  format: ModuleFormat;
  /** Why that format, in words. */
  formatReason: string;
  /** The imported packages that ship native addons (.node files), for the verdict. */
  nativePackages: string[];
  /** This run's own folder, removed by dispose(). */
  dir: string;
  /** esbuild's warnings (at most 20): worth showing, since they often explain a task that then fails. */
  warnings: CompileDiagnostic[];
  dispose(): Promise<void>;
}

export type CompileDiagnostic = SourceLocation & { message: string };

interface BuildMeta { format: ModuleFormat; formatReason: string; outName: string; nativePackages?: string[] }

export async function bundleFunction(opts: BundleOptions): Promise<BundleResult> {
  const started = performance.now();
  const file = path.resolve(opts.file);
  // Taken before the entry is read: an input modified after this may differ from what was bundled.
  // Sub-millisecond (wallNow), not Date.now(): files carry fractional mtimes, so a file written in
  // the same millisecond the build starts looked "modified after" it and the bundle was never cached.
  const readStartedAt = wallNow();
  const source = readUserFile(file); // FILE_NOT_FOUND before anything else
  const tsconfig = opts.tsconfig === undefined ? undefined : path.resolve(opts.tsconfig);
  const cacheDir = path.resolve(opts.cacheDir ?? defaultCacheDir(file));
  ensurePrivateDir(cacheDir);
  const runParent = opts.tempDir ? path.resolve(opts.tempDir) : cacheDir;
  if (opts.tempDir) ensurePrivateDir(runParent);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof Esbuild;
  const key = recipeKey({
    format: BUNDLE_FORMAT, esbuild: esbuild.version, node: 'node20', file, tsconfig,
    fn: { name: opts.fn.name, kind: opts.fn.kind, className: opts.fn.className },
  });

  const dir = await fsp.mkdtemp(path.join(runParent, RUN_PREFIX));
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    await fsp.rm(dir, { recursive: true, force: true });
  };
  const result = (cached: boolean, bytes: number, warnings: CompileDiagnostic[], meta: BuildMeta): BundleResult => ({
    load: { bundlePath: path.join(dir, meta.outName), exportName: TARGET_EXPORT, format: meta.format },
    ms: performance.now() - started, cached, bytes, format: meta.format, formatReason: meta.formatReason,
    nativePackages: Array.isArray(meta.nativePackages) ? meta.nativePackages.filter((p) => typeof p === 'string') : [], dir, warnings, dispose,
  });

  try {
    const hit = await lookupBundle(cacheDir, key);
    const meta = hit?.meta as BuildMeta | undefined;
    if (hit && meta && (meta.format === 'esm' || meta.format === 'cjs') && /^bundle\.[cm]js$/.test(meta.outName)) {
      try {
        // A copy whose hash differs from the manifest's (the cached file was changed on disk) is rebuilt, never run.
        if (await copyVerified(hit, dir)) {
          const bytes = (await fsp.stat(path.join(dir, meta.outName))).size;
          return result(true, bytes, hit.warnings as CompileDiagnostic[], meta);
        }
      } catch {
        // evicted or rewritten by another run between lookup and copy: build instead
      }
    }
    const choice = moduleFormatOf(file, source);
    let built: Built;
    try {
      built = await build(esbuild, file, source, opts.fn, dir, tsconfig, choice);
    } catch (err) {
      // Top-level await cannot be CommonJS: a file that has one is an ES module whatever else it says.
      if (choice.format === 'cjs' && err instanceof CompileError && err.diagnostics.some((d) => /Top-level await/.test(d.message))) {
        built = await build(esbuild, file, source, opts.fn, dir, tsconfig, { format: 'esm', reason: 'the file has a top-level await' });
      } else throw err;
    }
    const configs = tsconfig ? [tsconfig] : nearestConfigs(built.inputs);
    try {
      await storeBundle(cacheDir, key, dir, built.outputs, [...built.inputs, ...configs], built.bytes, readStartedAt, built.warnings, built.meta);
      await evictBundles(cacheDir);
    } catch {
      // a read-only or full cache folder costs the next run a rebuild, nothing more
    }
    return result(false, built.bytes, built.warnings, built.meta);
  } catch (err) {
    await dispose();
    throw err;
  }
}

interface Built { bytes: number; inputs: string[]; outputs: string[]; warnings: CompileDiagnostic[]; meta: BuildMeta }

async function build(
  esbuild: typeof Esbuild, file: string, source: string, fn: LocatedFunction, dir: string, tsconfig: string | undefined, choice: FormatChoice,
): Promise<Built> {
  const workDir = path.dirname(file);
  const format = choice.format;
  const outName = format === 'esm' ? 'bundle.mjs' : 'bundle.cjs';
  const outfile = path.join(dir, outName);
  const contents = source + targetAccessor(fn, file, looksCommonJs(file, source));
  let out: Esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    out = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: workDir,
      bundle: true,
      platform: 'node', // Node builtins stay external
      // Packages stay external (packageCheck.ts): Node loads them from the project, as for the user.
      format,
      target: 'node20',
      outfile,
      write: false,
      metafile: true,
      sourcemap: 'linked',
      sourcesContent: false, // the user's files are on disk; keeps the map small
      keepNames: true, // bundling renames colliding top-level names; keep `fn.name` and stack names the user's
      logLevel: 'silent',
      define: FILE_LOCALS_DEFINE,
      banner: { js: resolverBanner(format) },
      ...(tsconfig ? { tsconfig } : {}),
      plugins: [packageCheckPlugin(), fileLocalsPlugin({ file, real: safeRealpath(file), contents })],
    });
  } catch (err) {
    const failure = err as Partial<Esbuild.BuildFailure>;
    if (Array.isArray(failure.errors) && failure.errors.length) {
      throw new CompileError(failure.errors.slice(0, 20).map((m) => compileDiagnostic(m, workDir, file, format)));
    }
    throw err;
  }
  let bytes = 0;
  const outputs: string[] = [];
  for (const o of out.outputFiles) {
    outputs.push(path.basename(o.path));
    if (o.path.endsWith('.map')) {
      await fsp.writeFile(o.path, absoluteSources(o.text, dir), { mode: 0o600 });
    } else {
      await fsp.writeFile(o.path, o.contents, { mode: 0o600 });
      bytes = o.contents.byteLength;
    }
  }
  const inputs = Object.keys(out.metafile.inputs)
    .filter((p) => !/^[a-z-]+:/i.test(p) || /^[a-z]:[\\/]/i.test(p)) // drop non-file namespaces, keep C:\ paths
    .map((p) => path.resolve(workDir, p));
  const warnings = out.warnings.slice(0, 20).map((m) => compileDiagnostic(m, workDir, file, format));
  const imports = Object.values(out.metafile.outputs).flatMap((o) => o.imports);
  const natives = nativePackages(externalPackages(imports), workDir);
  return { bytes, inputs, outputs, warnings, meta: { format, formatReason: choice.reason, outName, nativePackages: natives } };
}

/** esbuild writes sources relative to the bundle; absolute paths keep a copied (cached) bundle's
 * stack traces pointing at the user's files wherever the copy lives. */
function absoluteSources(mapText: string, dir: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((s) => (/^[a-z][a-z+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s) ? s : path.resolve(dir, s)));
  return JSON.stringify(map);
}

function safeRealpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** The nearest tsconfig.json / jsconfig.json above each input folder outside node_modules: its
 * `paths` and `baseUrl` decide resolution, so editing it must invalidate the cache. The nearest
 * package.json too: its "type" decides the module format. */
function nearestConfigs(inputs: string[]): string[] {
  const found = new Set<string>();
  for (const names of [['tsconfig.json', 'jsconfig.json'], ['package.json']]) {
    const seenDirs = new Set<string>();
    for (const input of inputs) {
      if (input.includes(`${path.sep}node_modules${path.sep}`)) continue;
      let d = path.dirname(input);
      for (;;) {
        if (seenDirs.has(d)) break;
        seenDirs.add(d);
        const hit = names.map((n) => path.join(d, n)).find((p) => fs.existsSync(p));
        if (hit) {
          found.add(hit);
          break;
        }
        const up = path.dirname(d);
        if (up === d) break;
        d = up;
      }
    }
  }
  return [...found];
}
