// The VSIX as users get it: built by `npm run package` (scripts/package.mjs), its files listed
// against a committed list, its esbuild binary checked per target, and the linux-x64 (this
// machine's) package unpacked outside the repository and run.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_MODES, REPO, cleanEnv, describeRun, profileCpuExample } from './cleanRun';
import { extractZip, readZip, type ZipEntry } from './zipReader';
import { skipBecause } from '../support/skip';

const { version, name } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; name: string };
const HOST = `${process.platform}-${os.arch()}`;
const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
const MAX_BYTES = 10 * 1024 * 1024;

/** Everything a VSIX holds apart from node_modules; vsce renames the docs (readme.md, LICENSE.txt). */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/cli.js',
  'extension/dist/entries/locateWorker.js',
  'extension/dist/entries/main-worker.js',
  'extension/dist/entries/main.js',
  'extension/dist/entries/queueLibraries.js',
  'extension/dist/entries/queueProcessor.js',
  'extension/dist/entries/redisKeeper.js',
  'extension/dist/entries/taskChild.js',
  'extension/dist/entries/taskWorker.js',
  'extension/dist/extension.js',
  'extension/dist/webview/main.js',
  'extension/dist/webview/panel.css',
  'extension/media/icon.png',
  'extension/media/walkthrough/open.md',
  'extension/media/walkthrough/profile.md',
  'extension/media/walkthrough/read.md',
  'extension/package.json',
  'extension/readme.md',
];

/** The runtime packages: exact files, except piscina's dist/ (matched by prefix, .js/.mjs only). */
function expectedModules(target: string): { exact: string[]; prefixes: string[] } {
  const binary = target.startsWith('win32-') ? 'esbuild.exe' : 'bin/esbuild';
  const nm = 'extension/node_modules/';
  return {
    exact: [
      `${nm}@esbuild/${target}/package.json`,
      `${nm}@esbuild/${target}/${binary}`,
      `${nm}esbuild/LICENSE.md`,
      `${nm}esbuild/lib/main.js`,
      `${nm}esbuild/package.json`,
      `${nm}piscina/LICENSE`,
      `${nm}piscina/dist/main.js`,
      `${nm}piscina/dist/worker.js`,
      `${nm}piscina/package.json`,
      `${nm}typescript/LICENSE.txt`,
      `${nm}typescript/ThirdPartyNoticeText.txt`,
      `${nm}typescript/lib/typescript.js`,
      `${nm}typescript/package.json`,
    ],
    prefixes: [`${nm}piscina/dist/`],
  };
}

function checkFileList(entries: ZipEntry[], target: string): void {
  const names = entries.map((e) => e.name);
  const outside = names.filter((n) => !n.startsWith('extension/node_modules/')).sort();
  assert.deepEqual(outside, [...EXPECTED].sort(), `the ${target} VSIX's files outside node_modules differ from the expected list`);
  const { exact, prefixes } = expectedModules(target);
  const modules = names.filter((n) => n.startsWith('extension/node_modules/'));
  const unexpected = modules.filter((n) => !exact.includes(n) && !prefixes.some((p) => n.startsWith(p) && /\.m?js$/.test(n)));
  assert.deepEqual(unexpected, [], `the ${target} VSIX holds node_modules files outside the allowed list`);
  const missing = exact.filter((n) => !modules.includes(n));
  assert.deepEqual(missing, [], `the ${target} VSIX lacks runtime files`);
  assert.deepEqual(names.filter((n) => /\.(map|ts)$/.test(n)), [], 'no source maps or TypeScript sources ship');
}

/** The executable format and CPU a binary was built for, read from its header. */
function binaryKind(bytes: Buffer): string {
  if (bytes.readUInt32BE(0) === 0x7f454c46) return `elf-${{ 0x3e: 'x64', 0xb7: 'arm64' }[bytes.readUInt16LE(18)] ?? 'other'}`;
  if (bytes.readUInt32LE(0) === 0xfeedfacf) return `macho-${{ 0x01000007: 'x64', 0x0100000c: 'arm64' }[bytes.readUInt32LE(4)] ?? 'other'}`;
  if (bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    return `pe-${{ 0x8664: 'x64', 0xaa64: 'arm64' }[bytes.readUInt16LE(pe + 4)] ?? 'other'}`;
  }
  return 'unknown';
}

const EXPECTED_KIND: Record<string, string> = {
  'linux-x64': 'elf-x64', 'linux-arm64': 'elf-arm64', 'darwin-x64': 'macho-x64', 'darwin-arm64': 'macho-arm64', 'win32-x64': 'pe-x64', 'win32-arm64': 'pe-arm64',
};

describe('the VSIX (npm run package)', function () {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-vsix-'));
  const hostVsix = path.join(tmp, `${name}-${version}.vsix`);
  const others = ['darwin-arm64', 'win32-x64'].filter((t) => t !== HOST);
  const otherVsix = (t: string) => path.join(tmp, `${name}-${version}-${t}.vsix`);

  before(function () {
    if (!TARGETS.includes(HOST)) skipBecause(this, `no VSIX target is built for this platform (${HOST})`);
    // This machine's package under the plain name, then two others (each named for its target).
    execFileSync(process.execPath, ['scripts/package.mjs', '--out-dir', tmp], { cwd: REPO, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/package.mjs', ...others.flatMap((t) => ['--target', t]), '--out-dir', tmp], { cwd: REPO, stdio: 'inherit' });
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it(`writes ${name}-${version}.vsix for this machine (${HOST}) with exactly the expected files, under 10 MB`, () => {
    const entries = readZip(hostVsix);
    checkFileList(entries, HOST);
    const size = fs.statSync(hostVsix).size;
    console.log(`      ${path.basename(hostVsix)}: ${(size / 1024 / 1024).toFixed(2)} MB, ${entries.length} files`);
    assert.ok(size < MAX_BYTES, `the VSIX is ${size} bytes, over the 10 MB aim`);
    const manifest = readZip(hostVsix).find((e) => e.name === 'extension.vsixmanifest')!.read().toString('utf8');
    assert.match(manifest, new RegExp(`TargetPlatform="${HOST}"`), 'the VSIX declares its target platform');
  });

  it('ships the manifest without development fields, and the esbuild binary executable', () => {
    const entries = readZip(hostVsix);
    const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8')) as Record<string, unknown>;
    assert.equal(manifest.devDependencies, undefined);
    assert.equal(manifest.scripts, undefined);
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(Object.keys(manifest.dependencies as object).sort(), ['esbuild', 'piscina', 'typescript']);
    if (!HOST.startsWith('win32-')) {
      const binary = entries.find((e) => e.name === `extension/node_modules/@esbuild/${HOST}/bin/esbuild`)!;
      assert.equal(binary.mode! & 0o111, 0o111, `the binary's mode is ${binary.mode?.toString(8)}: VS Code would unpack it without the execute bit`);
    }
  });

  for (const target of ['darwin-arm64', 'win32-x64']) {
    it(`the ${target} package holds ${target}'s esbuild binary and no other platform's`, function () {
      if (target === HOST) skipBecause(this, 'this is the host platform, checked by the host package test');
      const entries = readZip(otherVsix(target));
      checkFileList(entries, target);
      const esbuildPackages = [...new Set(entries.map((e) => /^extension\/node_modules\/@esbuild\/([^/]+)\//.exec(e.name)?.[1]).filter(Boolean))];
      assert.deepEqual(esbuildPackages, [target]);
      const binaryName = target.startsWith('win32-') ? 'esbuild.exe' : 'bin/esbuild';
      const binary = entries.find((e) => e.name === `extension/node_modules/@esbuild/${target}/${binaryName}`)!;
      assert.equal(binaryKind(binary.read()), EXPECTED_KIND[target]);
      if (!target.startsWith('win32-')) assert.equal(binary.mode! & 0o111, 0o111, 'executable');
      const manifest = entries.find((e) => e.name === 'extension.vsixmanifest')!.read().toString('utf8');
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
    });
  }

  describe('unpacked outside the repository', () => {
    const installed = path.join(tmp, 'installed');
    before(function () {
      if (!fs.existsSync(hostVsix)) skipBecause(this, `no VSIX for this platform at ${hostVsix}`);
      extractZip(hostVsix, installed);
    });

    it(`carries this machine's esbuild binary (${EXPECTED_KIND[HOST]})`, () => {
      const binary = path.join(installed, 'extension', 'node_modules', '@esbuild', HOST, HOST.startsWith('win32-') ? 'esbuild.exe' : 'bin/esbuild');
      assert.equal(binaryKind(fs.readFileSync(binary)), EXPECTED_KIND[HOST]);
    });

    it('its CLI profiles a file in all four modes with only the packaged node_modules', () => {
      const run = profileCpuExample([process.execPath, path.join(installed, 'extension', 'dist', 'cli.js')], path.join(tmp, 'work'), tmp);
      assert.equal(run.status, 0, describeRun(run));
      assert.ok(run.report, `no report was written\n${describeRun(run)}`);
      assert.deepEqual(run.report.modes.map((m) => [m.mode, m.status]), ALL_MODES.map((m) => [m, 'completed']), describeRun(run));
    });

    it('its extension activates without esbuild or TypeScript, loading modules only from the package', () => {
      const probe = path.join(REPO, 'scripts', 'package', 'activationProbe.cjs');
      const r = spawnSync(process.execPath, [probe, path.join(installed, 'extension', 'dist', 'extension.js')], { cwd: tmp, env: cleanEnv(tmp), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const result = JSON.parse(r.stdout) as { packages: string[]; loadedFiles: string[]; activateMs: number; loadMs: number };
      console.log(`      packaged bundle: load ${result.loadMs.toFixed(1)} ms, activate() ${result.activateMs.toFixed(1)} ms, packages loaded: ${result.packages.join(', ') || 'none'}`);
      assert.ok(!result.packages.includes('esbuild') && !result.packages.includes('typescript'), `activation loaded ${result.packages.join(', ')}`);
      const foreign = result.loadedFiles.filter((f) => !f.startsWith(path.join(installed, 'extension') + path.sep));
      assert.deepEqual(foreign, [], 'every module activation loads comes from the unpacked package');
    });
  });
});
