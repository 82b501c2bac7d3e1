// What the queue mode refuses before anything runs: arguments JSON would change (named by task and
// path, with what to do), and a Redis password where it would be seen; and how a Redis URL is shown.
import * as assert from 'node:assert/strict';
import { findJsonUnsafe, refuseJsonUnsafeArguments } from '../../src/engine/arguments/jsonSafeArguments';
import { parseRedisUrl, urlHasPassword } from '../../src/engine/lanes/redisAddress';
import { parseCli } from '../../src/cli/args';
import { BadOptionError, ProfilerError } from '../../src/engine/errors';
import { resolveOptions } from '../../src/engine/options';

describe('queue mode inputs', () => {
  describe('JSON-unsafe arguments', () => {
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['a BigInt', 10n, 'argument 1', /BigInt.*pass it as a string/],
      ['a Map', { m: new Map([[1, 2]]) }, 'argument 1.m', /Map.*\[\.\.\.map\]/],
      ['a typed array', [1, new Float64Array(2)], 'argument 1[1]', /typed array.*Array\.from/],
      ['undefined in an array', [1, undefined, 3], 'argument 1[1]', /undefined inside an array.*null/],
      ['a hole in an array', [1, , 3], 'argument 1[1]', /undefined inside an array/], // eslint-disable-line no-sparse-arrays
      ['a Date', { when: { at: new Date(0) } }, 'argument 1.when.at', /Date.*getTime\(\)/],
      ['NaN', { 'odd key': NaN }, 'argument 1["odd key"]', /NaN.*null/],
      ['a Set', new Set([1]), 'argument 1', /Set/],
      ['a class instance', new (class Point { x = 1; })(), 'argument 1', /instance of a class/],
    ];
    for (const [what, value, path, problem] of cases) {
      it(`refuses ${what}, naming ${path}`, () => {
        const hit = findJsonUnsafe(value, 'argument 1');
        assert.equal(hit?.path, path);
        assert.match(hit!.problem, problem);
      });
    }

    it('accepts what JSON carries unchanged', () => {
      for (const v of [0, -1.5, 'text', true, null, [1, [2, 'x']], { a: { b: [null, 1] }, skipped: undefined }, Object.create(null)]) {
        assert.equal(findJsonUnsafe(v, 'argument 1'), undefined, JSON.stringify(v));
      }
    });

    it('names the task and says the queue mode can be left out', () => {
      assert.throws(() => refuseJsonUnsafeArguments([[1], [2], [3, { big: 4n }]]), (e: unknown) =>
        e instanceof ProfilerError && e.code === 'BAD_ARGUMENTS' && /task 2's argument 2\.big/.test(e.message) && /leave the queue mode out/.test(e.message));
      assert.doesNotThrow(() => refuseJsonUnsafeArguments([[1, 'a'], [{ x: [1] }]]));
    });
  });

  describe('Redis addresses', () => {
    it('reads TCP, TLS and socket URLs and shows them without user or password', () => {
      const a = parseRedisUrl('redis://app:s3cret@10.0.0.5:6380/2');
      assert.deepEqual({ ...a }, { shown: 'redis://10.0.0.5:6380/2', host: '10.0.0.5', port: 6380, db: 2, username: 'app', password: 's3cret' });
      assert.equal(parseRedisUrl('rediss://cache.example').tls, true);
      assert.equal(parseRedisUrl('rediss://cache.example').port, 6379);
      assert.deepEqual(parseRedisUrl('unix:///run/redis.sock'), { shown: 'unix:///run/redis.sock', path: '/run/redis.sock' });
      assert.equal(parseRedisUrl('/tmp/r.sock').path, '/tmp/r.sock');
      assert.equal(parseRedisUrl('redis://h:1', 'apart').password, 'apart');
    });

    it('refuses what is not a Redis URL without echoing a password', () => {
      assert.throws(() => parseRedisUrl('http://u:topsecret@h'), (e: unknown) => e instanceof BadOptionError && !/topsecret/.test(e.message));
      assert.throws(() => parseRedisUrl('redis://u:topsecret@h:1/x'), (e: unknown) => e instanceof BadOptionError && !/topsecret/.test(e.message));
      assert.throws(() => resolveOptions({ file: 'f.ts', functionName: 'f', queue: { redis: { url: 'nonsense://:pw@' } } }), (e: unknown) => e instanceof BadOptionError && !/:pw@/.test(e.message));
    });

    it('tells a URL with a password from one without', () => {
      assert.equal(urlHasPassword('redis://:pw@h:6379'), true);
      assert.equal(urlHasPassword('redis://user:pw@h'), true);
      assert.equal(urlHasPassword('redis://user@h'), false);
      assert.equal(urlHasPassword('unix:///run/redis.sock'), false);
    });
  });

  describe('the command line', () => {
    it('refuses --redis with a password in it, without repeating it', () => {
      assert.throws(() => parseCli(['f.ts', '--function', 'f', '--redis', 'redis://:hunter2@h:6379'], {}), (e: unknown) =>
        e instanceof BadOptionError && /PARALLELISM_PROFILER_REDIS_PASSWORD/.test(e.message) && !/hunter2/.test(e.message));
    });

    it('takes the URL from --redis or the environment, the password only from the environment', () => {
      const a = parseCli(['f.ts', '--function', 'f', '--modes', 'queue', '--redis', 'redis://h:6379', '--queue-threads'], { PARALLELISM_PROFILER_REDIS_PASSWORD: 'pw' });
      assert.ok(a !== 'help', 'parsed as a profile request');
      assert.deepEqual(a.options.queue, { redis: { url: 'redis://h:6379', password: 'pw' }, threads: true });
      const b = parseCli(['f.ts', '--function', 'f'], { PARALLELISM_PROFILER_REDIS_URL: 'redis://:pw@h:1' });
      assert.ok(b !== 'help', 'parsed as a profile request');
      assert.deepEqual(b.options.queue, { redis: { url: 'redis://:pw@h:1' } });
      const c = parseCli(['f.ts', '--function', 'f'], {});
      assert.ok(c !== 'help', 'parsed as a profile request');
      assert.equal(c.options.queue, undefined);
    });

    it('keeps the queue mode out of the default modes', () => {
      assert.deepEqual(resolveOptions({ file: 'f.ts', functionName: 'f' }).modes, ['sequential', 'async', 'workers', 'processes']);
      assert.deepEqual(resolveOptions({ file: 'f.ts', functionName: 'f', modes: ['queue'] }).modes, ['sequential', 'queue']);
    });

    it('takes a queue name only of the characters a key pattern cannot misread', () => {
      assert.equal(resolveOptions({ file: 'f.ts', functionName: 'f', queue: { queueName: 'pp-run.1_a' } }).queue?.queueName, 'pp-run.1_a');
      for (const bad of ['', 'a:b', 'a*', 'x'.repeat(101), 7]) {
        assert.throws(() => resolveOptions({ file: 'f.ts', functionName: 'f', queue: { queueName: bad as string } }), (e: unknown) => e instanceof BadOptionError && /options\.queue\.queueName must be 1-100 letters/.test(e.message));
      }
    });
  });
});
