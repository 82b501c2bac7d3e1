// The queue mode's job data crosses Redis as JSON (BullMQ's way), not by structured clone: a value
// JSON would change must be refused before anything runs, or the queue mode would time a different
// call from the other modes. Each refusal names the task, the argument's path and what to do.
import { ProfilerError } from '../errors';

/** What JSON does to `value`, in words, with what to pass instead; undefined when it round-trips. */
function jsonChange(value: unknown, inArray: boolean): string | undefined {
  switch (typeof value) {
    case 'bigint': return 'a BigInt, which JSON cannot hold (JSON.stringify throws): pass it as a string and turn it back with BigInt() in your function';
    case 'undefined': return inArray ? 'undefined inside an array, which JSON turns into null: use null, or leave the element out' : undefined;
    case 'function': return 'a function, which JSON drops: pass the data it needs instead';
    case 'symbol': return 'a symbol, which JSON drops';
    case 'number': return Number.isFinite(value) ? undefined : `${String(value)}, which JSON turns into null: pass it as a string, or a finite number`;
    default: break;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (value instanceof Date) return 'a Date, which JSON turns into a string: pass date.getTime() and build the Date in your function';
  if (value instanceof Map) return 'a Map, which JSON turns into {}: pass [...map] (an array of pairs) and build the Map in your function';
  if (value instanceof Set) return 'a Set, which JSON turns into {}: pass [...set] and build the Set in your function';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 'a typed array or buffer, which JSON turns into an object of numbered keys: pass Array.from(it) and rebuild it in your function';
  if (value instanceof RegExp) return 'a RegExp, which JSON turns into {}: pass its source and flags as strings';
  if (value instanceof Error) return 'an Error, which JSON turns into {}: pass its message as a string';
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return 'an instance of a class, which JSON turns into a plain object without its methods: pass plain data and build the instance in your function';
  return undefined;
}

/** The first value under `value` that JSON would change: its path from `path` and what happens. */
export function findJsonUnsafe(value: unknown, path: string, seen = new Set<object>(), inArray = false): { path: string; problem: string } | undefined {
  const problem = jsonChange(value, inArray);
  if (problem) return { path, problem };
  if (typeof value !== 'object' || value === null) return undefined;
  if (seen.has(value)) return { path, problem: 'a value that contains itself, which JSON cannot hold: pass plain, tree-shaped data' };
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findJsonUnsafe(i in value ? value[i] : undefined, `${path}[${i}]`, seen, true);
      if (hit) return hit;
    }
  } else {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // An undefined property is dropped by JSON, and reading it in the task gives undefined anyway.
      if (v === undefined) continue;
      const hit = findJsonUnsafe(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, seen);
      if (hit) return hit;
    }
  }
  seen.delete(value);
  return undefined;
}

/** Throws BAD_ARGUMENTS for the first task whose arguments JSON would change. */
export function refuseJsonUnsafeArguments(perTask: readonly unknown[][]): void {
  for (let task = 0; task < perTask.length; task++) {
    const args = perTask[task];
    for (let a = 0; a < args.length; a++) {
      // An undefined argument is a missing one: BullMQ's JSON keeps the array's length as null, so it is refused too.
      const hit = findJsonUnsafe(args[a], `argument ${a + 1}`, new Set(), true);
      if (hit) {
        throw new ProfilerError('BAD_ARGUMENTS', `The queue mode sends each task's arguments to Redis as JSON, which would change task ${task}'s ${hit.path}: it is ${hit.problem}. Or leave the queue mode out of the modes.`);
      }
    }
  }
}
