// Which compiled test files a pass runs: `*.untrusted.test.js` only in the untrusted pass,
// `*.installed.test.js` only in the installed pass, every other `*.test.js` only in the trusted
// pass. A compiled file whose .ts source is gone (tsc never deletes its old output) is left out,
// so a removed test cannot linger.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestPass } from './protocol';
import { inHostRunner, repoRoot } from './paths';

const compiledDir = path.dirname(inHostRunner);
const sourceDir = path.join(repoRoot, 'test', 'integration');

/** The pass a compiled test file belongs to, from its name. */
export function passOf(file: string): TestPass {
  if (file.endsWith('.untrusted.test.js')) return 'untrusted';
  if (file.endsWith('.installed.test.js')) return 'installed';
  return 'trusted';
}

export function testFilesFor(pass: TestPass): string[] {
  return fs
    .readdirSync(compiledDir)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => passOf(f) === pass)
    .filter((f) => fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts'))))
    .sort()
    .map((f) => path.join(compiledDir, f));
}
