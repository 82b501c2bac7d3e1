// Seeded mutations of a report for the fuzz tests (issue 14 item 18): type changes, huge and deep
// values, NaN and infinities, `__proto__` keys, missing and extra fields. One self-contained
// function (no imports, no outer names), so the panel's tests can inject its source into the page
// and mutate there: NaN, -0, holes and 200,000-deep values do not survive a trip through JSON.

/** `count` mutated copies of `base`, the same ones for the same seed. */
export function mutateReports(base: unknown, seed: number, count: number): unknown[] {
  let state = seed >>> 0;
  // mulberry32: small, seeded, good enough to spread mutations.
  const rand = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const deep = (depth: number): unknown => {
    let v: unknown = {};
    for (let k = 0; k < depth; k++) v = rand() < 0.5 ? { d: v } : [v];
    return v;
  };
  // Built once per call and shared: a fresh 200,000-deep value per use costs more than it proves.
  let deepest: unknown;
  let longest: unknown;
  const values: Array<() => unknown> = [
    () => NaN, () => Infinity, () => -Infinity, () => -0, () => 1e308, () => -1e308, () => 2 ** 53 + 1, () => 0.5, () => -1, () => 1e9 + 1,
    () => null, () => undefined, () => true, () => '', () => 'x'.repeat(200_001), () => '<img src=x onerror=alert(1)>', () => '\u202e\u0000',
    () => [], () => ({}), () => (longest ??= new Array(100_001).fill(0)), () => [NaN, 1], () => deep(1000), () => (deepest ??= deep(200_000)),
    () => JSON.parse('{"__proto__": {"polluted": true}}'), () => 'sequential', () => 'completed', () => 42, () => [1, 2, 3],
    () => ({ median: 1, min: 0, max: 2, runs: [1] }), () => ({ low: 2, high: 1, level: 'range' }),
  ];
  const containers = (root: object): Array<Record<string, unknown>> => {
    const out: Array<Record<string, unknown>> = [];
    const stack: object[] = [root];
    while (stack.length > 0 && out.length < 5000) {
      const v = stack.pop() as Record<string, unknown>;
      out.push(v);
      for (const k of Object.keys(v)) {
        const c = v[k];
        if (c !== null && typeof c === 'object') stack.push(c);
      }
    }
    return out;
  };
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const report = structuredClone(base) as object;
    const places = containers(report);
    const mutations = 1 + Math.floor(rand() * 3);
    for (let j = 0; j < mutations; j++) {
      const target = pick(places);
      const keys = Object.keys(target);
      const op = rand();
      if (keys.length > 0 && op < 0.5) target[pick(keys)] = pick(values)();
      else if (keys.length > 0 && op < 0.7) delete target[pick(keys)];
      else if (op < 0.85) target[`extra${Math.floor(rand() * 100)}`] = pick(values)();
      else Object.defineProperty(target, '__proto__', { value: pick(values)(), enumerable: true, writable: true, configurable: true });
    }
    out.push(report);
  }
  return out;
}
