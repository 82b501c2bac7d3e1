import { strict as assert } from 'node:assert';
import { IN_NEXT_READING, TASK_FIELDS, T_CPU, T_ENDED, T_INDEX, T_RESULT_BYTES, T_SLOT, T_STARTED, T_WAIT } from '../../src/engine/lanes/wire';
import { MAX_KEPT_FAILURES, RepetitionRecorder } from '../../src/engine/modes/repetition';
import { toErrorInfo } from '../../src/engine/errors';
import { REPORT_LIMITS } from '../../src/shared/validation/validate';

function task(index: number, startedAt: number, endedAt: number, cpu: number, wait: number): number[] {
  const t = new Array<number>(TASK_FIELDS).fill(NaN);
  t[T_INDEX] = index;
  t[T_STARTED] = startedAt;
  t[T_ENDED] = endedAt;
  t[T_CPU] = cpu;
  t[T_WAIT] = wait;
  t[T_RESULT_BYTES] = 4;
  t[T_SLOT] = NaN;
  return t;
}

describe('RepetitionRecorder: CPU readings shared by short tasks', () => {
  it('shares a reading over the lane\'s unread tasks by wall time; the sums stay the reading', () => {
    const rec = new RepetitionRecorder(0, 4);
    // Lane 0: tasks 0 (0.1 ms) and 1 (0.3 ms) unread, task 2 (0.6 ms) carries a reading of 0.8 ms CPU, 0.1 ms wait.
    rec.add(task(0, 0, 0.1, IN_NEXT_READING, IN_NEXT_READING), 0, 0, 0, 0);
    // Lane 1 interleaves with its own reading: it must not mix with lane 0's.
    rec.add(task(3, 0, 0.5, 0.4, 0), 0, 1, 0, 0);
    rec.add(task(1, 0.1, 0.4, IN_NEXT_READING, IN_NEXT_READING), 0, 0, 0, 0);
    rec.add(task(2, 0.4, 1.0, 0.8, 0.1), 0, 0, 0, 0);
    const r = rec.finish(1);
    const by = new Map(r.tasks.map((t) => [t.index, t]));
    const close = (a: number | undefined, b: number, what: string) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
    close(by.get(0)?.cpuMs, 0.08, 'cpu of task 0');
    close(by.get(1)?.cpuMs, 0.24, 'cpu of task 1');
    close(by.get(2)?.cpuMs, 0.48, 'cpu of task 2');
    close(by.get(0)?.waitMs, 0.01, 'wait of task 0');
    close(by.get(2)?.waitMs, 0.06, 'wait of task 2');
    close(by.get(3)?.cpuMs, 0.4, 'lane 1 keeps its own reading');
  });

  it('a task whose reading never came keeps no CPU (unknown), and a failed reading (NaN) leaves its group unknown', () => {
    const rec = new RepetitionRecorder(0, 4);
    rec.add(task(0, 0, 0.1, IN_NEXT_READING, IN_NEXT_READING), 0, 0, 0, 0);
    rec.add(task(1, 0.1, 0.2, NaN, NaN), 0, 0, 0, 0);
    rec.add(task(2, 0, 0.1, IN_NEXT_READING, IN_NEXT_READING), 0, 1, 0, 0);
    const r = rec.finish(1);
    for (const t of r.tasks) {
      assert.equal(t.cpuMs, undefined, `cpu of task ${t.index}`);
      assert.equal(t.waitMs, undefined, `wait of task ${t.index}`);
    }
  });
});

describe('RepetitionRecorder: failures bounded while running', () => {
  it('keeps the 100 lowest failing tasks of 1,000, counts all of them, and clips huge messages and stacks to the report limit', () => {
    const n = 1000;
    const rec = new RepetitionRecorder(0, n);
    const huge = 'm'.repeat(REPORT_LIMITS.stringChars * 3);
    // Out of order, as lanes deliver them.
    for (let k = 0; k < n; k++) {
      const i = (k * 7) % n;
      rec.add(task(i, 0, 1, 1, 0), 0, 0, 0, 0, { name: 'Error', message: huge, stack: huge });
    }
    const r = rec.finish(1);
    assert.equal(r.failures.length, MAX_KEPT_FAILURES);
    assert.equal(r.failedCount, n);
    assert.deepEqual(r.failures.map((f) => f.index), Array.from({ length: MAX_KEPT_FAILURES }, (_, i) => i));
    for (const f of r.failures) {
      assert.ok(f.message.length <= REPORT_LIMITS.stringChars && (f.stack ?? '').length <= REPORT_LIMITS.stringChars, 'clipped');
      assert.match(f.message, /more characters cut\)$/);
    }
  });
});

describe('toErrorInfo', () => {
  it("clips a thrown error's message and stack to what a report may hold", () => {
    const err = new Error('x'.repeat(REPORT_LIMITS.stringChars + 10));
    err.stack = 's'.repeat(REPORT_LIMITS.stringChars * 2);
    const info = toErrorInfo(err);
    assert.ok(info.message.length <= REPORT_LIMITS.stringChars && info.stack!.length <= REPORT_LIMITS.stringChars);
    assert.match(info.message, /^x+… \(\d+ more characters cut\)$/);
  });
});
