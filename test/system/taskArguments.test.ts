import * as assert from 'node:assert/strict';
import { ProfilerError } from '../../src/engine/errors';
import { evaluateInThread, evaluateTaskArguments, literalArguments, MAX_EVALUATOR_OUTPUT_CHARS, MAX_LITERAL_CHARS } from '../../src/engine/arguments/evaluateArguments';

async function refusal(expr: string, n = 3): Promise<ProfilerError> {
  try {
    await evaluateTaskArguments(expr, n);
  } catch (err) {
    assert.ok(err instanceof ProfilerError, `expected a ProfilerError, got ${String(err)}`);
    return err;
  }
  assert.fail(`${expr} was accepted`);
}

describe('task arguments expression', () => {
  it('yields one array per task with i and n in scope', async () => {
    const r = await evaluateTaskArguments('[i * 50000, (i + 1) * 50000, n]', 3);
    assert.deepEqual(r.perTask, [[0, 50000, 3], [50000, 100000, 3], [100000, 150000, 3]]);
    assert.equal(r.bytes.length, 3);
    assert.ok(r.bytes.every((b) => b > 0));
  });

  it('does not run the expression on the calling thread', async () => {
    // A global set by the expression would be visible here if it ran on this thread.
    await evaluateTaskArguments('[(globalThis.__ppLeak = 1)]', 1);
    assert.equal((globalThis as { __ppLeak?: number }).__ppLeak, undefined);
  });

  it('a JSON array literal gets what the thread would build, each task its own copy, with no thread', async () => {
    for (const expr of ['[]', '[1000]', ' [ -0, 1e21, "x\\u2028y", null, true, {"a": [1, {"b": "c"}]}, [[]] ] ', `[${JSON.stringify('é'.repeat(100))}]`]) {
      const fast = literalArguments(expr, 3);
      assert.ok(fast, `${expr} takes the literal path`);
      const slow = await evaluateInThread(expr, 3);
      assert.deepEqual(fast.perTask, slow.perTask, expr);
      assert.deepEqual(fast.bytes, slow.bytes, `${expr}: the same serialized sizes`);
      assert.deepEqual(fast.warnings, slow.warnings);
      assert.notEqual(fast.perTask[0], fast.perTask[1], 'tasks do not share one array');
      assert.deepEqual(await evaluateTaskArguments(expr, 3), fast);
    }
  });

  it('leaves code, a __proto__ key, a long literal and a literal too big for N tasks to the thread', async () => {
    for (const expr of ['[i]', '[1_000]', '[1000,]', '{}', '1', '[{"__proto__": {"a": 1}}]', '[{"\\u005f_proto__": {"a": 1}}]', `[${'1,'.repeat(MAX_LITERAL_CHARS / 2)}1]`]) {
      assert.equal(literalArguments(expr, 3), undefined, expr);
    }
    // The thread then refuses it in its own words, as any expression: not run here, as reaching the limit
    // takes 1 GB of serialising (4.5 s idle, past the 10 s limit on a loaded CI run).
    assert.equal(literalArguments(`[${JSON.stringify('x'.repeat(2000))}]`, 1_000_000), undefined, '2 KB × 1,000,000 tasks passes the 1 GB limit');
    // In JavaScript __proto__ sets the prototype: the thread's reading, not JSON's own key.
    const proto = await evaluateTaskArguments('[{"__proto__": {"a": 1}}]', 1);
    assert.equal(Object.hasOwn(proto.perTask[0][0] as object, '__proto__'), false);
  });

  it('refuses a syntax error, saying what to write', async () => {
    const e = await refusal('[i,');
    assert.equal(e.code, 'BAD_ARGUMENTS');
    assert.match(e.message, /is not valid JavaScript.*such as \[i \* 1000\]/);
  });

  it('refuses a value that is not an array and suggests wrapping it', async () => {
    const e = await refusal('i * 2');
    assert.match(e.message, /must yield an array.*for task 0 it yielded number.*Wrap it: \[i \* 2\]/);
  });

  it('names the task whose expression threw', async () => {
    const e = await refusal('[i === 2 ? (() => { throw new Error("no third") })() : i]');
    assert.match(e.message, /threw for task 2: no third/);
  });

  it('refuses what cannot be cloned, naming the task, the path and the type', async () => {
    const e = await refusal('[i, { cb: i === 1 ? function onDone() {} : null }]');
    assert.equal(e.code, 'UNCLONABLE');
    assert.match(e.message, /task 1 hold a function \(onDone\) at args\[1\]\.cb/);
  });

  it('warns that class instances arrive without their prototype', async () => {
    const r = await evaluateTaskArguments('[new (class Point { constructor() { this.x = i } })()]', 2);
    assert.deepEqual(r.perTask, [[{ x: 0 }], [{ x: 1 }]]);
    assert.match(r.warnings[0], /class Point, which arrives as a plain object without its methods/);
  });

  it('stops an expression that never ends', async function () {
    this.timeout(20000);
    const started = Date.now();
    await assert.rejects(evaluateTaskArguments('[(() => { for (;;); })()]', 1, { timeoutMs: 500 }), /did not finish within 0.5 s/);
    assert.ok(Date.now() - started < 10000);
  });

  it('keeps at most 64 KB of what the expression prints, and counts the rest', async function () {
    this.timeout(30000);
    // 40 tasks × 1 MB of output: unbounded, all of it would sit in this process until the thread ended.
    const r = await evaluateTaskArguments("(console.log('x'.repeat(1_000_000)), [i])", 40);
    assert.equal(r.perTask.length, 40);
    assert.ok(r.output.text.length <= MAX_EVALUATOR_OUTPUT_CHARS, `kept ${r.output.text.length} characters`);
    assert.ok(r.output.text.length > 0 && r.output.droppedChars > 0, JSON.stringify({ kept: r.output.text.length, dropped: r.output.droppedChars }));
  });

  it('refuses to signal the profiler, even with the pid as a string, and allows signal 0', async () => {
    let signalled = false;
    const onTerm = () => { signalled = true; };
    process.on('SIGTERM', onTerm);
    try {
      await assert.rejects(evaluateTaskArguments("[process.kill(String(process.pid), 'SIGTERM')]", 1), /threw for task 0: process\.kill\(process\.pid\) would signal the profiler/);
      await assert.rejects(evaluateTaskArguments('[process._kill(process.pid, 15)]', 1), /would signal the profiler/);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(signalled, false, 'the expression signalled the process running the tests');
      assert.deepEqual((await evaluateTaskArguments('[process.kill(process.ppid, 0)]', 1)).perTask, [[true]]);
    } finally {
      process.off('SIGTERM', onTerm);
    }
  });
});
