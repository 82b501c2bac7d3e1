// What a remote worker and --remote-workers accept before anything runs, and how a worker says which
// file differs: the command line's refusals, the options that cannot go with remote workers yet, and
// the per-file comparison behind a refusal.
import * as assert from 'node:assert/strict';
import { parseWorkerArgs } from '../../src/cli/worker';
import { parseCli } from '../../src/cli/args';
import { BadOptionError } from '../../src/engine/errors';
import { resolveOptions } from '../../src/engine/options';
import { differingFiles } from '../../src/engine/lanes/moduleHash';
import { idealSpeedup, remoteLanesOf } from '../../src/engine/analyse/speedups';
import { toLocalClock } from '../../src/engine/modes/remoteClock';
import { TASK_FIELDS, T_ENDED, T_STARTED } from '../../src/engine/lanes/wire';

describe('remote workers: inputs', () => {
  describe('parallelism-profiler worker', () => {
    it('takes FILE, --function, --redis and --lanes; the password only from the environment', () => {
      const r = parseWorkerArgs(['w.ts', '--function', 'f', '--redis', 'redis://10.0.0.5:6379', '--lanes', '3', '--once'], { PARALLELISM_PROFILER_REDIS_PASSWORD: 's3cret' });
      assert.deepEqual(r, { file: 'w.ts', functionName: 'f', redis: { url: 'redis://10.0.0.5:6379', password: 's3cret' }, lanes: 3, once: true, quiet: false });
      const fromEnv = parseWorkerArgs(['w.ts', '--function', 'f'], { PARALLELISM_PROFILER_REDIS_URL: 'redis://h:1' });
      assert.ok(fromEnv !== 'help' && fromEnv.redis.url === 'redis://h:1' && fromEnv.lanes >= 1 && !fromEnv.once);
    });

    it('refuses what it cannot use, with the words the user reads, never echoing a password', () => {
      const refused: Array<[string[], RegExp]> = [
        [['--function', 'f', '--redis', 'redis://h:1'], /^Give exactly one FILE \(got 0\)/],
        [['w.ts', '--redis', 'redis://h:1'], /^Say which function: --function NAME/],
        [['w.ts', '--function', 'f'], /^Say where the run's Redis is: --redis redis:\/\/HOST:PORT/],
        [['w.ts', '--function', 'f', '--redis', 'redis://u:hunter2@h:1'], /^--redis must not carry a password/],
        [['w.ts', '--function', 'f', '--redis', 'redis://h:1', '--lanes', '0'], /^--lanes must be a whole number from 1 to 1024 \(got "0"\)$/],
      ];
      for (const [argv, message] of refused) {
        assert.throws(() => parseWorkerArgs(argv, {}), (err: Error) => err instanceof BadOptionError && message.test(err.message) && !err.message.includes('hunter2'), argv.join(' '));
      }
    });
  });

  describe('--remote-workers', () => {
    const base = { file: 'w.ts', functionName: 'f', modes: ['queue' as const], queue: { redis: { url: 'redis://h:1' }, remoteWorkers: 2 } };

    it('reaches the queue settings from the command line, with the wait in milliseconds', () => {
      const r = parseCli(['w.ts', '--function', 'f', '--modes', 'queue', '--redis', 'redis://h:1', '--remote-workers', '2', '--remote-wait', '1.5'], {});
      assert.ok(r !== 'help');
      assert.deepEqual(r.options.queue, { redis: { url: 'redis://h:1' }, remoteWorkers: 2, remoteWaitMs: 1500 });
      assert.equal(resolveOptions(r.options).queue?.remoteWorkers, 2);
    });

    it('is refused where it cannot work yet, saying why', () => {
      const refused: Array<[object, RegExp]> = [
        [{ modes: ['workers'] }, /^--remote-workers is for the queue mode: add queue to --modes\.$/],
        [{ queue: { remoteWorkers: 2 } }, /^Remote workers need a Redis they can reach: pass --redis/],
        [{ predict: true }, /^--remote-workers cannot be combined with --predict yet/],
        [{ versus: { functionName: 'g' } }, /^--remote-workers cannot be combined with --versus yet/],
        [{ cpuProfile: true }, /^--remote-workers cannot be combined with --cpu-profile yet/],
        [{ queue: { redis: { url: 'redis://h:1' }, remoteWorkers: 1.5 } }, /^options\.queue\.remoteWorkers must be an integer from 0 to 1000/],
      ];
      for (const [over, message] of refused) {
        assert.throws(() => resolveOptions({ ...base, ...over }), (err: Error) => err instanceof BadOptionError && message.test(err.message), JSON.stringify(over));
      }
    });
  });

  describe('a refusal names what differs', () => {
    const t = Date.UTC(2026, 11, 5, 8, 0, 0);
    it('names each file whose contents differ and which copy is newer by file time; files only one side built; nothing for equal files', () => {
      const mine = { 'src/a.ts': { hash: 'aaaa', mtimeMs: t + 60_000 }, 'src/same.ts': { hash: 'ssss', mtimeMs: t }, 'src/mine.ts': { hash: 'mmmm', mtimeMs: t } };
      const theirs = { 'src/a.ts': { hash: 'bbbb', mtimeMs: t }, 'src/same.ts': { hash: 'ssss', mtimeMs: t - 5 }, 'src/theirs.ts': { hash: 'tttt', mtimeMs: t } };
      assert.deepEqual(differingFiles(mine, theirs), [
        'src/a.ts (aaaa here, bbbb at the profiler; this worker\'s copy is newer by file time: 2026-12-05T08:01:00.000Z here, 2026-12-05T08:00:00.000Z there)',
        'src/mine.ts (only in this worker\'s build)',
        'src/theirs.ts (only in the profiler\'s build)',
      ]);
      assert.match(differingFiles({ x: { hash: '1', mtimeMs: t } }, { x: { hash: '2', mtimeMs: t + 1 } })[0], /the profiler's copy is newer/);
      assert.match(differingFiles({ x: { hash: '1', mtimeMs: t } }, { x: { hash: '2', mtimeMs: t } })[0], /neither copy is newer/);
    });
  });

  describe('the ideal with remote workers', () => {
    it('adds the remote lanes to this machine\'s min(K, cores), capped by the tasks; other modes are as before', () => {
      const queue = { queue: { workers: [{ host: 'a', pid: 1, lanes: 2, tasks: 3, remote: false }, { host: 'b', pid: 2, lanes: 4, tasks: 3, remote: true }, { host: 'c', pid: 3, lanes: 1, tasks: 0, remote: true }] } } as Parameters<typeof remoteLanesOf>[0];
      assert.equal(remoteLanesOf(queue), 5);
      assert.equal(remoteLanesOf(undefined), 0);
      assert.equal(idealSpeedup('queue', 2, 100, 2, 5), 7);
      assert.equal(idealSpeedup('queue', 4, 100, 2, 5), 7, 'local lanes past the cores do not count');
      assert.equal(idealSpeedup('queue', 2, 6, 2, 5), 6, 'no more than the tasks');
      assert.equal(idealSpeedup('workers', 4, 8, 2), 2);
    });
  });
});

describe('a remote lane\'s task times onto this machine\'s clock', () => {
  const task = (start: number, end: number): number[] => { const t = new Array<number>(TASK_FIELDS).fill(0); t[T_STARTED] = start; t[T_ENDED] = end; return t; };

  it('moves another host\'s times by the difference of the two wall-minus-machine offsets', () => {
    // There: boot 1,000 s before the epoch origin of here's numbers; its wall clock 3 ms ahead of ours.
    const t = task(5_000, 5_040);
    toLocalClock(t, { host: 'far', clock: 1_700_000_000_000 - 5_000 + 3 }, { host: 'near', offset: 1_700_000_000_000 - 900_000 });
    assert.deepEqual([t[T_STARTED], t[T_ENDED]], [900_003, 900_043]);
  });

  it('leaves this host\'s times alone (one shared clock), and a reply without an offset', () => {
    const here = { host: 'near', offset: 123_456 };
    const same = task(10, 20);
    toLocalClock(same, { host: 'near', clock: 999_999 }, here);
    assert.deepEqual([same[T_STARTED], same[T_ENDED]], [10, 20]);
    const old = task(10, 20);
    toLocalClock(old, { host: 'far' }, here);
    assert.deepEqual([old[T_STARTED], old[T_ENDED]], [10, 20]);
  });
});
