// Fuzzing the arguments expression (issue 14 item 18): seeded mutations of typical --args
// expressions through the evaluator. Each one yields arrays or is refused as bad input with a
// reason; no other exception escapes and nothing hangs (each has a 5 s limit).
import * as assert from 'node:assert/strict';
import { evaluateTaskArguments } from '../../src/engine/arguments/evaluateArguments';
import { ProfilerError } from '../../src/engine/errors';

const SEED = 1418;
const BASES = ['[i]', '[i * 1000, n]', '[{ a: i, b: [n] }]', "['x'.repeat(i)]", '[new Map([[i, i]])]', '[new Uint8Array(i)]', '[i, `t${n}`]'];
const TOKENS = ['(', ')', '[', ']', '{', '}', ',', '.', '+', '-', '*', 'i', 'n', '"', "'", '`', '/', '\\', 'null', 'undefined', 'NaN', '__proto__',
  'constructor', 'Symbol()', '() => 1', '1e400', '-0', '010', 'new', 'await', 'yield', 'this', ';', ':', '?.', '...', 'Promise.resolve(1)',
  'process.kill(process.ppid, 0)', 'globalThis', '\u2028', '0n', 'new WeakMap()'];

function mutations(seed: number, count: number): string[] {
  let state = seed >>> 0;
  const rand = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let text = BASES[Math.floor(rand() * BASES.length)];
    for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) {
      const at = Math.floor(rand() * (text.length + 1));
      const token = TOKENS[Math.floor(rand() * TOKENS.length)];
      const op = rand();
      if (op < 0.5) text = text.slice(0, at) + token + text.slice(at);
      else if (op < 0.8) text = text.slice(0, at) + token + text.slice(at + 1);
      else text = text.slice(0, at) + text.slice(at + 1);
    }
    out.push(text);
  }
  return out;
}

describe('fuzz: mutated arguments expressions through the evaluator', function () {
  this.timeout(120_000);

  it(`60 mutations (seed ${SEED}): arrays, or a refusal that says why; nothing else escapes`, async () => {
    let accepted = 0;
    let refused = 0;
    for (const expr of mutations(SEED, 60)) {
      try {
        const r = await evaluateTaskArguments(expr, 3, { timeoutMs: 5000 });
        assert.equal(r.perTask.length, 3, expr);
        for (const a of r.perTask) assert.ok(Array.isArray(a), `${expr}: not an array`);
        accepted++;
      } catch (err) {
        assert.ok(err instanceof ProfilerError, `${JSON.stringify(expr)}: escaped as ${(err as Error)?.constructor?.name}: ${String(err)}`);
        assert.ok(['BAD_ARGUMENTS', 'UNCLONABLE'].includes(err.code), `${JSON.stringify(expr)}: code ${err.code}`);
        assert.ok(err.message.length > 20, `${JSON.stringify(expr)}: refused without a reason`);
        refused++;
      }
    }
    assert.ok(accepted > 0 && refused > 0, `accepted ${accepted}, refused ${refused}`);
  });
});
