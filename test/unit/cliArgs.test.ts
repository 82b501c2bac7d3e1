import * as assert from 'node:assert/strict';
import { parseCli } from '../../src/cli/args';
import { BadOptionError } from '../../src/engine/errors';

describe('command-line flags', () => {
  it('maps every flag to an option', () => {
    const r = parseCli(['f.ts', '--function', 'work', '--tasks', '6', '--args', '[i]', '--construct', '["-", 2]', '--workers', '3', '--modes', 'workers, async', '--repeat', '5', '--warmup', '0', '--sweep', '--timeout', '2.5', '--interval', '20', '--memory', '256', '--chunk', '16', '--predict', '--json', 'r.json', '--csv', 'r.csv', '--trace', 't.json']);
    assert.notEqual(r, 'help');
    if (r === 'help') throw new Error('parseCli answered help');
    assert.deepEqual(r.options, { file: 'f.ts', functionName: 'work', line: undefined, tasks: 6, args: '[i]', construct: '["-", 2]', workers: 3, modes: ['workers', 'async'], repeat: 5, warmup: 0, sweep: true, chunk: 16, predict: true, timeoutMs: 2500, sampleIntervalMs: 20, memoryLimitMb: 256 });
    assert.equal(r.json, 'r.json');
    assert.equal(r.csv, 'r.csv');
    assert.equal(r.trace, 't.json');
  });

  it('maps --precision (percent), --max-time (seconds) and --no-interleave', () => {
    const r = parseCli(['f.ts', '--function', 'w', '--precision', '2.5', '--max-time', '30', '--no-interleave']);
    if (r === 'help') throw new Error('help');
    assert.equal(r.options.precision, 0.025);
    assert.equal(r.options.maxTimeMs, 30_000);
    assert.equal(r.options.interleave, false);
  });

  it('maps --network-latency (ms) for the machines what-if', () => {
    const r = parseCli(['f.ts', '--function', 'w', '--modes', 'queue', '--predict', '--network-latency', '12.5']);
    if (r === 'help') throw new Error('help');
    assert.equal(r.options.networkLatencyMs, 12.5);
  });

  const refusals: Array<[string[], RegExp]> = [
    [['f.ts'], /Say which function: --function NAME or --line N/],
    [['f.ts', '--function', 'a', '--line', '2'], /not both/],
    [['--function', 'a'], /exactly one FILE \(got 0\)/],
    [['f.ts', '--line', 'two'], /--line must be a whole number \(got "two"\)/],
    [['f.ts', '--function', 'a', '--timeout', '0'], /--timeout must be a positive number/],
    [['f.ts', '--function', 'a', '--bogus'], /Unknown option '--bogus'/],
    [['f.ts', '--function', 'a', '--precision', '150'], /--precision must be a percentage from 0 to 100 \(got "150"\)/],
    [['f.ts', '--function', 'a', '--max-time=-1'], /--max-time must be a positive number/],
    [['f.ts', '--function', 'a', '--chunk', '1.5'], /--chunk must be a whole number \(got "1\.5"\)/],
  ];
  for (const [argv, message] of refusals) {
    it(`refuses ${argv.join(' ')}`, () => {
      assert.throws(() => parseCli(argv), (e: unknown) => e instanceof BadOptionError && message.test(e.message));
    });
  }

  it('--cpu-profile takes an optional folder and never swallows the FILE', () => {
    const opts = (argv: string[]) => {
      const r = parseCli(argv);
      assert.notEqual(r, 'help');
      return r === 'help' ? undefined : r.options;
    };
    const bare = opts(['f.ts', '--function', 'a', '--cpu-profile']);
    assert.equal(bare?.cpuProfile, true);
    assert.equal(bare?.cpuProfileDir, undefined);
    assert.equal(opts(['f.ts', '--cpu-profile', 'profiles', '--function', 'a'])?.cpuProfileDir, 'profiles');
    assert.equal(opts(['f.ts', '--function', 'a', '--cpu-profile=out/p'])?.cpuProfileDir, 'out/p');
    const before = opts(['--cpu-profile', 'src/work.ts', '--function', 'a']);
    assert.equal(before?.file, 'src/work.ts', 'a source file after the flag is the FILE');
    assert.equal(before?.cpuProfileDir, undefined);
    assert.equal(opts(['f.ts', '--function', 'a', '--cpu-profile', '--profile-interval', '0.25'])?.cpuProfileIntervalMs, 0.25);
    assert.equal(opts(['f.ts', '--function', 'a'])?.cpuProfile, undefined);
    assert.throws(() => parseCli(['f.ts', '--function', 'a', '--profile-interval', 'x']), /--profile-interval must be a positive number/);
  });

  it('answers --help', () => {
    assert.equal(parseCli(['--help']), 'help');
  });
});
