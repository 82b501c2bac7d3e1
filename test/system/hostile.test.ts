// Hostile user functions through profile(), the front door: whatever the function does, the
// caller survives, every mode is reported with what happened, and nothing is left running.
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ProfilerError } from '../../src/engine/errors';
import { profile } from '../../src/engine/profile';
import type { Report } from '../../src/shared/report/report';
import { assertValid, E2E, expectNothingLeft, lineOf, modeOf, quick, settle, WORK } from './e2e.harness';

const MODES = ['sequential', 'async', 'workers', 'processes'] as const;

async function rejects(p: Promise<unknown>): Promise<ProfilerError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof Error && typeof (err as ProfilerError).code === 'string', `not a ProfilerError: ${String(err)}`);
    return err as ProfilerError;
  }
  assert.fail('expected the profile to be refused');
}

function everyMode(report: Report, check: (m: Report['modes'][number]) => void): void {
  assert.deepEqual(report.modes.map((m) => m.mode), [...MODES], 'every mode is reported');
  for (const m of report.modes) check(m);
}

describe('hostile functions through profile()', function () {
  this.timeout(120_000);
  let baseline = 0;
  before(async () => {
    baseline = await settle();
  });
  afterEach(async () => {
    await expectNothingLeft(baseline, 1500);
  });

  it('throws on tasks 1 and 3: each mode fails naming exactly those, with a stack into work.ts', async () => {
    const report = await quick({ functionName: 'throwOn', args: '[i, [1, 3]]' });
    assertValid(report);
    const line = lineOf(WORK, 'THROW_LINE');
    everyMode(report, (m) => {
      assert.equal(m.status, 'failed', m.mode);
      assert.deepEqual(m.failedTasks!.map((f) => f.index).sort(), [1, 3], `${m.mode} failed tasks`);
      assert.match(m.error!.message, /2 of 4 tasks failed \(task 1, 3\): task [13] refused/, m.mode);
      for (const f of m.failedTasks!) {
        assert.equal(f.name, 'RangeError');
        assert.match(f.stack ?? '', new RegExp(`work\\.ts:${line}:\\d+`), `${m.mode} task ${f.index} stack points at work.ts:${line}: ${f.stack}`);
      }
    });
    assert.ok(report.verdict.findings.some((f) => f.kind === 'failed'), 'the verdict mentions the failures');
  });

  it('loops forever with a 2 s timeout: each mode times out, says which and after how long, leaves nothing', async () => {
    const started = Date.now();
    const report = await quick({ functionName: 'forever', tasks: 2, timeoutMs: 2000 });
    assertValid(report);
    everyMode(report, (m) => {
      assert.equal(m.status, 'timeout', m.mode);
      assert.match(m.error!.message, new RegExp(`^The ${m.mode} mode timed out after 2 s`), m.error!.message);
    });
    // Four modes of 2 s each, plus stopping: well under a minute even on a loaded machine.
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    await expectNothingLeft(baseline, 3000);
  });

  for (const [fn, pattern] of [
    ['exitIn', /task 2 ended its (worker thread: it called process\.exit\(7\)|child process with exit code 7)/],
    ['abortIn', /task 2 ended its (worker thread: it called process\.abort\(\)|child process with signal SIGABRT)/],
  ] as const) {
    it(`${fn}: the lane dies, the host lives, each mode says WORKER_CRASHED and task 2`, async () => {
      const report = await quick({ functionName: fn, args: '[i, 2]' });
      assertValid(report);
      everyMode(report, (m) => {
        assert.equal(m.status, 'failed', m.mode);
        assert.equal(m.error!.code, 'WORKER_CRASHED', `${m.mode}: ${m.error!.message}`);
        assert.match(m.error!.message, pattern, m.mode);
      });
    });
  }

  it('runs out of memory under a 64 MB limit: "out of memory in task 1 (limit 64 MB)" in every mode', async () => {
    const report = await quick({ functionName: 'hog', args: '[i, 1]', memoryLimitMb: 64, tasks: 2 });
    assertValid(report);
    everyMode(report, (m) => {
      assert.equal(m.status, 'failed', m.mode);
      assert.equal(m.error!.code, 'OUT_OF_MEMORY', `${m.mode}: ${m.error!.message}`);
      assert.match(m.error!.message, /out of memory in task 1 \(limit 64 MB\)/, `${m.mode}: ${m.error!.message}`);
    });
  });

  it('returns a function from task 2: the error names the task and the type', async () => {
    const report = await quick({ functionName: 'unclonable', args: '[i, 2]' });
    assertValid(report);
    everyMode(report, (m) => {
      assert.equal(m.status, 'failed', m.mode);
      assert.deepEqual(m.failedTasks!.map((f) => f.index), [2], m.mode);
      assert.match(m.error!.message, /task 2 returned a function, which cannot be sent/, `${m.mode}: ${m.error!.message}`);
    });
  });

  it('floods the console (4 × 1,000 lines): the report keeps a bounded part and counts the rest', async () => {
    const report = await quick({ functionName: 'flood', args: '[i, 1000]' });
    assertValid(report);
    everyMode(report, (m) => {
      assert.equal(m.status, 'completed', m.mode);
      const c = m.console!;
      assert.ok(c.lines.length > 0 && c.lines.length < 1000, `${m.mode} kept ${c.lines.length} lines`);
      assert.equal(c.lines.length + c.droppedLines, 4000, `${m.mode}: kept + dropped = printed`);
    });
    assert.ok(JSON.stringify(report).length < 2_000_000, 'the report stays small');
  });

  it('prints while its module loads: moduleLoadOutput and a module-output warning', async () => {
    const report = await quick({ file: resolve(E2E, 'printsOnLoad.ts'), functionName: 'square', args: '[i]' });
    assertValid(report);
    for (const m of report.modes) assert.equal(m.status, 'completed', m.mode);
    assert.ok(report.moduleLoadOutput?.lines.some((l) => l.text.includes('hello from module load')), 'the load output is kept');
    assert.ok(report.warnings.some((w) => w.kind === 'module-output' && /once per lane/.test(w.message)), 'a module-output warning');
  });

  it('never finishes loading its module: each mode times out at start-up and says so', async () => {
    const report = await quick({ file: resolve(E2E, 'loadForever.ts'), functionName: 'never', tasks: 2, timeoutMs: 2000 });
    assertValid(report);
    everyMode(report, (m) => {
      assert.equal(m.status, 'timeout', m.mode);
      assert.match(m.error!.message, new RegExp(`^The ${m.mode} mode timed out after 2 s .*loading your module`), m.error!.message);
    });
  });

  it('throws while its module loads: each mode fails with the message and a stack into the .ts file', async () => {
    const file = resolve(E2E, 'loadThrows.ts');
    const report = await quick({ file, functionName: 'unreachable', tasks: 2 });
    assertValid(report);
    const line = lineOf(file, 'LOAD_THROW_LINE');
    everyMode(report, (m) => {
      assert.equal(m.status, 'failed', m.mode);
      assert.match(m.error!.message, /Loading the function's module failed: Error: cannot start without CONFIG/, m.mode);
      assert.match(m.error!.stack ?? '', new RegExp(`loadThrows\\.ts:${line}:\\d+`), `${m.mode}: ${m.error!.stack}`);
    });
  });

  it("passes esbuild's warnings on (a comparison that is always false), with their location", async () => {
    const file = resolve(E2E, 'warns.ts');
    const report = await quick({ file, functionName: 'isMissing', tasks: 1, modes: ['sequential'] });
    assertValid(report);
    assert.ok(report.warnings.some((w) => w.message.startsWith(`${file}:3:`) && /NaN/.test(w.message)),
      `warnings: ${JSON.stringify(report.warnings)}`);
  });

  describe('bad input is refused before anything runs', () => {
    it('a compile error: CompileError with file, line and column', async () => {
      const file = resolve(E2E, 'compileError.ts');
      const err = await rejects(profile({ file, functionName: 'fine' }));
      assert.equal(err.name, 'CompileError', err.message); // by name: another test may reload the engine's modules
      const line = lineOf(file, 'COMPILE_ERROR_LINE');
      assert.equal(err.location?.file, file);
      assert.equal(err.location?.line, line);
      assert.match(err.message, new RegExp(`compileError\\.ts:${line}:\\d+: `));
    });

    it('a missing import: CompileError that says what to do', async () => {
      const err = await rejects(profile({ file: resolve(E2E, 'missingImport.ts'), functionName: 'usesHelper' }));
      assert.equal(err.name, 'CompileError', err.message); // by name: another test may reload the engine's modules
      assert.match(err.message, /missingImport\.ts:1:\d+: .*noSuchHelper/);
      assert.match(err.message, /(check|install|create|path|make sure)/i, `says what to do: ${err.message}`);
    });

    it('no function at the line: FunctionNotFoundError', async () => {
      const err = await rejects(profile({ file: WORK, line: 1 }));
      assert.equal(err.name, 'FunctionNotFoundError', err.message);
      assert.equal(err.code, 'FUNCTION_NOT_FOUND');
    });

    it('a function name that does not exist: FunctionNotFoundError', async () => {
      const err = await rejects(profile({ file: WORK, functionName: 'nope' }));
      assert.equal(err.code, 'FUNCTION_NOT_FOUND', err.message);
    });
  });
});
