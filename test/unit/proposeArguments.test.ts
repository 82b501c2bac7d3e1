import * as assert from 'node:assert/strict';
import { proposeArguments } from '../../src/engine/arguments/proposeArguments';

describe('proposed arguments', () => {
  it('takes @profileArgs from the doc comment above the function', () => {
    const src = ['/**', ' * Counts primes.', ' * @profileArgs [i * 1000, (i + 1) * 1000]', ' */', 'export function countPrimes(a: number, b: number) {}'].join('\n');
    assert.equal(proposeArguments(src, { line: 5, paramCount: 2 }), '[i * 1000, (i + 1) * 1000]');
  });
  it('reads a one-line doc comment', () => {
    assert.equal(proposeArguments('/** @profileArgs [200] */\nfunction f(ms) {}', { line: 2, paramCount: 1 }), '[200]');
  });
  it('ignores a tag that belongs to the previous function', () => {
    const src = '/** @profileArgs [1] */\nfunction a(x) {}\nfunction b(x, y) {}';
    assert.equal(proposeArguments(src, { line: 3, paramCount: 2 }), '[i, n]');
  });
  it('guesses from the parameter count otherwise', () => {
    assert.equal(proposeArguments('function f() {}', { line: 1, paramCount: 0 }), '[]');
    assert.equal(proposeArguments('function f(x) {}', { line: 1, paramCount: 1 }), '[i]');
  });
});
