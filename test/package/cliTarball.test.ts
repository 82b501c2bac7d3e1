// The CLI as an npm package: `npm pack` at the repository root, installed globally into a
// temporary prefix (esbuild, piscina and TypeScript come from the registry or npm's cache), then
// run on a file in another temporary folder with an environment that names nothing of the repo.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_MODES, REPO, describeRun, profileCpuExample } from './cleanRun';

const { version, name } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; name: string };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What the tarball holds: the CLI, the lane entries it starts, and what npm always adds. Maps are allowed, not required. */
const EXPECTED = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/entries/locateWorker.js', 'dist/entries/taskChild.js', 'dist/entries/taskWorker.js', 'package.json',
  // The queue mode: its processor, the keeper of a private Redis, BullMQ and ioredis bundled, and the
  // sandbox entries BullMQ looks for beside its own module.
  'dist/entries/queueProcessor.js', 'dist/entries/redisKeeper.js', 'dist/entries/queueLibraries.js', 'dist/entries/main.js', 'dist/entries/main-worker.js'];
const OPTIONAL = ['dist/cli.js.map', 'dist/entries/locateWorker.js.map', 'dist/entries/taskChild.js.map', 'dist/entries/taskWorker.js.map',
  'dist/entries/queueProcessor.js.map', 'dist/entries/redisKeeper.js.map', 'dist/entries/queueLibraries.js.map', 'dist/entries/main.js.map', 'dist/entries/main-worker.js.map'];

interface PackResult {
  filename: string;
  size: number;
  files: { path: string }[];
}

describe('the CLI tarball (npm pack)', function () {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-tgz-'));
  let packed: PackResult;

  before(() => {
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', tmp], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' });
    packed = (JSON.parse(out) as PackResult[])[0];
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it(`is ${name}-${version}.tgz with the CLI, its entries and nothing of the extension`, () => {
    assert.equal(packed.filename, `${name}-${version}.tgz`);
    const files = packed.files.map((f) => f.path).sort();
    const unexpected = files.filter((f) => !EXPECTED.includes(f) && !OPTIONAL.includes(f));
    assert.deepEqual(unexpected, [], 'files outside the expected list');
    assert.deepEqual(EXPECTED.filter((f) => !files.includes(f)), [], 'missing files');
    console.log(`      ${packed.filename}: ${(packed.size / 1024).toFixed(0)} kB, ${files.length} files`);
  });

  it('declares esbuild, piscina and typescript as its dependencies, and the bin', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; bin: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), ['esbuild', 'piscina', 'typescript']);
    assert.equal(manifest.bin['parallelism-profiler'], './dist/cli.js');
    const cli = fs.readFileSync(path.join(REPO, 'dist', 'cli.js'), 'utf8');
    assert.ok(cli.startsWith('#!/usr/bin/env node'), 'the bin starts with a node shebang');
  });

  it('installed with npm install -g into a temporary prefix, profiles a file elsewhere in all four modes', () => {
    const prefix = path.join(tmp, 'prefix');
    // --prefer-offline reuses npm's cache; the registry is needed only for what the cache lacks.
    execFileSync(npm, ['install', '-g', '--prefix', prefix, path.join(tmp, packed.filename), '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: tmp,
      stdio: ['ignore', 'inherit', 'inherit'],
      shell: process.platform === 'win32',
      timeout: 300_000,
    });
    const bin = process.platform === 'win32' ? path.join(prefix, 'parallelism-profiler.cmd') : path.join(prefix, 'bin', 'parallelism-profiler');
    assert.ok(fs.existsSync(bin), `npm installed no ${bin}`);
    const run = profileCpuExample([bin], path.join(tmp, 'work'), tmp);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdout, /Verdict:/, describeRun(run));
    assert.ok(run.report, `no report was written\n${describeRun(run)}`);
    assert.deepEqual(run.report.modes.map((m) => [m.mode, m.status]), ALL_MODES.map((m) => [m, 'completed']), describeRun(run));
    assert.equal(run.report.function.name, 'spin');
  });
});
