// Reads a parsed file and lists every function a user might point at, with whether the profiler
// can reach it from module scope (the bundle appends one accessor at the end of the module, so
// only bindings visible there — top-level functions, variables and classes — can be called).
import type * as TS from 'typescript';
import type { FunctionKind } from '../../shared/report/report';
import type { ProfilerErrorCode } from '../errors';

export interface LocatedFunction {
  /** The function's own name; for a method, the method's name (see className). 'default' for an anonymous default export. */
  name: string;
  kind: FunctionKind;
  /** For methods: the class's name, or 'default' for an anonymous `export default class`. */
  className?: string;
  /** The name the module exports it (or its class) under, when it does. */
  exportedAs?: string;
  /** 1-based line and column of the declaration (after any doc comment). */
  line: number;
  column: number;
  endLine: number;
  async: boolean;
  paramCount: number;
  /** An instance method whose constructor needs arguments: why, in words (e.g. "its constructor requires the parameter sep").
   * The profile then needs a constructor-arguments expression (--construct, @profileConstruct, the VS Code box). */
  constructorNeeds?: string;
  /** The `@profileConstruct EXPR` of the method's or its class's doc comment, when it has one. */
  constructTag?: string;
}

/** A function found in the file, with the lines it spans and, when it cannot be profiled, why. */
export interface Candidate {
  fn: LocatedFunction;
  /** 1-based lines the cursor may be on to mean this function (doc comment included). */
  fromLine: number;
  toLine: number;
  refusal?: { code: ProfilerErrorCode; message: string };
  /** A class body: matched by line only when no method contains the line. */
  container?: boolean;
}

export type TypeScriptModule = typeof import('typescript');

const GENERATOR_HINT =
  'Generators cannot be profiled: calling one only creates an iterator and runs none of its body. ' +
  'Profile a plain function that consumes it, e.g. `function run(n) { let s = 0; for (const x of gen(n)) s += x; return s; }`.';

export function collectCandidates(ts: TypeScriptModule, sf: TS.SourceFile): Candidate[] {
  const exportNames = collectExportNames(ts, sf);
  const classes = new Map<string, TS.ClassLikeDeclaration>();
  for (const st of sf.statements) if (ts.isClassDeclaration(st) && st.name) classes.set(st.name.text, st);

  const out: Candidate[] = [];
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st)) {
      if (!st.body) continue; // an overload signature or `declare function`
      const isDefault = hasModifier(ts, st, ts.SyntaxKind.DefaultKeyword);
      const name = st.name?.text ?? (isDefault ? 'default' : undefined);
      if (!name) continue;
      const exportedAs = isDefault ? 'default' : hasModifier(ts, st, ts.SyntaxKind.ExportKeyword) ? name : exportNames.get(name);
      const c = candidate(ts, sf, st, st, { name, kind: isDefault ? 'default' : 'function', exportedAs }, st);
      if (st.asteriskToken) c.refusal = { code: 'UNSUPPORTED_FUNCTION', message: `"${name}" is a generator function. ${GENERATOR_HINT}` };
      out.push(c);
    } else if (ts.isVariableStatement(st)) {
      const exported = hasModifier(ts, st, ts.SyntaxKind.ExportKeyword);
      const decls = st.declarationList.declarations;
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const d of decls) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const init = unwrap(ts, d.initializer);
        if (isConst && ts.isObjectLiteralExpression(init)) {
          collectObjectMethods(ts, sf, d.name.text, init, exported ? d.name.text : exportNames.get(d.name.text), out);
          continue;
        }
        if (!ts.isArrowFunction(init) && !ts.isFunctionExpression(init)) continue;
        const name = d.name.text;
        const rangeNode = decls.length === 1 ? st : d;
        const c = candidate(ts, sf, rangeNode, init, { name, kind: 'variable', exportedAs: exported ? name : exportNames.get(name) }, rangeNode);
        if (ts.isFunctionExpression(init) && init.asteriskToken) {
          c.refusal = { code: 'UNSUPPORTED_FUNCTION', message: `"${name}" is a generator function. ${GENERATOR_HINT}` };
        }
        out.push(c);
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals) {
      const expr = unwrap(ts, st.expression);
      if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) {
        const c = candidate(ts, sf, st, expr, { name: 'default', kind: 'default', exportedAs: 'default' }, st);
        if (ts.isFunctionExpression(expr) && expr.asteriskToken) {
          c.refusal = { code: 'UNSUPPORTED_FUNCTION', message: `The default export is a generator function. ${GENERATOR_HINT}` };
        }
        out.push(c);
      } else if (ts.isClassExpression(expr)) {
        collectClass(ts, sf, expr, 'default', 'default', st, classes, out);
      }
    } else if (ts.isClassDeclaration(st)) {
      const isDefault = hasModifier(ts, st, ts.SyntaxKind.DefaultKeyword);
      const className = st.name?.text ?? (isDefault ? 'default' : undefined);
      if (!className) continue;
      const exportedAs = isDefault ? 'default' : hasModifier(ts, st, ts.SyntaxKind.ExportKeyword) ? className : exportNames.get(className);
      collectClass(ts, sf, st, className, exportedAs, st, classes, out);
    }
  }
  return out;
}

function collectClass(
  ts: TypeScriptModule, sf: TS.SourceFile, cls: TS.ClassLikeDeclaration, className: string,
  exportedAs: string | undefined, rangeNode: TS.Node, classes: Map<string, TS.ClassLikeDeclaration>, out: Candidate[],
): void {
  const methods: Candidate[] = [];
  const ctorProblem = constructorProblem(ts, cls, classes, new Set());
  for (const m of cls.members) {
    const isStatic = hasModifier(ts, m, ts.SyntaxKind.StaticKeyword);
    const kind: FunctionKind = isStatic ? 'static-method' : 'instance-method';
    if (ts.isConstructorDeclaration(m)) {
      if (!m.body) continue;
      const c = candidate(ts, sf, m, m, { name: 'constructor', kind, className, exportedAs }, m);
      c.refusal = {
        code: 'UNSUPPORTED_FUNCTION',
        message: `The constructor of class ${className} cannot be profiled on its own. Wrap it in a function, e.g. \`export function make() { return new ${className === 'default' ? 'YourClass' : className}(); }\`, and profile that.`,
      };
      methods.push(c);
      continue;
    }
    let fnNode: TS.SignatureDeclaration | undefined;
    if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
      if (!m.body) continue; // overload signature or abstract method
      fnNode = m;
    } else if (ts.isPropertyDeclaration(m) && m.initializer) {
      const init = unwrap(ts, m.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fnNode = init;
    }
    if (!fnNode || !m.name) continue;
    const name = memberName(ts, m.name);
    if (name === undefined) continue; // a computed name we cannot spell from outside
    const c = candidate(ts, sf, m, fnNode, { name, kind, className, exportedAs }, m);
    const label = `${className}.${name}`;
    if (ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
      c.refusal = {
        code: 'UNSUPPORTED_FUNCTION',
        message: `${label} is a ${ts.isGetAccessorDeclaration(m) ? 'getter' : 'setter'}; accessors cannot be profiled. Move its body into a method (or a top-level function) and profile that.`,
      };
    } else if (m.name && ts.isPrivateIdentifier(m.name)) {
      c.refusal = {
        code: 'UNSUPPORTED_FUNCTION',
        message: `${label} is a #private member, which no code outside class ${className} can call. Make it a normal (or TypeScript \`private\`) method, or profile a public method that calls it.`,
      };
    } else if ((ts.isMethodDeclaration(m) && m.asteriskToken) || (ts.isFunctionExpression(fnNode) && fnNode.asteriskToken)) {
      c.refusal = { code: 'UNSUPPORTED_FUNCTION', message: `${label} is a generator method. ${GENERATOR_HINT}` };
    } else if (!isStatic && ctorProblem) {
      // Profiled with the constructor's arguments given (profile.ts asks for them when none are).
      c.fn.constructorNeeds = ctorProblem;
    }
    if (!isStatic) {
      const tag = docTag(sf, m, 'profileConstruct') ?? docTag(sf, rangeNode, 'profileConstruct');
      if (tag !== undefined) c.fn.constructTag = tag;
    }
    methods.push(c);
  }
  const names = methods.filter((c) => !c.refusal).map((c) => c.fn.name);
  const clsCandidate = candidate(ts, sf, rangeNode, undefined, { name: className, kind: 'static-method', className, exportedAs }, rangeNode);
  clsCandidate.container = true;
  clsCandidate.refusal = {
    code: 'FUNCTION_NOT_FOUND',
    message: `The line is inside class ${className} but not inside one of its methods. ` +
      (names.length ? `Put the cursor inside a method: ${names.join(', ')}.` : `The class has no method that can be profiled.`),
  };
  out.push(clsCandidate, ...methods);
}

/** Methods of a top-level `const name = { … }`: called with `this` the object, as `name.method(…)` calls them. */
function collectObjectMethods(
  ts: TypeScriptModule, sf: TS.SourceFile, objectName: string, obj: TS.ObjectLiteralExpression, exportedAs: string | undefined, out: Candidate[],
): void {
  for (const p of obj.properties) {
    let fnNode: TS.SignatureDeclaration | undefined;
    if (ts.isMethodDeclaration(p) && p.body) fnNode = p;
    else if (ts.isPropertyAssignment(p)) {
      const init = unwrap(ts, p.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fnNode = init;
    }
    if (!fnNode || !p.name) continue;
    const name = memberName(ts, p.name);
    if (name === undefined) continue;
    const c = candidate(ts, sf, p, fnNode, { name, kind: 'object-method', className: objectName, exportedAs }, p);
    if ((ts.isMethodDeclaration(p) && p.asteriskToken) || (ts.isFunctionExpression(fnNode) && fnNode.asteriskToken)) {
      c.refusal = { code: 'UNSUPPORTED_FUNCTION', message: `${objectName}.${name} is a generator method. ${GENERATOR_HINT}` };
    }
    out.push(c);
  }
}

/** The text after `@tag` in the doc comment right above `node` (one line), if any. */
function docTag(sf: TS.SourceFile, node: TS.Node, tag: string): string | undefined {
  const text = sf.text.slice(node.getFullStart(), node.getStart(sf));
  const m = new RegExp(`@${tag}\\s+(.+?)\\s*(?:\\*\\/)?\\s*$`, 'm').exec(text);
  return m ? m[1] : undefined;
}

/** Why `new Cls()` would lack arguments, or undefined when a no-argument construction is fine. */
function constructorProblem(
  ts: TypeScriptModule, cls: TS.ClassLikeDeclaration, classes: Map<string, TS.ClassLikeDeclaration>, seen: Set<TS.Node>,
): string | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const ctor = cls.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  if (ctor) {
    const required = ctor.parameters.filter((p) => !p.questionToken && !p.initializer && !p.dotDotDotToken);
    if (!required.length) return undefined;
    const names = required.map((p) => p.name.getText()).join(', ');
    return `its constructor requires ${required.length === 1 ? 'the parameter' : 'the parameters'} ${names}`;
  }
  // No constructor of its own: the base's constructor runs with no arguments. Only a base in the
  // same file can be checked; anything else fails (with its own message) when the instance is built.
  const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (ext && ts.isIdentifier(ext)) {
    const base = classes.get(ext.text);
    if (base) {
      const why = constructorProblem(ts, base, classes, seen);
      return why ? `it inherits the constructor of ${ext.text}, and ${why}` : undefined;
    }
  }
  return undefined;
}

function candidate(
  ts: TypeScriptModule, sf: TS.SourceFile, rangeNode: TS.Node, fnNode: TS.SignatureDeclaration | undefined,
  base: Pick<LocatedFunction, 'name' | 'kind' | 'className' | 'exportedAs'>, declNode: TS.Node,
): Candidate {
  const start = sf.getLineAndCharacterOfPosition(declNode.getStart(sf));
  const fromLine = sf.getLineAndCharacterOfPosition(rangeNode.getStart(sf, true)).line + 1;
  const toLine = sf.getLineAndCharacterOfPosition(rangeNode.end).line + 1;
  const fn: LocatedFunction = {
    name: base.name,
    kind: base.kind,
    ...(base.className !== undefined ? { className: base.className } : {}),
    ...(base.exportedAs !== undefined ? { exportedAs: base.exportedAs } : {}),
    line: start.line + 1,
    column: start.character + 1,
    endLine: toLine,
    async: fnNode ? hasModifier(ts, fnNode, ts.SyntaxKind.AsyncKeyword) : false,
    paramCount: fnNode ? fnNode.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this')).length : 0,
  };
  return { fn, fromLine, toLine };
}

/** `export { a as b }` and `export default a` for declarations that are not exported inline. */
function collectExportNames(ts: TypeScriptModule, sf: TS.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        const local = (el.propertyName ?? el.name).getText(sf);
        if (!names.has(local)) names.set(local, el.name.getText(sf));
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals && ts.isIdentifier(st.expression)) {
      if (!names.has(st.expression.text)) names.set(st.expression.text, 'default');
    }
  }
  return names;
}

function memberName(ts: TypeScriptModule, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** Looks through parentheses and type assertions: `const f = ((x: number) => x) as F` is still a function. */
export function unwrap(ts: TypeScriptModule, e: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

export function hasModifier(ts: TypeScriptModule, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []).some((m) => m.kind === kind) : false;
}
