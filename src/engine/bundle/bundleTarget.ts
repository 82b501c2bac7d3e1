// The line appended to the user's entry module so the profiler can reach the target even when it
// is not exported. It is appended after a newline at the very end, so every original line keeps its
// number and the source map needs no adjustment.
import type { LocatedFunction } from '../locate/functionForms';

/** The bundle's export holding a factory that returns the callable (called once per worker or process,
 * with the constructor's arguments when the target is an instance method). */
export const TARGET_EXPORT = '__parallelismProfilerTarget';

/** The module's own default export, imported back into itself: esbuild resolves the self-import to the
 * module's local default binding, which gives an anonymous `export default` a name without editing it. */
const SELF_DEFAULT = '__parallelismProfilerDefault';

export function targetAccessor(fn: LocatedFunction, entryFile: string, commonJs: boolean): string {
  const needsSelfImport = fn.name === 'default' || fn.className === 'default';
  if (needsSelfImport && commonJs) {
    // Unreachable through locate (a CommonJS file has no `export default`), kept as a guard.
    throw new Error('An anonymous default export cannot live in a CommonJS module.');
  }
  const ref = (binding: string): string => (binding === 'default' ? SELF_DEFAULT : binding);
  const label = JSON.stringify(fn.className !== undefined ? `${fn.className}.${fn.name}` : fn.name);
  const member = JSON.stringify(fn.name);
  let body: string;
  switch (fn.kind) {
    case 'function':
    case 'variable':
    case 'default':
      body = `const f = ${ref(fn.name)};`;
      break;
    case 'static-method':
    case 'object-method':
      body = `const c = ${ref(fn.className ?? '')}; const f = c[${member}]; if (typeof f === "function") return f.bind(c);`;
      break;
    case 'instance-method':
      body = `const o = new (${ref(fn.className ?? '')})(...(ctorArgs ?? [])); const f = o[${member}]; if (typeof f === "function") return f.bind(o);`;
      break;
  }
  body += ` if (typeof f !== "function") throw new TypeError(${label} + " is not a function when the module has loaded (it is " + typeof f + ")."); return f;`;
  const factory = `(ctorArgs) => { ${body} }`;
  const selfImport = needsSelfImport ? `import ${SELF_DEFAULT} from ${JSON.stringify(entryFile)}; ` : '';
  return commonJs
    ? `\n;module.exports.${TARGET_EXPORT} = ${factory};\n`
    : `\n;${selfImport}export const ${TARGET_EXPORT} = ${factory};\n`;
}

/** A module is treated as CommonJS when it is `.cjs`, or has no import/export statement and assigns
 * `module.exports`/`exports.x`: appending an ESM `export` there would make esbuild treat it as ESM
 * and break its own exports. A heuristic, but the wrong guess only matters for mixed-syntax files. */
export function looksCommonJs(file: string, source: string): boolean {
  if (/\.cjs$/i.test(file)) return true;
  if (/\.m[jt]s$/i.test(file)) return false;
  if (/(^|[\n;])\s*(import|export)[\s{*]/.test(source)) return false;
  return /\b(module\.exports|exports\.[A-Za-z_$][\w$]*)\s*=/.test(source);
}
