// The words a user recognises for a value's type, in messages about what a task took or returned.
// Pure: the engine thread imports it too, without loading the lane runtime.
/** "a function", "a Socket", "an Object": the words a user recognises for a value's type. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return withArticle(typeof name === 'string' && name !== '' ? name : 'object');
  }
  return withArticle(typeof value);
}

function withArticle(word: string): string {
  return /^[aeiouAEIOU]/.test(word) ? `an ${word}` : `a ${word}`;
}
