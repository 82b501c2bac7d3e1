// Builds everything that ships: the extension host bundle, the CLI, the worker-thread and
// child-process entries (separate files, loaded by path at run time, so piscina and fork find them)
// and the panel's script. `--watch` rebuilds on change; `--production` minifies and drops maps.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Kept out of the bundles: `vscode` is the host's; esbuild ships a platform binary; TypeScript is
// large and loaded lazily; piscina resolves its own worker.js beside itself (piscina #273, #766).
// BullMQ and ioredis are bundled into an entry of their own (entries/queueLibraries), loaded by path
// when a queue mode runs; BullMQ looks for its sandbox's main.js and main-worker.js beside the module
// that holds its Worker (bullmq's worker.js: dirname(module.filename)), so those two are entries beside it.
const external = ['vscode', 'esbuild', 'typescript', 'piscina'];

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  external,
  logLevel: 'info',
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },

  {
    ...node,
    entryPoints: {
      'entries/taskWorker': 'src/engine/runtime/taskWorker.ts',
      'entries/taskChild': 'src/engine/runtime/taskChild.ts',
      'entries/locateWorker': 'src/engine/locate/locateWorker.ts',
      'entries/queueProcessor': 'src/engine/runtime/queueProcessor.ts',
      'entries/redisKeeper': 'src/engine/lanes/redisKeeper.ts',
      'entries/queueLibraries': 'src/engine/lanes/queueLibraries.ts',
      'entries/main': 'node_modules/bullmq/dist/cjs/classes/main.js',
      'entries/main-worker': 'node_modules/bullmq/dist/cjs/classes/main-worker.js',
    },
    outdir: 'dist',
  },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    entryPoints: { 'webview/main': 'webview/main.ts' },
    outdir: 'dist',
    logLevel: 'info',
  },
];

function copyStatic() {
  mkdirSync('dist/webview', { recursive: true });
  copyFileSync('webview/panel.css', 'dist/webview/panel.css');
}

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  copyStatic();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyStatic();
}
