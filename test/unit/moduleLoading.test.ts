// The pure parts of loading real code: spotting import.meta outside strings and comments, and where
// each file's own locals go so that every line keeps its number.
import * as assert from 'node:assert/strict';
import { fileLocalsPrefix, withPrefix } from '../../src/engine/bundle/fileLocals';
import { loadAdvice } from '../../src/engine/lanes/loadAdvice';
import { usesImportMeta } from '../../src/engine/bundle/moduleFormat';
import { externalPackages, packageNameOf } from '../../src/engine/bundle/nativePackages';

describe('loading real code: import.meta, file locals, packages', () => {
  it('finds import.meta in code, not in comments or strings', () => {
    assert.equal(usesImportMeta('const u = import.meta.url;'), true);
    assert.equal(usesImportMeta('const d = import . meta.dirname;'), true);
    assert.equal(usesImportMeta('// import.meta.url in a comment\nconst x = 1;'), false);
    assert.equal(usesImportMeta('/* import.meta */ const s = "import.meta.url"; const t = \'import.meta\';'), false);
    assert.equal(usesImportMeta('const s = `import.meta`;'), false);
    assert.equal(usesImportMeta('const x = 1;'), false);
  });

  it('puts the locals on line 1, after a hashbang line and a "use strict" prologue, so no line moves', () => {
    const p = '<P>';
    assert.equal(withPrefix('export const a = 1;\nb();', p), '<P>export const a = 1;\nb();');
    assert.equal(withPrefix('#!/usr/bin/env node\nconst a = 1;', p), '#!/usr/bin/env node\n<P>const a = 1;');
    assert.equal(withPrefix('"use strict";\nconst a = 1;', p), '"use strict";<P>\nconst a = 1;');
    // Without its semicolon the directive ends at the line break (ASI), so the locals start the next line.
    assert.equal(withPrefix("'use strict'\nmodule.exports = 1;", p), "'use strict'\n<P>module.exports = 1;");
    for (const src of ['a\nb\nc', '#!x\na\nb', '"use strict";\na\nb']) {
      assert.equal(withPrefix(src, fileLocalsPrefix('/p/f.ts')).split('\n').length, src.split('\n').length);
    }
  });

  it("gives a file its own url, folder and name, quoted as JavaScript strings", () => {
    const prefix = fileLocalsPrefix('/home/u/my "proj"/src/a.ts');
    assert.match(prefix, /url: "file:\/\/\/home\/u\/my%20%22proj%22\/src\/a\.ts"/);
    assert.match(prefix, /__ppDirname = "\/home\/u\/my \\"proj\\"\/src"/);
    assert.doesNotMatch(prefix, /\n/);
  });

  it('names the packages an emitted module leaves to Node, without builtins, relative or # imports', () => {
    assert.equal(packageNameOf('@node-rs/argon2/x'), '@node-rs/argon2');
    assert.equal(packageNameOf('nanoid/non-secure'), 'nanoid');
    assert.deepEqual(externalPackages([
      { path: 'nanoid', external: true }, { path: '@node-rs/argon2', external: true }, { path: 'node:fs', external: true },
      { path: 'fs', external: true }, { path: './x', external: true }, { path: '#internal', external: true }, { path: 'bundled', external: false },
      { path: 'nanoid/non-secure', external: true },
    ]), ['@node-rs/argon2', 'nanoid']);
  });
});

describe('loading real code: advice when a lane cannot load the module', () => {
  it('says what to do for the codes real projects hit, and nothing for others', () => {
    assert.match(loadAdvice({ code: 'ERR_REQUIRE_ESM', message: '' }), /"type": "module"/);
    assert.match(loadAdvice({ code: 'ERR_DLOPEN_FAILED', message: '' }), /npm rebuild/);
    assert.match(loadAdvice({ code: 'ERR_MODULE_NOT_FOUND', message: '' }), /npm install/);
    assert.match(loadAdvice({ code: 'ERR_UNKNOWN_FILE_EXTENSION', message: '' }), /workspace package/);
    assert.equal(loadAdvice({ code: 'EACCES', message: '' }), '');
    assert.equal(loadAdvice({ message: 'plain' }), '');
  });
});
