import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FunctionNotFoundError, ProfilerError } from '../../src/engine/errors';
import { findFunction, listFunctions, qualifiedName, readUserFile, type LocatedFunction } from '../../src/engine/locate/locate';

const FORMS = path.resolve(__dirname, '../../../test/fixtures/forms');
const fixture = (name: string): { file: string; source: string } => {
  const file = path.join(FORMS, name);
  return { file, source: fs.readFileSync(file, 'utf8') };
};

function refusal(fn: () => unknown, code: string, ...patterns: RegExp[]): ProfilerError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ProfilerError, `expected a ProfilerError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

describe('locate: findFunction and listFunctions', () => {
  const { file, source } = fixture('functions.ts');

  it('lists exactly the profilable functions of a file, in source order', () => {
    assert.deepEqual(listFunctions(file, source).map(qualifiedName), [
      'exportedDecl', 'hiddenDecl', 'asyncDecl', 'arrowConst', 'exportedArrow', 'fnExpr', 'outer',
      'Calc.twice', 'Calc.add', 'Calc.scaled', 'NeedsArgs.make', 'NeedsArgs.times', 'Child.half', 'OptionalArgs.times', 'Other.add', 'Other.unique',
    ]);
  });

  const expectations: Array<{ by: string; line: number; want: Partial<LocatedFunction> }> = [
    { by: 'exportedDecl', line: 3, want: { kind: 'function', exportedAs: 'exportedDecl', line: 2, column: 1, endLine: 4, async: false, paramCount: 2 } },
    { by: 'hiddenDecl', line: 7, want: { kind: 'function', exportedAs: 'renamed', line: 6, async: false, paramCount: 1 } },
    { by: 'asyncDecl', line: 11, want: { kind: 'function', line: 10, endLine: 13, async: true, paramCount: 1 } },
    { by: 'arrowConst', line: 15, want: { kind: 'variable', exportedAs: undefined, line: 15, async: false, paramCount: 1 } },
    { by: 'exportedArrow', line: 17, want: { kind: 'variable', exportedAs: 'exportedArrow', async: true } },
    { by: 'fnExpr', line: 20, want: { kind: 'variable', line: 19, endLine: 21 } },
    { by: 'Calc.twice', line: 37, want: { kind: 'static-method', className: 'Calc', name: 'twice', exportedAs: 'Calc', line: 36, column: 3 } },
    { by: 'Calc.add', line: 43, want: { kind: 'instance-method', className: 'Calc', name: 'add', line: 42 } },
    { by: 'scaled', line: 54, want: { kind: 'instance-method', className: 'Calc', name: 'scaled' } },
    { by: 'make', line: 61, want: { kind: 'static-method', className: 'NeedsArgs', paramCount: 0 } },
    { by: 'OptionalArgs.times', line: 79, want: { kind: 'instance-method', className: 'OptionalArgs' } },
    { by: 'unique', line: 89, want: { kind: 'instance-method', className: 'Other' } },
  ];
  for (const { by, line, want } of expectations) {
    it(`finds ${by} by name and by line ${line}, with the same result`, () => {
      const byName = findFunction(file, source, { name: by });
      for (const [k, v] of Object.entries(want)) assert.deepEqual(byName[k as keyof LocatedFunction], v, `${by}.${k}`);
      assert.deepEqual(findFunction(file, source, { line }), byName);
    });
  }

  it('profiles the enclosing top-level function when the cursor is in a nested closure', () => {
    for (const line of [28, 30, 31]) assert.equal(findFunction(file, source, { line }).name, 'outer', `line ${line}`);
  });

  it('prefers a top-level function over a method of the same name, and Class.method picks the method', () => {
    const src = 'function run() { return 1; }\nclass A { run() { return 2; } }\n';
    assert.equal(findFunction('x.ts', src, { name: 'run' }).kind, 'function');
    assert.equal(findFunction('x.ts', src, { name: 'A.run' }).kind, 'instance-method');
  });

  it('refuses a nested function by name, saying why and what to do, at its location', () => {
    const err = refusal(() => findFunction(file, source, { name: 'innerDecl' }), 'UNSUPPORTED_FUNCTION',
      /declared inside "outer"/, /not reachable from\s+module scope/, /Move it to the top level/, /Supported forms/);
    assert.deepEqual(err.location, { file, line: 29, column: 3 });
    refusal(() => findFunction(file, source, { name: 'inner' }), 'UNSUPPORTED_FUNCTION', /inside "outer"/);
  });

  it('refuses generators, accessors, #private methods and constructors by name and by line', () => {
    refusal(() => findFunction(file, source, { name: 'gen' }), 'UNSUPPORTED_FUNCTION', /generator/, /iterator/);
    refusal(() => findFunction(file, source, { line: 24 }), 'UNSUPPORTED_FUNCTION', /generator/);
    refusal(() => findFunction(file, source, { name: 'value' }), 'UNSUPPORTED_FUNCTION', /Calc\.value is a getter/);
    refusal(() => findFunction(file, source, { name: 'Calc.#secret' }), 'UNSUPPORTED_FUNCTION', /#private/);
    refusal(() => findFunction(file, source, { line: 58 }), 'UNSUPPORTED_FUNCTION', /constructor of class NeedsArgs/);
  });

  it('finds an instance method whose constructor needs arguments, saying which (the profile then asks for them)', () => {
    const times = findFunction(file, source, { name: 'NeedsArgs.times' });
    assert.equal(times.line, 64);
    assert.match(times.constructorNeeds ?? '', /requires the parameter factor/);
    assert.match(findFunction(file, source, { line: 71 }).constructorNeeds ?? '', /inherits the constructor of NeedsArgs, and its constructor requires the parameter factor/);
    assert.equal(findFunction(file, source, { name: 'OptionalArgs.times' }).constructorNeeds, undefined);
  });

  it('reads @profileConstruct from the doc comment of the method or of its class', () => {
    const src = [
      '/** A tokenizer.',
      ' * @profileConstruct [","] */',
      'export class T {',
      '  constructor(private sep: string) {}',
      '  split(s: string) { return s.split(this.sep); }',
      '  /** @profileConstruct [";"] */',
      '  splitOwn(s: string) { return s.split(this.sep); }',
      '}',
      'class U { constructor(private n: number) {} get1() { return this.n; } }',
    ].join('\n');
    assert.equal(findFunction('t.ts', src, { name: 'T.split' }).constructTag, '[","]');
    assert.equal(findFunction('t.ts', src, { name: 'T.splitOwn' }).constructTag, '[";"]');
    const u = findFunction('t.ts', src, { name: 'U.get1' });
    assert.equal(u.constructTag, undefined);
    assert.match(u.constructorNeeds ?? '', /requires the parameter n/);
  });

  it('finds methods of a top-level const object literal by Object.method and by line, and lists them', () => {
    const src = [
      'export const codec = {',
      '  encode(n: number) { return n.toString(36); },',
      '  decode: (s: string) => parseInt(s, 36),',
      '  *keys() { yield 1; },',
      '  get size() { return 1; },',
      '  version: 2,',
      '};',
      'let notConst = { m() { return 1; } };',
    ].join('\n');
    const enc = findFunction('c.ts', src, { name: 'codec.encode' });
    assert.deepEqual({ kind: enc.kind, className: enc.className, exportedAs: enc.exportedAs, line: enc.line, paramCount: enc.paramCount },
      { kind: 'object-method', className: 'codec', exportedAs: 'codec', line: 2, paramCount: 1 });
    assert.equal(findFunction('c.ts', src, { line: 3 }).name, 'decode');
    assert.deepEqual(listFunctions('c.ts', src).map(qualifiedName), ['codec.encode', 'codec.decode']);
    refusal(() => findFunction('c.ts', src, { name: 'codec.keys' }), 'UNSUPPORTED_FUNCTION', /generator/);
  });

  it('says which methods exist when the line is in a class but outside its methods', () => {
    const err = refusal(() => findFunction(file, source, { line: 40 }), 'FUNCTION_NOT_FOUND', /inside class Calc/, /twice, add, scaled/);
    assert.ok(err instanceof FunctionNotFoundError);
  });

  it('asks for the class when a method name is ambiguous', () => {
    refusal(() => findFunction(file, source, { name: 'add' }), 'FUNCTION_NOT_FOUND', /ambiguous/, /Calc\.add \(line 42\)/, /Other\.add \(line 84\)/);
  });

  it('explains a top-level variable that holds a computed value', () => {
    refusal(() => findFunction(file, source, { name: 'computed' }), 'UNSUPPORTED_FUNCTION', /not written as a function/, /Wrap it/);
  });

  it('a missing name or a line outside functions names the supported forms and lists what can be profiled', () => {
    const err = refusal(() => findFunction(file, source, { name: 'nope' }), 'FUNCTION_NOT_FOUND',
      /No function named "nope"/, /Supported forms: a top-level function declaration/, /exportedDecl \(line 2\)/, /and 6 more/);
    assert.ok(err instanceof FunctionNotFoundError);
    assert.equal(err.location?.file, file);
    const byLine = refusal(() => findFunction(file, source, { line: 1 }), 'FUNCTION_NOT_FOUND', /Line 1 .* is not inside a function/, /Calc\.twice/);
    assert.deepEqual(byLine.location, { file, line: 1, column: 1 });
    refusal(() => findFunction(file, source, { line: 0 }), 'FUNCTION_NOT_FOUND', /lines count from 1/);
    refusal(() => findFunction('empty.ts', 'const x = 1;\n', { name: 'f' }), 'FUNCTION_NOT_FOUND', /no function that can be profiled/);
  });

  it('finds the default-export forms', () => {
    const anon = fixture('defaultFunction.ts');
    assert.deepEqual(findFunction(anon.file, anon.source, { name: 'default' }), {
      name: 'default', kind: 'default', exportedAs: 'default', line: 1, column: 1, endLine: 3, async: false, paramCount: 2,
    });
    const arrow = fixture('defaultArrow.ts');
    const a = findFunction(arrow.file, arrow.source, { line: 3 });
    assert.equal(a.kind, 'default');
    assert.equal(a.async, true);
    const named = fixture('defaultNamed.ts');
    assert.equal(findFunction(named.file, named.source, { name: 'named' }).kind, 'default');
    assert.equal(findFunction(named.file, named.source, { name: 'default' }).name, 'named');
    const cls = fixture('defaultClass.ts');
    assert.deepEqual(listFunctions(cls.file, cls.source).map(qualifiedName), ['default.label', 'default.bump']);
    assert.equal(findFunction(cls.file, cls.source, { line: 10 }).kind, 'instance-method');
  });

  it('parses .js, .mjs, .cjs, .jsx and .tsx', () => {
    for (const [name, expected] of [['plain.js', ['double', 'triple']], ['common.cjs', ['answer']], ['module.mjs', ['later']], ['view.tsx', ['h', 'render']]] as const) {
      const f = fixture(name);
      assert.deepEqual(listFunctions(f.file, f.source).map((x) => x.name), expected, name);
    }
    const jsx = 'export function Card(props) {\n  return <div className="c">{props.x}</div>;\n}\n';
    assert.equal(findFunction('card.jsx', jsx, { line: 2 }).name, 'Card');
  });

  it('never throws from listFunctions on a broken file, and keeps what parses', () => {
    const broken = 'export function ok() { return 1; }\nexport function bad( {\n  return ;;; }}}\nconst after = () => 2;\n';
    const names = listFunctions('broken.ts', broken).map((f) => f.name);
    assert.ok(names.includes('ok'), `got ${names.join(', ')}`);
    assert.deepEqual(listFunctions('x.ts', ''), []);
    assert.deepEqual(listFunctions('x.ts', '\u0000\uFFFF}}}{{{'), []);
  });

  it('reads a user file, or raises FILE_NOT_FOUND with the path', () => {
    assert.equal(readUserFile(path.join(FORMS, 'plain.js')).includes('double'), true);
    refusal(() => readUserFile(path.join(FORMS, 'nope.ts')), 'FILE_NOT_FOUND', /nope\.ts/);
    refusal(() => readUserFile(FORMS), 'FILE_NOT_FOUND', /not a file/);
  });

  it('lists every function of a 3,000-line file', () => {
    // Its speed is not asserted here (tests assert behaviour; speed belongs to the benchmarks).
    const big = Array.from({ length: 1000 }, (_, i) => `export function f${i}(x: number) {\n  return x + ${i};\n}`).join('\n');
    assert.equal(listFunctions('big.ts', big).length, 1000);
  });
});
