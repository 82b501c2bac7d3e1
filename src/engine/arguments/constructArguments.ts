// The constructor's arguments for an instance method whose class needs them: from --construct (or
// the extension's box), else the `@profileConstruct` tag of its doc comment. Evaluated like the
// tasks' arguments (off-thread, bounded, checked to cross to a lane), once; every lane builds its
// own instance from the same values before its timed repetitions.
import { serialize } from 'node:v8';
import { BadOptionError, ProfilerError } from '../errors';
import type { LocatedFunction } from '../locate/functionForms';
import { evaluateTaskArguments } from './evaluateArguments';

export interface ConstructArguments {
  /** The expression used, as written. */
  expr: string;
  /** v8.serialize bytes of the argument array, base64 (see LoadSpec.constructArgs). */
  encoded: string;
  warnings: string[];
}

/** The expression to build the instance with, or undefined when the target needs none. Throws when one is needed and missing. */
export function constructExpression(fn: LocatedFunction, given: string | undefined): string | undefined {
  const label = `${fn.className === 'default' ? 'the default-exported class' : fn.className}.${fn.name}`;
  if (fn.kind !== 'instance-method') {
    if (given !== undefined) throw new BadOptionError(`--construct applies to instance methods only; ${fn.className ? label : fn.name} is a ${fn.kind.replace('-', ' ')}, called without building an instance.`);
    return undefined;
  }
  const expr = given ?? fn.constructTag;
  if (expr === undefined && fn.constructorNeeds) {
    throw new ProfilerError('CONSTRUCTOR_NEEDS_ARGUMENTS',
      `${label} is an instance method, and ${fn.constructorNeeds}. Say what to build the instance with: ` +
      `--construct '[…]' on the command line (an expression yielding the constructor's argument array), ` +
      `a doc comment line \`@profileConstruct […]\` above the class or the method, or the constructor-arguments box in VS Code. ` +
      `The instance is built once per worker thread or process, before timing.`);
  }
  return expr;
}

export async function evaluateConstruct(expr: string, opts: Parameters<typeof evaluateTaskArguments>[2]): Promise<ConstructArguments> {
  let evaluated;
  try {
    evaluated = await evaluateTaskArguments(expr, 1, opts);
  } catch (err) {
    if (err instanceof ProfilerError && err.code === 'BAD_ARGUMENTS') {
      throw new ProfilerError('BAD_ARGUMENTS', `The constructor arguments ${err.message.replace(/^The arguments( expression)?/i, 'expression')}`);
    }
    throw err;
  }
  return { expr, encoded: Buffer.from(serialize(evaluated.perTask[0])).toString('base64'), warnings: evaluated.warnings.map((w) => `Constructor arguments: ${w}`) };
}
