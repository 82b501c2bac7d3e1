// Which compiled test files a pass runs. The ordinary (trusted) pass runs every `*.test.js` but
// the `*.untrusted.test.js` ones; the untrusted pass runs only those. A compiled file whose .ts
// source is gone (tsc never deletes its old output) is left out, so a removed test cannot linger.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestPass } from './protocol';
import { inHostRunner, repoRoot } from './paths';

const compiledDir = path.dirname(inHostRunner);
const sourceDir = path.join(repoRoot, 'test', 'integration');

export function testFilesFor(pass: TestPass): string[] {
  return fs
    .readdirSync(compiledDir)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => f.endsWith('.untrusted.test.js') === (pass === 'untrusted'))
    .filter((f) => fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts'))))
    .sort()
    .map((f) => path.join(compiledDir, f));
}
