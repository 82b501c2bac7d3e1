// The engine, the shared contract and the webview never import `vscode`: the CLI, the tests and
// the benchmarks must run exactly the code the extension runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOOL_VERSION } from '../../src/engine/version';

const root = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

describe('architecture', () => {
  for (const dir of ['src/engine', 'src/shared', 'src/cli', 'webview']) {
    it(`${dir} does not import vscode`, () => {
      const offenders = sources(dir).filter((f) => /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(fs.readFileSync(path.join(root, f), 'utf8')));
      assert.deepEqual(offenders, []);
    });
  }

  it('src/shared and webview import no node modules', () => {
    const offenders = [...sources('src/shared'), ...sources('webview')].filter((f) => /from\s+['"]node:|require\(\s*['"]node:/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the version in the report matches package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(TOOL_VERSION, pkg.version);
  });
});
