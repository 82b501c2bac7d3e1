// Weighs a schema library against the hand-written validator (issue 14 item 6): the minified (and
// gzipped) size each adds to a bundle, and the time to validate a 10,000-task report, median of 7
// after 2 warm-ups. Not part of `npm run bench` and not a dependency: the libraries are installed
// elsewhere and found through SCHEMA_LIBS (a node_modules folder), e.g.
//   (cd /tmp/s && npm install zod@4 valibot@1) && npm run compile && SCHEMA_LIBS=/tmp/s/node_modules node bench/schema/compare.mjs
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const libs = process.env.SCHEMA_LIBS;
if (!libs) throw new Error('Set SCHEMA_LIBS to a node_modules folder holding zod and valibot.');
const require = createRequire(import.meta.url);
const out = mkdtempSync(join(tmpdir(), 'pp-schema-'));

const candidates = [
  { name: 'hand-written (src/shared/validate.ts)', entry: join(root, 'src/shared/validate.ts'), version: '' },
  { name: 'zod', entry: join(here, 'zodSchema.mjs'), version: JSON.parse(readFileSync(join(libs, 'zod/package.json'), 'utf8')).version },
  { name: 'valibot', entry: join(here, 'valibotSchema.mjs'), version: JSON.parse(readFileSync(join(libs, 'valibot/package.json'), 'utf8')).version },
];

const { hugeReport } = require(join(root, 'out/test/webview/bigReport.js'));
const report = hugeReport(JSON.parse(readFileSync(join(root, 'test/fixtures/reports/complete.json'), 'utf8')));
const tasks = report.modes.reduce((s, m) => s + (m.tasks?.length ?? 0), 0);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`report: ${report.modes.length} modes, ${tasks} task records in all (10,000 per mode), ${(JSON.stringify(report).length / 1048576).toFixed(1)} MB as JSON`);
for (const c of candidates) {
  const result = await build({ entryPoints: [c.entry], bundle: true, minify: true, write: false, format: 'esm', platform: 'browser', nodePaths: [libs], logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  const file = join(out, `${c.name.split(' ')[0]}.mjs`);
  writeFileSync(file, code);
  const mod = await import(pathToFileURL(file).href);
  const validate = mod.validateReport ?? mod.validate;
  const first = validate(structuredClone(report));
  if (!first.ok) throw new Error(`${c.name} refused the report: ${first.errors.slice(0, 3).join('; ')}`);
  const runs = [];
  for (let k = 0; k < 9; k++) {
    const input = structuredClone(report);
    const t0 = performance.now();
    validate(input);
    if (k >= 2) runs.push(performance.now() - t0);
  }
  console.log(`${c.name}${c.version ? ` ${c.version}` : ''}: bundle ${(code.length / 1024).toFixed(1)} kB minified, ${(gzipSync(code).length / 1024).toFixed(1)} kB gzipped; validate ${median(runs).toFixed(0)} ms median [${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)}]`);
}
