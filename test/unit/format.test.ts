import * as assert from 'node:assert/strict';
import {
  NO_VALUE, bandLabel, formatBytes, formatInterval, formatMs, formatNumber, formatPercent, formatSpeedup,
  formatSpeedupWithInterval, formatSpread, laneLabel, modeLabel, statusLabel,
} from '../../src/shared/wording/format';
import { ALL_MODES } from '../../src/shared/report/report';

describe('format', () => {
  describe('formatMs', () => {
    const cases: Array<[number, string]> = [
      [0, '0 ms'],
      [0.00042, '0.42 µs'],
      [0.042, '42.0 µs'],
      [0.0425, '42.5 µs'],
      [0.4123, '412 µs'],
      [0.9996, '1.00 ms'], // rounds up into the next unit instead of printing "1000 µs"
      [4.1234, '4.12 ms'],
      [41.234, '41.2 ms'],
      [412.3, '412 ms'],
      [999.4, '999 ms'],
      [999.7, '1.00 s'],
      [1934, '1.93 s'],
      [12_345, '12.3 s'],
      [125_000, '125 s'],
      [3_600_000, '3600 s'],
      [-4.2, '-4.20 ms'],
      [-0.0000001, '0.00 µs'], // never "-0.00"
    ];
    for (const [ms, text] of cases) {
      it(`${ms} ms → ${text}`, () => assert.equal(formatMs(ms), text));
    }
    it('shows a dash for missing and non-finite values', () => {
      assert.equal(formatMs(undefined), NO_VALUE);
      assert.equal(formatMs(NaN), NO_VALUE);
      assert.equal(formatMs(Infinity), NO_VALUE);
    });
  });

  describe('formatSpread', () => {
    it('writes min and max in the median unit and digits', () => {
      assert.equal(formatSpread({ median: 412.3, min: 398.2, max: 431.4 }), '412 ms [398–431]');
      assert.equal(formatSpread({ median: 1934, min: 1890, max: 2011 }), '1.93 s [1.89–2.01]');
      assert.equal(formatSpread({ median: 4.12, min: 4.05, max: 4.5 }), '4.12 ms [4.05–4.50]');
      assert.equal(formatSpread({ median: 0.0421, min: 0.0401, max: 0.0523 }), '42.1 µs [40.1–52.3]');
    });
    it('keeps a range that crosses a unit boundary in the median unit', () => {
      assert.equal(formatSpread({ median: 950, min: 940, max: 1210 }), '950 ms [940–1210]');
    });
    it('degrades to the median alone or a dash', () => {
      assert.equal(formatSpread({ median: 412, min: NaN, max: 431 }), '412 ms');
      assert.equal(formatSpread(undefined), NO_VALUE);
    });
  });

  it('formats speedups with three significant digits', () => {
    assert.equal(formatSpeedup(1.934), '1.93×');
    assert.equal(formatSpeedup(1), '1.00×');
    assert.equal(formatSpeedup(12.34), '12.3×');
    assert.equal(formatSpeedup(123.4), '123×');
    assert.equal(formatSpeedup(9.996), '10.0×');
    assert.equal(formatSpeedup(undefined), NO_VALUE);
    assert.equal(formatNumber(0.98765), '0.99');
  });

  it('formats intervals with their level', () => {
    assert.equal(formatInterval({ low: 1.851, high: 2.012, level: 0.95 }), '1.85–2.01 (95% CI)');
    assert.equal(formatInterval({ low: 0.97, high: 1.03, level: 'range' }), '0.97–1.03 (min–max)');
    assert.equal(formatInterval({ low: 1, high: 2, level: 0.99 }, formatSpeedup), '1.00×–2.00× (99% CI)');
    assert.equal(formatInterval(undefined), NO_VALUE);
    assert.equal(formatSpeedupWithInterval(1.93, { low: 1.85, high: 2.01, level: 0.95 }), '1.93× [1.85–2.01]');
    assert.equal(formatSpeedupWithInterval(1.93, undefined), '1.93×');
  });

  it('formats shares as percentages', () => {
    assert.equal(formatPercent(0.87), '87%');
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatPercent(0.042), '4.2%');
    assert.equal(formatPercent(0.0999), '10%');
    assert.equal(formatPercent(0.0035), '0.35%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(1.2), '120%');
    assert.equal(formatPercent(NaN), NO_VALUE);
  });

  it('formats bytes in powers of 1024', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(8 * 1024 * 1024), '8.0 MB');
    assert.equal(formatBytes(1024 * 1024 - 1), '1.0 MB'); // not "1024.0 KB"
    assert.equal(formatBytes(300 * 1024 * 1024), '300 MB');
    assert.equal(formatBytes(5 * 1024 ** 3), '5.0 GB');
    assert.equal(formatBytes(-2048), '-2.0 KB');
    assert.equal(formatBytes(undefined), NO_VALUE);
  });

  it('labels every mode, lane, band and status', () => {
    assert.equal(modeLabel('async'), 'async-interleaved');
    assert.deepEqual(ALL_MODES.map(modeLabel), ['sequential', 'async-interleaved', 'worker threads', 'child processes', 'BullMQ queue']);
    assert.equal(laneLabel('sequential', 0), 'thread 1');
    assert.equal(laneLabel('workers', 1), 'thread 2');
    assert.equal(laneLabel('processes', 0), 'process 1');
    assert.equal(laneLabel('async', 2), 'async slot 3');
    assert.equal(laneLabel('queue', 1, 2), 'queue lane 2');
    assert.equal(laneLabel('queue', 3, 2), 'remote queue lane 2', 'lanes past the K local ones are remote workers\' lanes');
    assert.equal(bandLabel('ideal'), 'ideal (86–100%)');
    assert.equal(bandLabel('idle'), 'idle (< ½ core)');
    assert.equal(statusLabel('timeout'), 'timed out');
  });
});
