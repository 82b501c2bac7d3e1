import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, TARGET_EXPORT, type BundleResult } from '../../src/engine/bundle/bundle';
import { evictBundles } from '../../src/engine/bundle/bundleCache';
import { CompileError, ProfilerError } from '../../src/engine/errors';
import { findFunction } from '../../src/engine/locate/locate';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

type Target = (...args: unknown[]) => unknown;

const importModule = new Function('u', 'return import(u)') as (u: string) => Promise<Record<string, (ctorArgs?: unknown[]) => Target>>;

/** Loads a bundle as a lane would: import() an ES module, require a CommonJS one, call the factory once. */
async function loadTarget(b: BundleResult, ctorArgs?: unknown[]): Promise<Target> {
  assert.equal(b.load.exportName, TARGET_EXPORT);
  if (b.load.format === 'esm') return (await importModule(pathToFileURL(b.load.bundlePath).href))[b.load.exportName](ctorArgs);
  const mod = require(b.load.bundlePath) as Record<string, (ctorArgs?: unknown[]) => Target>;
  delete require.cache[b.load.bundlePath];
  return mod[b.load.exportName](ctorArgs);
}

async function rejection(p: Promise<unknown>, code: string): Promise<ProfilerError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ProfilerError, `expected ProfilerError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected a ${code} rejection`);
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

describe('bundle: bundleFunction', function () {
  let work: string; // holds this suite's cache and run folders, so the tests see only their own
  let cacheDir: string;
  let tempDir: string;
  const open: BundleResult[] = [];

  // Code with packages uses the project's own cache (its node_modules), so the bare imports resolve: { cacheDir: undefined }.
  const bundle = async (file: string, by: { name: string } | { line: number }, extra: { tsconfig?: string; cacheDir?: string } = {}): Promise<BundleResult> => {
    const fn = findFunction(file, fs.readFileSync(file, 'utf8'), by);
    const b = await bundleFunction({ file, fn, cacheDir, ...extra });
    open.push(b);
    return b;
  };

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-bundle-test-'));
    cacheDir = path.join(work, 'cache');
    tempDir = path.join(work, 'runs');
    fs.mkdirSync(tempDir);
  });
  afterEach(async () => {
    const dirs = open.map((b) => b.dir);
    await Promise.all(open.splice(0).map((b) => b.dispose()));
    assert.deepEqual(dirs.filter((d) => fs.existsSync(d)), [], 'every run folder is removed by dispose()');
    assert.deepEqual(fs.readdirSync(tempDir), []);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const forms = path.join(FIXTURES, 'forms');
  const calls: Array<{ file: string; by: { name: string } | { line: number }; args: unknown[]; want: unknown }> = [
    { file: 'functions.ts', by: { name: 'exportedDecl' }, args: [2, 3], want: 5 },
    { file: 'functions.ts', by: { name: 'hiddenDecl' }, args: [7], want: 21 },
    { file: 'functions.ts', by: { line: 11 }, args: [1], want: 'waited 1' },
    { file: 'functions.ts', by: { name: 'arrowConst' }, args: [9], want: 81 },
    { file: 'functions.ts', by: { name: 'exportedArrow' }, args: [1], want: 101 },
    { file: 'functions.ts', by: { name: 'fnExpr' }, args: ['abc'], want: 'ABC' },
    { file: 'functions.ts', by: { line: 30 }, args: [4], want: 13 }, // inside a nested closure: outer(4)
    { file: 'functions.ts', by: { name: 'Calc.twice' }, args: [21], want: 42 },
    { file: 'functions.ts', by: { line: 43 }, args: [5], want: 15 },
    { file: 'functions.ts', by: { name: 'Calc.scaled' }, args: [3], want: 30 },
    { file: 'functions.ts', by: { name: 'NeedsArgs.make' }, args: [], want: 42 },
    { file: 'functions.ts', by: { name: 'OptionalArgs.times' }, args: [2], want: 10 },
    { file: 'defaultFunction.ts', by: { name: 'default' }, args: [6, 7], want: 42 },
    { file: 'defaultArrow.ts', by: { line: 2 }, args: [10], want: 9 },
    { file: 'defaultNamed.ts', by: { name: 'named' }, args: [1], want: 8 },
    { file: 'defaultClass.ts', by: { name: 'label' }, args: ['x'], want: 'label:x' },
    { file: 'defaultClass.ts', by: { name: 'default.bump' }, args: [2], want: 2 },
    { file: 'plain.js', by: { name: 'double' }, args: [4], want: 8 },
    { file: 'plain.js', by: { name: 'triple' }, args: [4], want: 12 },
    { file: 'common.cjs', by: { name: 'answer' }, args: [2], want: 42 },
    { file: 'module.mjs', by: { name: 'later' }, args: [1], want: 1.5 },
    { file: 'view.tsx', by: { name: 'render' }, args: ['ada'], want: { tag: 'greeting', children: ['ada'] } },
  ];
  for (const c of calls) {
    it(`bundles ${c.file} ${JSON.stringify(c.by)} and calls it`, async () => {
      const b = await bundle(path.join(forms, c.file), c.by);
      assert.equal(path.basename(b.load.bundlePath), b.format === 'esm' ? 'bundle.mjs' : 'bundle.cjs');
      assert.equal(b.format, /\.m[jt]s$/.test(c.file) ? 'esm' : 'cjs', b.formatReason);
      assert.ok(fs.existsSync(`${b.load.bundlePath}.map`));
      assert.equal(b.bytes, fs.statSync(b.load.bundlePath).size);
      assert.deepEqual(await (await loadTarget(b))(...c.args), c.want);
    });
  }

  it('builds the instance once per factory call, so an instance method keeps its state across tasks', async () => {
    const target = await loadTarget(await bundle(path.join(forms, 'defaultClass.ts'), { name: 'bump' }));
    assert.equal(target(1), 1);
    assert.equal(target(1), 2);
  });

  it('inlines relative imports and tsconfig paths; leaves packages and Node builtins to Node, from the project', async () => {
    const b = await bundle(path.join(FIXTURES, 'imports/main.ts'), { name: 'combined' }, { cacheDir: undefined });
    assert.equal(path.dirname(b.dir), path.join(FIXTURES, 'imports/node_modules/.cache/parallelism-profiler'), 'under the project, where bare imports resolve');
    const digest = createHash('sha256').update('4').digest('hex').slice(0, 8);
    assert.equal((await loadTarget(b))(4), `hello profiler 10 OK! ${digest}`);
    const js = fs.readFileSync(b.load.bundlePath, 'utf8');
    assert.match(js, /require\("node:crypto"\)/);
    assert.match(js, /require\("fixture-pkg"\)/, 'a package stays external');
    assert.doesNotMatch(js, /require\("(\.\/lib\/math|@aliased\/greet)"\)/, 'the user\'s own files are inlined');
    const sources = (JSON.parse(fs.readFileSync(`${b.load.bundlePath}.map`, 'utf8')) as { sources: string[] }).sources;
    for (const rel of ['main.ts', 'lib/math.ts', 'aliased/greet.ts']) {
      assert.ok(sources.includes(path.join(FIXTURES, 'imports', rel)), `${rel} in ${sources.join(', ')}`);
    }
  });

  it('compiles a workspace package linked into node_modules (TypeScript sources in a sibling folder) and leaves real packages to Node', async () => {
    const root = path.join(work, 'monorepo');
    fs.mkdirSync(path.join(root, 'packages/lib/src'), { recursive: true });
    fs.mkdirSync(path.join(root, 'packages/app/src'), { recursive: true });
    fs.mkdirSync(path.join(root, 'node_modules/@ws'), { recursive: true });
    fs.writeFileSync(path.join(root, 'packages/lib/package.json'), JSON.stringify({ name: '@ws/lib', main: 'src/index.ts' }));
    fs.writeFileSync(path.join(root, 'packages/lib/src/index.ts'), 'export const triple = (n: number): number => n * 3;\n');
    fs.symlinkSync(path.join(root, 'packages/lib'), path.join(root, 'node_modules/@ws/lib'));
    fs.cpSync(path.join(FIXTURES, 'imports/node_modules/fixture-pkg'), path.join(root, 'node_modules/fixture-pkg'), { recursive: true });
    const entry = path.join(root, 'packages/app/src/main.ts');
    fs.writeFileSync(entry, "import { triple } from '@ws/lib';\nimport { shout } from 'fixture-pkg';\nexport function run(n: number): string { return shout(String(triple(n))); }\n");
    const b = await bundle(entry, { name: 'run' }, { cacheDir: undefined });
    const js = fs.readFileSync(b.load.bundlePath, 'utf8');
    assert.doesNotMatch(js, /require\("@ws\/lib"\)/, 'the workspace package is compiled in');
    assert.match(js, /require\("fixture-pkg"\)/, 'a real package stays external');
    assert.equal((await loadTarget(b))(4), (require(path.join(root, 'node_modules/fixture-pkg')) as { shout(s: string): string }).shout('12'));
  });

  it('gives each user file its own import.meta (url, dirname, filename, resolve), leaving strings alone', async () => {
    const file = path.join(forms, 'importMeta.ts');
    const b = await bundle(file, { name: 'where' });
    assert.equal(b.format, 'esm', b.formatReason);
    assert.deepEqual((await loadTarget(b))(), [pathToFileURL(file).href, forms, file, 'import.meta.url stays in a string', 'function']);
  });

  it('uses an explicit tsconfig for paths when one is given', async () => {
    const dir = path.join(work, 'explicit-tsconfig');
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'shared'));
    fs.writeFileSync(path.join(dir, 'shared/num.ts'), 'export const seven = 7;\n');
    fs.writeFileSync(path.join(dir, 'src/entry.ts'), "import { seven } from '#shared/num';\nexport function get() { return seven; }\n");
    fs.writeFileSync(path.join(dir, 'paths.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '#shared/*': ['shared/*'] } } }));
    const entry = path.join(dir, 'src/entry.ts');
    const err = await rejection(bundle(entry, { name: 'get' }), 'COMPILE_ERROR'); // no tsconfig above: the alias is unknown
    assert.match(err.message, /Could not resolve "#shared\/num"/);
    assert.equal((await loadTarget(await bundle(entry, { name: 'get' }, { tsconfig: path.join(dir, 'paths.json') })))(), 7);
  });

  it('maps stack traces to the user\'s .ts file and line, in a child process with --enable-source-maps', async () => {
    const file = path.join(forms, 'throws.ts');
    const first = await bundle(file, { name: 'explode' });
    const second = await bundle(file, { name: 'explode' }); // a cached copy in another folder
    assert.equal(second.cached, true);
    for (const [b, flags] of [[first, ['--enable-source-maps']], [second, []]] as const) {
      const script = `${flags.length ? '' : 'process.setSourceMapsEnabled(true);'}
        const t = require(${JSON.stringify(b.load.bundlePath)})[${JSON.stringify(b.load.exportName)}]();
        try { t({ sides: 3 }); } catch (e) { console.log(e.stack); }`;
      const stack = execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' });
      assert.match(stack, /bad shape with 3 sides/);
      assert.ok(stack.includes(`${file}:8:9`), `stack names throws.ts:8:9:\n${stack}`);
    }
  });

  it('reports a syntax error as a CompileError with file, line, column and message', async () => {
    const file = path.join(FIXTURES, 'broken/syntax.ts');
    const err = await rejection(bundle(file, { name: 'fine' }), 'COMPILE_ERROR');
    assert.ok(err instanceof CompileError);
    assert.deepEqual(err.diagnostics[0], { file, line: 6, column: 16, message: 'Unexpected "*"' });
    assert.equal(err.message.split('\n')[0], `${file}:6:16: Unexpected "*"`);
    assert.deepEqual(err.location, { file, line: 6, column: 16, message: 'Unexpected "*"' });
  });

  it('counts columns in characters, not bytes, after non-ASCII text', async () => {
    const file = path.join(FIXTURES, 'broken/unicode.ts');
    const line2 = fs.readFileSync(file, 'utf8').split('\n')[1];
    const err = await rejection(bundle(file, { name: 'f' }), 'COMPILE_ERROR') as CompileError;
    assert.equal(err.diagnostics[0].line, 2);
    assert.equal(err.diagnostics[0].column, line2.lastIndexOf(';') + 1);
  });

  it('reports a missing relative import and a missing package where they are imported, with what to do', async () => {
    const missingFile = path.join(FIXTURES, 'broken/missingFile.ts');
    const a = await rejection(bundle(missingFile, { name: 'usesMissing' }), 'COMPILE_ERROR') as CompileError;
    assert.deepEqual({ ...a.diagnostics[0], message: '' }, { file: missingFile, line: 1, column: 25, message: '' });
    assert.match(a.message, /Could not resolve "\.\/nope": no such file.*Check the path/);
    const missingPkg = path.join(FIXTURES, 'broken/missingPackage.ts');
    const b = await rejection(bundle(missingPkg, { name: 'usesPackage' }), 'COMPILE_ERROR') as CompileError;
    assert.equal(b.diagnostics[0].line, 2);
    assert.match(b.message, /npm install no-such-package-anywhere/);
  });

  it('passes esbuild warnings on, with their location, from a build and from the cache', async () => {
    const file = path.join(forms, 'warns.ts');
    const cold = await bundle(file, { name: 'isMissing' });
    const warm = await bundle(file, { name: 'isMissing' });
    assert.equal(warm.cached, true);
    for (const b of [cold, warm]) {
      assert.equal(b.warnings.length, 1);
      assert.deepEqual({ ...b.warnings[0], message: '' }, { file, line: 3, column: 12, message: '' });
      assert.match(b.warnings[0].message, /NaN/);
    }
    assert.equal((await loadTarget(cold))(1), false);
    assert.deepEqual((await bundle(path.join(forms, 'plain.js'), { name: 'double' })).warnings, []);
  });

  it('raises FILE_NOT_FOUND for a file that does not exist', async () => {
    const fn = { name: 'f', kind: 'function' as const, line: 1, column: 1, endLine: 1, async: false, paramCount: 0 };
    const err = await rejection(bundleFunction({ file: path.join(work, 'gone.ts'), fn, cacheDir, tempDir }), 'FILE_NOT_FOUND');
    assert.match(err.message, /gone\.ts/);
  });

  it('serves an unchanged file from the cache and rebuilds when an imported file or the tsconfig changes', async () => {
    const dir = path.join(work, 'cache-project');
    copyTree(path.join(FIXTURES, 'imports'), dir);
    const entry = path.join(dir, 'main.ts');
    const cold = await bundle(entry, { name: 'combined' }, { cacheDir: undefined });
    assert.equal(cold.cached, false);
    const warm = await bundle(entry, { name: 'combined' }, { cacheDir: undefined });
    assert.equal(warm.cached, true);
    assert.notEqual(warm.dir, cold.dir);
    assert.equal(fs.readFileSync(warm.load.bundlePath, 'utf8'), fs.readFileSync(cold.load.bundlePath, 'utf8'));
    assert.match(String((await loadTarget(warm))(3)), /^hello profiler 6 OK!/);

    const math = path.join(dir, 'lib/math.ts');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(math, later, later); // touched, not changed: still a hit
    assert.equal((await bundle(entry, { name: 'combined' }, { cacheDir: undefined })).cached, true);

    fs.writeFileSync(math, fs.readFileSync(math, 'utf8').replace('s += i', 's += 2 * i'));
    const edited = await bundle(entry, { name: 'combined' }, { cacheDir: undefined });
    assert.equal(edited.cached, false, 'editing an imported file invalidates the bundle');
    assert.match(String((await loadTarget(edited))(3)), /^hello profiler 12 OK!/);
    assert.equal((await bundle(entry, { name: 'combined' }, { cacheDir: undefined })).cached, true);

    fs.mkdirSync(path.join(dir, 'aliased2'));
    fs.writeFileSync(path.join(dir, 'aliased2/greet.ts'), 'export const greet = (w: string) => `hi ${w}`;\n');
    const tsconfig = path.join(dir, 'tsconfig.json');
    fs.writeFileSync(tsconfig, fs.readFileSync(tsconfig, 'utf8').replace('"aliased/*"', '"aliased2/*"'));
    const remapped = await bundle(entry, { name: 'combined' }, { cacheDir: undefined });
    assert.equal(remapped.cached, false, 'editing the tsconfig invalidates the bundle');
    assert.match(String((await loadTarget(remapped))(3)), /^hi profiler/);

    const other = await bundle(entry, { name: 'combined' }, { cacheDir: path.join(dir, 'node_modules', 'cache-2') });
    assert.equal(other.cached, false, 'another cache folder starts empty');
  });

  it('keeps a distinct cache entry per target function of one file', async () => {
    const file = path.join(forms, 'functions.ts');
    await bundle(file, { name: 'exportedDecl' });
    assert.equal((await bundle(file, { name: 'hiddenDecl' })).cached, false);
    assert.equal((await bundle(file, { name: 'exportedDecl' })).cached, true);
  });

  it('bounds the cache to the most recently used entries', async () => {
    const dir = path.join(work, 'cache-bounded');
    const file = path.join(forms, 'functions.ts');
    for (const name of ['exportedDecl', 'hiddenDecl', 'arrowConst']) {
      await bundle(file, { name }, { cacheDir: dir });
      await new Promise((r) => setTimeout(r, 20)); // distinct mtimes
    }
    await bundle(file, { name: 'exportedDecl' }, { cacheDir: dir }); // a hit refreshes its recency
    await evictBundles(dir, 2);
    assert.equal(fs.readdirSync(dir).filter((n) => !n.startsWith('.')).length, 2);
    assert.equal((await bundle(file, { name: 'exportedDecl' }, { cacheDir: dir })).cached, true);
    assert.equal((await bundle(file, { name: 'arrowConst' }, { cacheDir: dir })).cached, true);
    assert.equal((await bundle(file, { name: 'hiddenDecl' }, { cacheDir: dir })).cached, false, 'the least recently used was evicted');
  });

  it('dispose() removes the run folder and can be called twice; a failed build leaves none', async () => {
    const b = await bundleFunction({
      file: path.join(forms, 'plain.js'), fn: findFunction('plain.js', 'function double(x) { return x * 2; }', { name: 'double' }), cacheDir, tempDir,
    });
    assert.equal(path.dirname(b.dir), tempDir);
    assert.ok(fs.existsSync(b.dir));
    await b.dispose();
    await b.dispose();
    assert.equal(fs.existsSync(b.dir), false);
    await rejection(bundleFunction({ file: path.join(FIXTURES, 'broken/syntax.ts'), fn: findFunction('syntax.ts', 'function fine() {}', { name: 'fine' }), cacheDir, tempDir }), 'COMPILE_ERROR');
    assert.deepEqual(fs.readdirSync(tempDir), []);
  });

  it('loads esbuild only when bundling, not when the module is imported', () => {
    const mod = path.resolve(__dirname, '../../src/engine/bundle/bundle.js');
    const probe = `require(${JSON.stringify(mod)});
      console.log(Object.keys(require.cache).some((k) => /node_modules[\\\\/](esbuild|typescript)[\\\\/]/.test(k)));`;
    assert.equal(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim(), 'false');
  });
});
