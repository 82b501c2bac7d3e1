// The heavy compilers load only when used: the extension activates and lists functions without
// paying for esbuild, and imports the locator without paying for TypeScript. Each check runs in a
// fresh Node process, so the module cache starts empty.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('lazy loading of the compilers', () => {
  it('loads TypeScript only when a function is looked for, not when the module is imported', () => {
    const locate = path.resolve(__dirname, '../../src/engine/locate/locate.js');
    const probe = `
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('node_modules/typescript/'));
      const m = require(${JSON.stringify(locate)});
      const before = loaded();
      m.listFunctions('a.ts', 'function f() {}');
      console.log(JSON.stringify([before, loaded()]));`;
    assert.equal(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim(), '[false,true]');
  });
});
