import * as assert from 'node:assert/strict';
import { DEFAULTS, resolveOptions, resolveModes } from '../../src/engine/options';
import { BadOptionError } from '../../src/engine/errors';

describe('profile options', () => {
  const base = { file: 'x.ts', functionName: 'f' };

  it('the CPU profile: off by default, on with a folder, its interval bounded', () => {
    assert.equal(resolveOptions(base).cpuProfile, false);
    assert.equal(resolveOptions(base).cpuProfileIntervalMs, 1);
    assert.equal(resolveOptions({ ...base, cpuProfileDir: '/tmp/p' }).cpuProfile, true, 'a folder turns it on');
    assert.throws(() => resolveOptions({ ...base, cpuProfile: true, cpuProfileIntervalMs: 0.01 }), /options\.cpuProfileIntervalMs must be a number of milliseconds from 0\.05 to 100 \(got 0\.01\)/);
    assert.throws(() => resolveOptions({ ...base, cpuProfileDir: '' }), /options\.cpuProfileDir must be the path of a folder/);
  });

  it('the VS Code settings declare the engine\'s defaults (package.json and DEFAULTS agree)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const props = (require('../../../package.json') as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } }).contributes.configuration.properties;
    const setting = (name: string) => props[`parallelismProfiler.${name}`]?.default;
    assert.equal(setting('tasks'), DEFAULTS.tasks);
    assert.equal(setting('repeat'), DEFAULTS.repeat);
    assert.equal(setting('warmup'), DEFAULTS.warmup);
    assert.equal(setting('sampleIntervalMs'), DEFAULTS.sampleIntervalMs);
    assert.equal(setting('memoryLimitMb'), DEFAULTS.memoryLimitMb);
    assert.equal(setting('chunk'), DEFAULTS.chunk);
    assert.equal(setting('predict'), DEFAULTS.predict);
    assert.equal(setting('timeoutSeconds'), DEFAULTS.timeoutMs / 1000);
    assert.equal(setting('cpuProfile'), DEFAULTS.cpuProfile);
    assert.equal(setting('cpuProfileIntervalMs'), DEFAULTS.cpuProfileIntervalMs);
    assert.equal(setting('interleave'), DEFAULTS.interleave);
    assert.equal(setting('precisionPercent'), DEFAULTS.precision * 100);
    assert.equal(setting('maxTimeSeconds'), 0);
  });

  it('fills every default from one table', () => {
    const o = resolveOptions(base);
    assert.equal(o.tasks, DEFAULTS.tasks);
    assert.equal(o.repeat, 3);
    assert.equal(o.warmup, 1);
    assert.equal(o.args, '[]');
    assert.deepEqual(o.modes, ['sequential', 'async', 'workers', 'processes']);
    assert.ok(o.workers >= 1);
    assert.equal(o.interleave, true);
    assert.equal(o.precision, 0.05);
    assert.equal(o.maxTimeMs, undefined);
  });

  const bad: Array<[string, object, RegExp]> = [
    ['tasks 0', { tasks: 0 }, /^options\.tasks must be an integer from 1 to 100000 \(got 0\)$/],
    ['tasks 1.5', { tasks: 1.5 }, /^options\.tasks must be an integer from 1 to 100000 \(got 1\.5\)$/],
    ['workers -1', { workers: -1 }, /^options\.workers must be an integer from 1 to 1024/],
    ['repeat 0', { repeat: 0 }, /^options\.repeat must be an integer from 1 to 100/],
    ['warmup 21', { warmup: 21 }, /^options\.warmup must be an integer from 0 to 20/],
    ['interval 1', { sampleIntervalMs: 1 }, /^options\.sampleIntervalMs must be an integer from 10 to 1000/],
    ['memory 8000', { memoryLimitMb: 8000 }, /^options\.memoryLimitMb must be an integer from 32 to 4096/],
    ['timeout NaN', { timeoutMs: NaN }, /^options\.timeoutMs must be a number of milliseconds/],
    ['chunk 0', { chunk: 0 }, /^options\.chunk must be an integer from 1 to 100000 \(got 0\)$/],
    ['empty args', { args: '  ' }, /^options\.args must be a JavaScript expression/],
    ['unknown mode', { modes: ['threads'] }, /^options\.modes has an unknown mode "threads"; choose from sequential, async, workers, processes, queue$/],
    ['no modes', { modes: [] }, /^options\.modes must list one or more of/],
    ['both name and line', { line: 3 }, /exactly one of them/],
    ['precision -0.1', { precision: -0.1 }, /^options\.precision must be a share from 0 to 1, such as 0\.05 for ±5% \(got -0\.1\)$/],
    ['maxTimeMs Infinity', { maxTimeMs: Infinity }, /^options\.maxTimeMs must be a number of milliseconds from 0 to 86400000/],
    ['interleave "yes"', { interleave: 'yes' }, /^options\.interleave must be true or false/],
    ['networkLatencyMs -1', { networkLatencyMs: -1 }, /^options\.networkLatencyMs must be a number of milliseconds from 0 to 60000 \(got -1\)$/],
  ];
  for (const [name, extra, message] of bad) {
    it(`refuses ${name} with one wording`, () => {
      assert.throws(() => resolveOptions({ ...base, ...extra }), (err: unknown) => err instanceof BadOptionError && message.test(err.message));
    });
  }

  it('always runs sequential, first, because every speedup is measured against it', () => {
    assert.deepEqual(resolveModes(['workers', 'async']), ['sequential', 'async', 'workers']);
    assert.deepEqual(resolveModes(['processes']), ['sequential', 'processes']);
  });
});
