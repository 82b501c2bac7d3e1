// Lays out one target's staging folder: exactly the files its VSIX holds. vsce then packs that
// folder as it is, so what the tests list and run is what a user installs.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { esbuildPlatformOf } from './targets.mjs';
import { esbuildPlatformDir } from './esbuildBinary.mjs';

/** What ships from the repository itself (the manifest references the media). */
const DOCS = ['README.md', 'CHANGELOG.md', 'LICENSE'];
const DIST_EXTENSIONS = new Set(['.js', '.css']);

/**
 * The packages that stay external at run time (esbuild.mjs's `external`, less `vscode`), trimmed to
 * what runs. Each entry: a package folder and the paths inside it to keep (a folder keeps its
 * .js/.mjs files only). piscina's optional @napi-rs/nice is left out: piscina's worker imports it
 * inside a catch and only to apply a `niceIncrement`, which the engine never sets.
 * TypeScript keeps only lib/typescript.js: locate.ts needs the parser, not the lib .d.ts files.
 */
const RUNTIME_PACKAGES = [
  { name: 'esbuild', keep: ['package.json', 'LICENSE.md', 'lib/main.js'] },
  { name: 'piscina', keep: ['package.json', 'LICENSE', 'dist/'] },
  { name: 'typescript', keep: ['package.json', 'LICENSE.txt', 'ThirdPartyNoticeText.txt', 'lib/typescript.js'] },
];

export function runtimePackageNames() {
  return RUNTIME_PACKAGES.map((p) => p.name);
}

/** The extension manifest as shipped: no development scripts, devDependencies or npm "files". */
export function shippedManifest(manifest) {
  const shipped = { ...manifest };
  delete shipped.devDependencies;
  delete shipped.scripts;
  delete shipped.files;
  return shipped;
}

function copyFile(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to);
  chmodSync(to, statSync(from).mode & 0o777);
}

function copyTree(fromDir, toDir, keep) {
  for (const entry of readdirSync(fromDir, { withFileTypes: true })) {
    const from = path.join(fromDir, entry.name);
    const to = path.join(toDir, entry.name);
    if (entry.isDirectory()) copyTree(from, to, keep);
    else if (entry.isFile() && keep(entry.name)) copyFile(from, to);
  }
}

function copyPackage(root, stagingDir, { name, keep }) {
  const from = path.join(root, 'node_modules', name);
  const to = path.join(stagingDir, 'node_modules', name);
  for (const item of keep) {
    if (item.endsWith('/')) copyTree(path.join(from, item), path.join(to, item), (f) => /\.(m?js)$/.test(f));
    else copyFile(path.join(from, item), path.join(to, item));
  }
}

/**
 * Fills `stagingDir` (emptied first) for `target` from the production bundles in `distDir`.
 * `cacheDir` holds esbuild platform packages fetched for other targets.
 */
export async function stageTarget({ root, distDir, target, stagingDir, cacheDir }) {
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });

  // The folder already holds only what ships; an ignore file that ignores nothing says so to vsce
  // (vsce never packs the ignore file itself).
  writeFileSync(path.join(stagingDir, '.vscodeignore'), '# Staged by scripts/package.mjs: every file here ships.\n');
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  writeFileSync(path.join(stagingDir, 'package.json'), `${JSON.stringify(shippedManifest(manifest), null, 2)}\n`);
  for (const doc of DOCS) copyFile(path.join(root, doc), path.join(stagingDir, doc));
  copyFile(path.join(root, manifest.icon), path.join(stagingDir, manifest.icon));
  for (const step of manifest.contributes?.walkthroughs?.flatMap((w) => w.steps) ?? []) {
    const md = step.media?.markdown;
    if (md) copyFile(path.join(root, md), path.join(stagingDir, md));
  }

  // Production bundles only: esbuild.mjs --production writes no maps, and none may sneak in.
  copyTree(distDir, path.join(stagingDir, 'dist'), (f) => DIST_EXTENSIONS.has(path.extname(f)));
  for (const entry of ['extension.js', 'cli.js', 'entries/taskWorker.js', 'entries/taskChild.js', 'webview/main.js', 'webview/panel.css']) {
    if (!existsSync(path.join(stagingDir, 'dist', entry))) throw new Error(`production build lacks dist/${entry}`);
  }

  for (const pkg of RUNTIME_PACKAGES) copyPackage(root, stagingDir, pkg);
  const { pkg, binary } = esbuildPlatformOf(target);
  const platformDir = await esbuildPlatformDir({ root, target, cacheDir });
  for (const item of ['package.json', binary]) copyFile(path.join(platformDir, item), path.join(stagingDir, 'node_modules', pkg, item));
  // The binary must stay executable for macOS and Linux users: vsce keeps the file's mode in the zip.
  if (!target.startsWith('win32-')) chmodSync(path.join(stagingDir, 'node_modules', pkg, binary), 0o755);
}
