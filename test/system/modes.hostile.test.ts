// Whatever the user's function does, the calling process survives, every lane is gone afterwards,
// and the error says which task did what. Every case runs in every mode where it applies.
import * as assert from 'node:assert/strict';
import { ProfilerError } from '../../src/engine/errors';
import { args, expectAllGone, MODES, never, settleBaseline, start, threadCount } from './modes.harness';

describe('modes: hostile functions', function () {
  this.timeout(60000);
  let baseline = 0;
  before(async () => {
    await settleBaseline();
    baseline = threadCount();
  });

  async function expectRejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<ProfilerError> {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof ProfilerError, `not a ProfilerError: ${String(err)}`);
      assert.equal(err.code, code, err.message);
      assert.match(err.message, pattern);
      return err;
    }
    assert.fail(`expected ${code}`);
  }

  for (const mode of MODES) {
    describe(mode, () => {
      it('tasks that throw or reject fail alone, with message, class and a stack into the fixture', async () => {
        const s = await start(mode, 'throwSome');
        try {
          const r = await s.runRepetition(args(6, (i) => [i]), never());
          assert.deepEqual(r.failures.map((f) => f.index), [1, 2, 4, 5]);
          assert.deepEqual(r.failures.map((f) => f.name), ['RangeError', 'TypeError', 'RangeError', 'TypeError']);
          assert.equal(r.failures[0].message, 'bad task 1');
          assert.equal(r.failures[1].message, 'rejected task 2');
          for (const f of r.failures) assert.match(f.stack ?? '', /targets\.js:\d+/);
          assert.deepEqual(r.tasks.filter((t) => t.failed).map((t) => t.index), [1, 2, 4, 5]);
          // The session goes on after task failures.
          const again = await s.runRepetition(args(1, () => [0]), never());
          assert.equal(again.failures.length, 0);
        } finally {
          await s.close();
        }
      });

      for (const [name, extra, pattern] of [
        ['exitOn', [3], /task 1 ended its (worker thread: it called process\.exit\(3\)|child process with exit code 3)/],
        ['abortOn', [], /task 1 ended its (worker thread: it called process\.abort\(\)|child process with signal SIGABRT)/],
        ['killSelfOn', [], /task 1 ended its (worker thread: it called process\.kill\(process\.pid, "SIGTERM"\)|child process with signal SIGTERM)/],
        ['killParentOn', [], /task 1 ended its (worker thread: it called process\.kill\(process\.ppid, "SIGTERM"\)|child process with exit code 137)/],
      ] as const) {
        it(`${name}: only the lane dies, the error names task 1, and a fresh session works`, async () => {
          const s = await start(mode, name);
          const pids = s.pids;
          await expectRejects(s.runRepetition(args(4, (i) => [i, ...extra]), never()), 'WORKER_CRASHED', pattern);
          await expectAllGone(baseline, pids);
          await expectRejects(s.runRepetition(args(1, (i) => [i]), never()), 'WORKER_CRASHED', pattern); // stays failed
          const fresh = await start(mode, 'noop');
          try {
            assert.equal((await fresh.runRepetition(args(3, () => []), never())).tasks.length, 3);
          } finally {
            await fresh.close();
          }
        });
      }

      for (const name of ['killTestRunnerAsString', 'rawKillTestRunner']) {
        it(`${name}: a pid given as a string or through process._kill still only ends the lane`, async () => {
          // Without the guard the signal reaches this test process; the handler keeps it alive to say so.
          let signalled = false;
          const onTerm = () => { signalled = true; };
          process.on('SIGTERM', onTerm);
          try {
            const s = await start(mode, name);
            const pids = s.pids;
            await expectRejects(s.runRepetition(args(4, (i) => [i, mode]), never()), 'WORKER_CRASHED', /task 1 ended its (worker thread: it called process\.(_kill|kill)\(process\.(pid|ppid)|child process with exit code 137)/);
            await expectAllGone(baseline, pids);
            await new Promise((r) => setTimeout(r, 50));
            assert.equal(signalled, false, 'the task signalled the process running the tests');
          } finally {
            process.off('SIGTERM', onTerm);
          }
        });
      }

      it('signal 0 (is the parent alive?) is allowed', async () => {
        const s = await start(mode, 'parentAlive');
        try {
          const r = await s.runRepetition(args(2, () => []), never());
          assert.deepEqual(r.failures, []);
        } finally {
          await s.close();
        }
      });

      it("a lane sees the user's environment without VS Code's and Electron's variables", async () => {
        const saved = { ...process.env };
        Object.assign(process.env, { VSCODE_IPC_HOOK: '/tmp/x.sock', ELECTRON_NO_ASAR: '1', PP_TEST_USER: 'kept' });
        try {
          const s = await start(mode, 'printEnvNames');
          try {
            const r = await s.runRepetition(args(1, () => []), never());
            assert.deepEqual(r.console.lines.map((l) => l.text), ['PP_TEST_USER']);
          } finally {
            await s.close();
          }
        } finally {
          for (const k of ['VSCODE_IPC_HOOK', 'ELECTRON_NO_ASAR', 'PP_TEST_USER']) if (saved[k] === undefined) delete process.env[k];
        }
      });

      it('out of memory names the task and the limit', async () => {
        const s = await start(mode, 'hogMemory', { memoryLimitMb: 64 });
        const pids = s.pids;
        await expectRejects(s.runRepetition(args(3, (i) => [i]), never()), 'OUT_OF_MEMORY', /^out of memory in task 1 \(limit 64 MB\)/);
        await expectAllGone(baseline, pids);
      });

      it('an unclonable result fails that task with its type named; unclonable arguments reject clearly', async () => {
        const s = await start(mode, 'returnFunction');
        try {
          const r = await s.runRepetition(args(5, (i) => [i]), never());
          assert.deepEqual(r.failures.map((f) => f.index), [3]);
          assert.equal(r.failures[0].message, 'task 3 returned a function, which cannot be sent between threads (structured clone). Return plain data.');
          await expectRejects(s.runRepetition([[1], [() => 1]], never()), 'UNCLONABLE', /task 1's arguments hold a function/);
        } finally {
          await s.close();
        }
      });

      for (const name of ['forever', 'atomicsWait']) {
        it(`${name}: the mode's timeout ends it and every lane is gone within a second`, async () => {
          // The limit covers starting the lanes too: at 2 s, a start-up slowed past it by a load of
          // 14 (two engineers' builds beside the suite) ended the mode before the task ran.
          const s = await start(mode, name, { timeoutMs: 4000 });
          const pids = s.pids;
          const t0 = Date.now();
          await expectRejects(s.runRepetition(args(3, () => []), never()), 'TIMEOUT', new RegExp(`The ${mode} mode timed out after 4 s`));
          // The timeout (not something later) ended it; the margin is for a loaded machine.
          assert.ok(Date.now() - t0 < 4000 + 5000, `rejected after ${Date.now() - t0} ms`);
          await expectAllGone(baseline, pids);
        });
      }

      it('cancel stops a forever loop within a second', async () => {
        const s = await start(mode, 'forever');
        const pids = s.pids;
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 300);
        const t0 = Date.now();
        await expectRejects(s.runRepetition(args(2, () => []), ac.signal), 'CANCELLED', /cancelled/);
        // The promise is about a second after the cancel; 3 s is the margin for a loaded machine.
        assert.ok(Date.now() - t0 < 300 + 3000, `cancelled after ${Date.now() - t0} ms`);
        await expectAllGone(baseline, pids);
      });

      it('a console flood is kept bounded, with the dropped lines counted exactly', async () => {
        const s = await start(mode, 'flood');
        try {
          const r = await s.runRepetition(args(4, (i) => [i, 1000]), never());
          assert.ok(r.console.lines.length <= 200, `${r.console.lines.length} lines kept`);
          assert.equal(r.console.lines.length + r.console.droppedLines, 4 * 1001);
          // The lane's buffer starts afresh for the next repetition.
          const next = await s.runRepetition(args(1, () => [7, 10]), never());
          assert.equal(next.console.lines.length, 11);
          assert.equal(next.console.droppedLines, 0);
          assert.ok(next.console.lines.every((l) => l.task === 0));
        } finally {
          await s.close();
        }
      });
    });
  }

  it('a long line is cut to 500 characters and says how long it was', async () => {
    const s = await start('workers', 'longLine');
    try {
      const r = await s.runRepetition(args(1, () => []), never());
      assert.equal(r.console.lines.length, 1);
      assert.ok(r.console.lines[0].text.length < 530);
      assert.match(r.console.lines[0].text, /… \(5000 chars\)$/);
    } finally {
      await s.close();
    }
  });

  it('a factory that throws fails start-up with its message, and leaves nothing', async () => {
    for (const mode of MODES) {
      await expectRejects(start(mode, 'badFactory'), 'TASK_FAILED', /factory failed/);
      await expectRejects(start(mode, 'notAFunction'), 'TASK_FAILED', /no function export 'notAFunction'/);
    }
    await expectAllGone(baseline, []);
  });

  it('a start-up cancelled or timed out leaves nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    for (const mode of MODES) await expectRejects(start(mode, 'noop', { signal: ac.signal }), 'CANCELLED', /cancelled/);
    await expectRejects(start('processes', 'noop', { timeoutMs: 1 }), 'TIMEOUT', /timed out/);
    await expectAllGone(baseline, []);
  });
});
