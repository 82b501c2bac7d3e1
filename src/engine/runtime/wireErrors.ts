// What a task's failure becomes on the wire: any thrown value as a plain WireError, and a result
// that structured clone refuses named by its type.
import { describeType } from './describeType';
import type { WireError } from '../lanes/wire';

export function unclonableResult(index: number, value: unknown, err: unknown): WireError {
  const top = typeof value === 'function' || typeof value === 'symbol';
  // V8's message quotes the offending value's source, which can run to pages: keep its start.
  const raw = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const detail = top ? '' : ` (${raw.length > 100 ? `${raw.slice(0, 100)}…` : raw})`;
  return {
    name: 'DataCloneError',
    code: 'UNCLONABLE',
    message: `task ${index} returned ${describeType(value)}${top ? '' : ' holding a value'}, which cannot be sent between threads (structured clone)${detail}. Return plain data.`,
  };
}

export function toWireError(err: unknown): WireError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), ...(typeof code === 'string' ? { code } : {}) };
  }
  let text: string;
  try {
    text = String(err);
  } catch {
    text = '';
  }
  return { name: 'Error', message: `${describeType(err)} was thrown${text ? `: ${text}` : ''}` };
}
