import { strict as assert } from 'node:assert';
import { serialize } from 'node:v8';
import { knownCloneSize } from '../../src/engine/runtime/resultSize';

describe('knownCloneSize: result sizes counted without serialising', () => {
  it('matches v8.serialize for undefined, null, booleans and number literals across the small-integer boundaries', () => {
    const values: unknown[] = [undefined, null, true, false, 0, 7, -7, 63, 64, -64, -65, 127, 128, 8191, 8192, -8192, -8193, 1048575, 1048576, 536870912, -536870912, 1073741823, -1073741824, 1073741824, 2147483647, -2147483648, 2147483648, -2147483649, 1e15, 0.1, -2.5, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
    for (const v of values) assert.equal(knownCloneSize(v), serialize(v).length, `size of ${String(v)}`);
  });

  it('computed numbers: exact, or low by at most 8 bytes where V8 keeps an integer as a heap number', () => {
    for (let i = 0; i < 4000; i++) {
      const v = i % 2 ? Math.floor((Math.random() - 0.5) * 2 ** (1 + (i % 40))) : Math.random() * 1e6;
      const short = serialize(v).length - knownCloneSize(v);
      assert.ok(short >= 0 && short <= 8, `size of ${v}: v8 ${serialize(v).length}, counted ${knownCloneSize(v)}`);
    }
  });

  it('leaves every other value to v8.serialize (-1): strings, bigints, objects, arrays, functions, symbols', () => {
    for (const v of ['', 'x', 'ü', 1n, {}, [], [1], new Uint8Array(1), () => 1, Symbol('s'), new Date(0)]) {
      assert.equal(knownCloneSize(v), -1, `knownCloneSize(${typeof v})`);
    }
  });
});
