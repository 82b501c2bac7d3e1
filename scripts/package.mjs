// `npm run package`: production bundles, then one VSIX per target, each carrying the matching
// native esbuild binary (see scripts/package/targets.mjs for why not esbuild-wasm).
//   node scripts/package.mjs                      this machine's target -> parallelism-profiler-<version>.vsix
//   node scripts/package.mjs --target darwin-arm64 -> parallelism-profiler-<version>-darwin-arm64.vsix
//   node scripts/package.mjs --all                every target, each with the target in its name
//   --out-dir DIR   where the VSIX files go (default: the repository root)
// Staging folders and the esbuild package cache live in .package/ (git-ignored by its own .gitignore),
// or in --work-dir.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProduction } from './package/build.mjs';
import { stageTarget } from './package/stage.mjs';
import { ALL_TARGETS, hostTarget } from './package/targets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let work = path.join(root, '.package');

function parseArgs(argv) {
  const options = { targets: [], outDir: root };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all') options.targets.push(...ALL_TARGETS);
    else if (arg === '--target') options.targets.push(argv[++i]);
    else if (arg === '--out-dir') options.outDir = path.resolve(argv[++i]);
    // Staging and build folders of their own, so two packagings can run at once (the test suites do).
    else if (arg === '--work-dir') work = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${arg}: use --target T, --all, --out-dir DIR or --work-dir DIR`);
  }
  const host = hostTarget();
  if (options.targets.length === 0) {
    if (!ALL_TARGETS.includes(host)) throw new Error(`this machine (${host}) is not a target; pass --target`);
    options.targets.push(host);
  }
  options.targets = [...new Set(options.targets)];
  // The unsuffixed name means "this machine's package", so it is used only when that is all we build.
  options.suffixed = !(options.targets.length === 1 && options.targets[0] === host);
  return options;
}

function vsce(args, cwd) {
  const bin = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  return execFileSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

const options = parseArgs(process.argv.slice(2));
const { version, name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
mkdirSync(work, { recursive: true });
writeFileSync(path.join(work, '.gitignore'), '*\n');
mkdirSync(options.outDir, { recursive: true });

let started = Date.now();
const distDir = buildProduction(root, path.join(work, 'build'), new Set(['.git', '.package', 'dist', 'out', 'test-results', '.vscode-test']));
console.log(`production bundles: ${Date.now() - started} ms`);

for (const target of options.targets) {
  started = Date.now();
  const stagingDir = path.join(work, target);
  await stageTarget({ root, distDir, target, stagingDir, cacheDir: path.join(work, 'cache') });
  const file = path.join(options.outDir, options.suffixed ? `${name}-${version}-${target}.vsix` : `${name}-${version}.vsix`);
  // The staging folder holds exactly the runtime node_modules, so vsce packs the folder as it is
  // (`npm list` there sees only them) instead of --no-dependencies, which would drop node_modules.
  vsce(['package', '--target', target, '--out', file], stagingDir);
  const size = statSync(file).size;
  const shown = path.relative(process.cwd(), file);
  console.log(`${shown.startsWith('..') ? file : shown}: ${megabytes(size)} (${target}, ${Date.now() - started} ms)`);
  if (size > 10 * 1024 * 1024) console.warn(`warning: ${path.basename(file)} is over the 10 MB aim`);
}
