// Finds the function a user means — by name or by the line their cursor is on — with the
// TypeScript compiler's parser (pinned to 5.x; 7.x is a native rewrite with another API).
// TypeScript is required lazily: loading it costs about 170 ms, which must not land on the
// extension's activation path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { FunctionNotFoundError, ProfilerError } from '../errors';
import { collectCandidates, unwrap, type Candidate, type LocatedFunction, type TypeScriptModule } from './functionForms';

export type { LocatedFunction } from './functionForms';

export const SUPPORTED_FORMS =
  'Supported forms: a top-level function declaration (`function f() {}`, exported or not, async or not); ' +
  'a top-level `const f = (…) => …` or `const f = function (…) {…}`; `export default function` or `export default (…) => …`; ' +
  'a static or instance method of a top-level class, `export default class` included (an instance method whose constructor needs arguments is given them with --construct or @profileConstruct); ' +
  'a method of a top-level `const obj = { m() {…} }` (profile it as obj.m). In .ts, .tsx, .mts, .cts, .js, .jsx, .mjs and .cjs files.';

const MAX_LISTED = 10;

let tsModule: TypeScriptModule | undefined;
function typescript(): TypeScriptModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tsModule ??= require('typescript') as TypeScriptModule;
  return tsModule;
}

/** `Class.method` for methods, the plain name otherwise: how users and reports spell a function. */
export function qualifiedName(fn: Pick<LocatedFunction, 'name' | 'className'>): string {
  return fn.className !== undefined ? `${fn.className}.${fn.name}` : fn.name;
}

/** Reads a user's file, turning "no such file" (or a folder) into FILE_NOT_FOUND with the path in words. */
export function readUserFile(file: string): string {
  const abs = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new ProfilerError('FILE_NOT_FOUND', `File not found: ${abs}. Check the path (it is resolved against ${process.cwd()}).`);
  }
  if (!stat.isFile()) throw new ProfilerError('FILE_NOT_FOUND', `${abs} is not a file. Give the path of a .ts or .js source file.`);
  return fs.readFileSync(abs, 'utf8');
}

export function scriptKindFor(ts: TypeScriptModule, file: string): TS.ScriptKind {
  switch (path.extname(file).toLowerCase()) {
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    case '.js': case '.mjs': case '.cjs': return ts.ScriptKind.JS;
    default: return ts.ScriptKind.TS;
  }
}

function parse(file: string, source: string): { ts: TypeScriptModule; sf: TS.SourceFile } {
  const ts = typescript();
  // The parser recovers from syntax errors and never throws: a half-typed file still yields what parses.
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKindFor(ts, file));
  return { ts, sf };
}

/** Every function in the file that findFunction would accept, in source order (for the CodeLens). Never throws. */
export function listFunctions(file: string, source: string): LocatedFunction[] {
  try {
    const { ts, sf } = parse(file, source);
    return collectCandidates(ts, sf).filter((c) => !c.container && !c.refusal).map((c) => c.fn);
  } catch {
    return [];
  }
}

export function findFunction(file: string, source: string, by: { name: string } | { line: number }): LocatedFunction {
  const { ts, sf } = parse(file, source);
  const candidates = collectCandidates(ts, sf);
  const abs = path.resolve(file);
  return 'name' in by ? findByName(ts, sf, abs, candidates, by.name.trim()) : findByLine(abs, candidates, by.line);
}

function accept(c: Candidate, file: string): LocatedFunction {
  if (!c.refusal) return c.fn;
  const where = { file, line: c.fn.line, column: c.fn.column };
  if (c.refusal.code === 'FUNCTION_NOT_FOUND') throw new FunctionNotFoundError(c.refusal.message, where);
  throw new ProfilerError(c.refusal.code, c.refusal.message, where);
}

function findByLine(file: string, candidates: Candidate[], line: number): LocatedFunction {
  if (!Number.isInteger(line) || line < 1) {
    throw new FunctionNotFoundError(`Line ${line} is not a line number (lines count from 1).`, { file, line: 1, column: 1 });
  }
  // Innermost wins: a method over its class. Nested closures are not candidates, so a cursor inside
  // one lands on the top-level function around it — the one a user can actually run.
  const containing = candidates
    .filter((c) => c.fromLine <= line && line <= c.toLine)
    .sort((a, b) => (a.toLine - a.fromLine) - (b.toLine - b.fromLine) || Number(!!a.container) - Number(!!b.container));
  if (containing.length) return accept(containing[0], file);
  throw new FunctionNotFoundError(
    `Line ${line} of ${file} is not inside a function that can be profiled. ${SUPPORTED_FORMS} ${listing(candidates)}`,
    { file, line, column: 1 },
  );
}

function findByName(ts: TypeScriptModule, sf: TS.SourceFile, file: string, candidates: Candidate[], name: string): LocatedFunction {
  const real = candidates.filter((c) => !c.container);
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const cls = name.slice(0, dot);
    const method = name.slice(dot + 1);
    const hit = real.find((c) => c.fn.className === cls && c.fn.name === method);
    if (hit) return accept(hit, file);
  } else {
    // "default" also names whatever function is the default export (`export default function named`, `export default f`).
    const topLevel = real.filter((c) => c.fn.className === undefined && (c.fn.name === name || (name === 'default' && c.fn.exportedAs === 'default')));
    if (topLevel.length) return accept(topLevel[0], file);
    const methods = real.filter((c) => c.fn.className !== undefined && c.fn.name === name);
    if (methods.length === 1) return accept(methods[0], file);
    if (methods.length > 1) {
      const options = methods.map((c) => `${c.fn.className}.${c.fn.name} (line ${c.fn.line})`).join(', ');
      throw new FunctionNotFoundError(`"${name}" is ambiguous in ${file}: it names ${options}. Give the class too, e.g. "${methods[0].fn.className}.${name}".`, {
        file, line: methods[0].fn.line, column: methods[0].fn.column,
      });
    }
    const notFunction = topLevelNonFunction(ts, sf, name);
    if (notFunction) {
      throw new ProfilerError('UNSUPPORTED_FUNCTION',
        `"${name}" (line ${notFunction.line}) is a top-level variable whose value is not written as a function here (it is computed, e.g. by a call), ` +
        `so the profiler cannot tell that it is one. Wrap it: \`export function ${name}Task(...args) { return ${name}(...args); }\` and profile that.`,
        { file, ...notFunction });
    }
  }
  const nested = findNested(ts, sf, dot > 0 ? name.slice(dot + 1) : name);
  if (nested) {
    throw new ProfilerError('UNSUPPORTED_FUNCTION',
      `"${name}" (line ${nested.line}) is declared inside ${nested.container} (line ${nested.containerLine}), so it is not reachable from ` +
      `module scope and cannot be profiled on its own: it only exists while its enclosing code runs. Move it to the top level of the file, ` +
      `or profile ${nested.container}, which creates and calls it. ${SUPPORTED_FORMS}`,
      { file, line: nested.line, column: nested.column });
  }
  throw new FunctionNotFoundError(`No function named "${name}" in ${file}. ${SUPPORTED_FORMS} ${listing(candidates)}`, { file, line: 1, column: 1 });
}

function listing(candidates: Candidate[]): string {
  const ok = candidates.filter((c) => !c.container && !c.refusal);
  if (!ok.length) return 'This file has no function that can be profiled.';
  const shown = ok.slice(0, MAX_LISTED).map((c) => `${qualifiedName(c.fn)} (line ${c.fn.line})`);
  const more = ok.length > MAX_LISTED ? `, and ${ok.length - MAX_LISTED} more` : '';
  return `Functions you can profile in this file: ${shown.join(', ')}${more}.`;
}

function position(sf: TS.SourceFile, node: TS.Node): { line: number; column: number } {
  const p = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { line: p.line + 1, column: p.character + 1 };
}

function topLevelNonFunction(ts: TypeScriptModule, sf: TS.SourceFile, name: string): { line: number; column: number } | undefined {
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) {
        const init = unwrap(ts, d.initializer);
        if (!ts.isArrowFunction(init) && !ts.isFunctionExpression(init)) return position(sf, d);
      }
    }
  }
  return undefined;
}

interface Nested { line: number; column: number; container: string; containerLine: number }

/** A named function below the top level (only looked for on the error path: it walks the whole tree). */
function findNested(ts: TypeScriptModule, sf: TS.SourceFile, name: string): Nested | undefined {
  let found: Nested | undefined;
  const visit = (node: TS.Node, container: { name: string; line: number } | undefined): void => {
    if (found) return;
    const own = functionName(ts, node);
    if (own !== undefined && container && own === name) {
      found = { ...position(sf, node), container: `"${container.name}"`, containerLine: container.line };
      return;
    }
    let next = container;
    if (!container && isFunctionLike(ts, node)) next = { name: own ?? 'an anonymous function', line: position(sf, node).line };
    ts.forEachChild(node, (child) => visit(child, next));
  };
  for (const st of sf.statements) {
    // A top-level class's own methods are not nested; what lies inside their bodies is.
    if (ts.isClassDeclaration(st)) {
      for (const m of st.members) {
        const mName = functionName(ts, m);
        const cls = st.name?.text ?? 'default';
        ts.forEachChild(m, (child) => visit(child, isFunctionLike(ts, m) ? { name: `${cls}.${mName ?? '?'}`, line: position(sf, m).line } : undefined));
      }
    } else {
      visit(st, undefined);
    }
  }
  return found;
}

function isFunctionLike(ts: TypeScriptModule, node: TS.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node) ||
    (ts.isVariableDeclaration(node) && !!node.initializer && isFunctionLike(ts, unwrap(ts, node.initializer)));
}

function functionName(ts: TypeScriptModule, node: TS.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && node.name) {
    return ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : undefined;
  }
  if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer && ts.isIdentifier(node.name)) {
    const init = unwrap(ts, node.initializer);
    return ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? node.name.text : undefined;
  }
  return undefined;
}
