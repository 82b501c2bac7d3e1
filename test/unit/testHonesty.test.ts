// Tests that can pass by doing nothing are worse than none: they are counted as proof. This lint
// reads every test file's syntax tree and fails on the shapes that did so here before.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..', '..');
const TEST_DIRS = ['test/unit', 'test/system', 'test/webview', 'test/integration', 'test/package', 'test/support'];
const SKIPPED_FOLDERS = new Set(['fixtures', 'workspace', 'node_modules']);

/**
 * `retries(` is allowed only here, each with its reason. A retried timing assertion passes on the
 * run that happened to be quiet, which hides the flakiness a user would meet. Empty on purpose.
 */
const RETRIES_ALLOWED: Record<string, string> = {};

function testFiles(dir: string): string[] {
  const out: string[] = [];
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return out;
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) { if (!SKIPPED_FOLDERS.has(e.name)) out.push(...testFiles(rel)); } else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

const where = (sf: ts.SourceFile, node: ts.Node) => `${sf.fileName}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;

/** The callee's name for it(...), it.only(...), describe.skip(...), this.skip(), assert.ok(...). */
function calleeName(call: ts.CallExpression): string {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return `${e.expression.getText()}.${e.name.text}`;
  return '';
}

const TEST_CALLS = /^(it|test|specify)(\.only)?$/;
const SUITE_CALLS = /^(describe|context|suite)(\.only)?$/;

/** Statements of a function body, without descending into nested functions (their returns are their own). */
function visitOwnBody(node: ts.Node, visit: (n: ts.Node) => void): void {
  ts.forEachChild(node, (child) => {
    if (ts.isFunctionLike(child)) return;
    visit(child);
    visitOwnBody(child, visit);
  });
}

function callbackOf(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const fn = call.arguments.find((a) => ts.isFunctionExpression(a) || ts.isArrowFunction(a));
  return fn as ts.FunctionLikeDeclaration | undefined;
}

function eachCall(sf: ts.SourceFile, f: (call: ts.CallExpression) => void): void {
  const walk = (n: ts.Node) => { if (ts.isCallExpression(n)) f(n); ts.forEachChild(n, walk); };
  walk(sf);
}

/** Findings of every rule over `files`; exported shapes are checked on fixed snippets below. */
export function vacuousShapes(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  eachCall(sf, (call) => {
    const name = calleeName(call);
    const fn = callbackOf(call);
    if (fn?.body && ts.isBlock(fn.body) && TEST_CALLS.test(name)) {
      visitOwnBody(fn.body, (n) => {
        if (ts.isReturnStatement(n) && !n.expression) out.push(`${where(sf, n)}: a bare return in a test body passes without checking (skipBecause(this, reason) or assert)`);
      });
    }
    if (fn?.body && ts.isBlock(fn.body) && SUITE_CALLS.test(name)) {
      visitOwnBody(fn.body, (n) => {
        if (ts.isReturnStatement(n)) out.push(`${where(sf, n)}: a return inside describe leaves its tests unregistered and uncounted (skip them in a before hook)`);
      });
    }
    if (name === 'this.skip') out.push(`${where(sf, call)}: this.skip() without a reason (use skipBecause(this, reason) from test/support/skip.ts)`);
    if (/^assert(\.(ok|equal|strictEqual|deepEqual|deepStrictEqual|notEqual|notDeepEqual))?$/.test(name)) {
      const [a, b] = call.arguments;
      const constant = (e: ts.Expression | undefined) => e !== undefined && (ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword);
      if ((name === 'assert' || name === 'assert.ok') && constant(a)) out.push(`${where(sf, call)}: asserts a constant`);
      if (name !== 'assert' && name !== 'assert.ok' && a && b && a.getText(sf) === b.getText(sf)) out.push(`${where(sf, call)}: compares ${a.getText(sf)} with itself`);
      if (constant(a) && constant(b)) out.push(`${where(sf, call)}: compares two constants`);
      const known = a?.getText(sf) ?? '';
      if (/^(process\.pid\s*>\s*0|isMainThread|path\.isAbsolute\(fixture\()/.test(known)) out.push(`${where(sf, call)}: ${known} holds whatever the code under test does`);
    }
  });
  return out;
}

describe('test honesty (lint over test/)', () => {
  const files = TEST_DIRS.flatMap(testFiles);

  it('reads the test files (the lint has something to lint)', () => {
    assert.ok(files.length > 50, `${files.length} test files found under ${root}`);
  });

  it('no bare return in a test body, no return inside describe, no this.skip() without a reason, no assertion on a constant', () => {
    const found = files.filter((f) => f !== 'test/unit/testHonesty.test.ts').flatMap((f) => vacuousShapes(parse(f)));
    assert.deepEqual(found, []);
  });

  it('retries( only where RETRIES_ALLOWED gives the reason', () => {
    const found = files.filter((f) => f !== 'test/unit/testHonesty.test.ts' && /\bretries\(/.test(fs.readFileSync(path.join(root, f), 'utf8')) && !(f in RETRIES_ALLOWED));
    assert.deepEqual(found, []);
  });

  it('catches each shape it is meant to catch (checked on snippets)', () => {
    const lint = (code: string) => vacuousShapes(ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true));
    assert.equal(lint(`it('a', () => { if (!ok()) return; assert.ok(x); });`).length, 1, 'early return');
    assert.equal(lint(`describe('s', () => { if (off) return; it('a', () => {}); });`).length, 1, 'return in describe');
    assert.equal(lint(`it('a', function () { this.skip(); });`).length, 1, 'skip without a reason');
    assert.equal(lint(`it('a', () => { assert.ok(true); });`).length, 1, 'constant');
    assert.equal(lint(`it('a', () => { assert.deepEqual(f(x), f(x)); });`).length, 1, 'itself');
    assert.equal(lint(`it('a', () => { assert.ok(process.pid > 0); });`).length, 1, 'always true');
    // And lets the honest shapes through.
    assert.deepEqual(lint(`it('a', function () { if (!ok()) skipBecause(this, 'why'); const f = () => { return; }; assert.equal(f(), undefined); });`), []);
    assert.deepEqual(lint(`it('a', function () { if (!ok()) return skipBecause(this, 'why'); assert.ok(y > 1); });`), []);
  });
});
