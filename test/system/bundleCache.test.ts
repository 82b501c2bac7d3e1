// The bundle cache holds code the profiler runs as the user, so it must be the user's alone and
// never run what it did not build (issue 14, item 1): a private folder in the project (or per user),
// a folder that is a symbolic link or another user's refused, the emitted files' SHA-256 checked
// on every hit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleFunction, type BundleResult } from '../../src/engine/bundle/bundle';
import { defaultCacheDir, userCacheDir } from '../../src/engine/bundle/cacheLocation';
import { ProfilerError } from '../../src/engine/errors';
import { findFunction } from '../../src/engine/locate/locate';
import { skipBecause } from '../support/skip';

const SOURCE = 'export function answer(): number {\n  return 42;\n}\n';

describe('bundle cache: location and hardening', function () {
  this.timeout(60_000);
  let work = '';
  const open: BundleResult[] = [];
  beforeEach(() => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cache-test-')));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.dispose()));
    fs.rmSync(work, { recursive: true, force: true });
  });

  function project(): string {
    const dir = path.join(work, 'proj');
    fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/answer.ts'), SOURCE);
    return path.join(dir, 'src/answer.ts');
  }

  async function bundle(file: string, cacheDir?: string): Promise<BundleResult> {
    const b = await bundleFunction({ file, fn: findFunction(file, SOURCE, { name: 'answer' }), ...(cacheDir ? { cacheDir } : {}) });
    open.push(b);
    return b;
  }

  it("lives in the project's node_modules/.cache/parallelism-profiler, created private (0700), with each run's folder inside it", async () => {
    const file = project();
    const expected = path.join(work, 'proj/node_modules/.cache/parallelism-profiler');
    assert.equal(defaultCacheDir(file), expected);
    const b = await bundle(file);
    assert.equal(path.dirname(b.dir), expected);
    assert.equal(fs.statSync(expected).mode & 0o777, 0o700);
    assert.equal(fs.statSync(b.load.bundlePath).mode & 0o077, 0, 'the emitted module is readable by its owner only');
  });

  it('falls back to the per-user cache folder ($XDG_CACHE_HOME) when no node_modules is above the file', function () {
    // os.tmpdir() has no node_modules above it on a sane machine; where it has, the fallback cannot be reached.
    if (fs.existsSync(path.join(os.tmpdir(), 'node_modules')) || fs.existsSync('/node_modules')) skipBecause(this, 'a node_modules folder sits above the temporary folder here');
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(work, 'xdg');
    try {
      if (process.platform === 'linux') assert.equal(userCacheDir(), path.join(work, 'xdg', 'parallelism-profiler'));
      const lone = path.join(os.tmpdir(), `pp-no-node-modules-${process.pid}`, 'a.ts');
      assert.equal(defaultCacheDir(lone), userCacheDir());
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it('tightens a folder of ours that others could read or write', async () => {
    const file = project();
    const cache = path.join(work, 'proj/node_modules/.cache/parallelism-profiler');
    fs.mkdirSync(cache, { recursive: true, mode: 0o777 });
    fs.chmodSync(cache, 0o777);
    await bundle(file);
    assert.equal(fs.statSync(cache).mode & 0o777, 0o700);
  });

  it('never runs a cached module that was changed on disk: the hit fails its SHA-256 check and is rebuilt', async () => {
    const file = project();
    const first = await bundle(file);
    const cache = path.dirname(first.dir);
    const entry = fs.readdirSync(cache).find((n) => !n.startsWith('.'))!;
    const cached = path.join(cache, entry, path.basename(first.load.bundlePath));
    fs.appendFileSync(cached, '\nglobalThis.__planted = true;\n');
    const second = await bundle(file);
    assert.equal(second.cached, false, 'the tampered entry is not served');
    assert.doesNotMatch(fs.readFileSync(second.load.bundlePath, 'utf8'), /__planted/);
    assert.doesNotMatch(fs.readFileSync(cached, 'utf8'), /__planted/, 'the rebuilt entry replaced the tampered one');
    assert.equal((await bundle(file)).cached, true);
  });

  it('refuses a cache folder that is a symbolic link, saying what to do', async () => {
    const file = project();
    const elsewhere = path.join(work, 'elsewhere');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.mkdirSync(path.join(work, 'proj/node_modules/.cache'));
    fs.symlinkSync(elsewhere, path.join(work, 'proj/node_modules/.cache/parallelism-profiler'));
    await assert.rejects(bundle(file), (err: unknown) => {
      assert.ok(err instanceof ProfilerError);
      assert.match(err.message, /is a symbolic link/);
      assert.match(err.message, /Remove it/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(elsewhere), [], 'nothing was written through the link');
  });

  it('says what to do when the cache folder cannot be created (a read-only node_modules), with no stack', async function () {
    if (typeof process.getuid === 'function' && process.getuid() === 0) skipBecause(this, 'running as root, which writes into a read-only folder anyway');
    const file = project();
    fs.chmodSync(path.join(work, 'proj/node_modules'), 0o555);
    try {
      await assert.rejects(bundle(file), (err: unknown) => err instanceof ProfilerError && /cannot create its cache folder .*Make that folder writable/.test(err.message));
    } finally {
      fs.chmodSync(path.join(work, 'proj/node_modules'), 0o755);
    }
  });

  it("refuses a cache folder owned by another user (root only: it takes chown)", async function () {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) skipBecause(this, 'not root: giving a folder to another user takes chown');
    const file = project();
    const cache = path.join(work, 'proj/node_modules/.cache/parallelism-profiler');
    fs.mkdirSync(cache, { recursive: true, mode: 0o700 });
    fs.chownSync(cache, 65534, 65534);
    await assert.rejects(bundle(file), /belongs to user id 65534, not to you/);
  });
});
