import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_REPORT_BYTES, parseReportText, validateReport } from '../../src/shared/validation/validate';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');
const fixtureText = (name: string): string => readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const fixture = (name: string): Json => JSON.parse(fixtureText(name));

/** Validates a copy of the complete fixture after `change`, and returns the errors (none → []). */
function errorsAfter(change: (r: Json) => void, base = 'complete'): string[] {
  const r = fixture(base);
  change(r);
  const result = validateReport(r);
  return result.ok ? [] : result.errors;
}

/** A valid rounds record: two rounds of two modes. */
function rounds(): Json {
  const round = (order: string[]) => ({
    order,
    modes: order.map((mode) => ({ mode, wallMs: 100, externalLoad: 0.2, externalPerCore: [10, 10], waitMs: 3, taskCpuMs: 90, taskMs: 98 })),
  });
  return {
    interleaved: true,
    rounds: [round(['sequential', 'workers']), round(['workers', 'sequential'])],
    stop: { reason: 'stable', message: 'stable', precision: 0.05, maxTimeMs: 3000, elapsedMs: 900 },
    headline: 'measured',
  };
}

function assertRejected(change: (r: Json) => void, expected: string, base = 'complete'): void {
  const errors = errorsAfter(change, base);
  assert.ok(errors.includes(expected), `expected the error\n  ${expected}\ngot\n  ${errors.join('\n  ') || '(no errors)'}`);
}

describe('validateReport', () => {
  for (const name of ['complete', 'failed', 'hostile', 'predicted']) {
    it(`accepts the ${name} fixture`, () => {
      const result = parseReportText(fixtureText(name));
      assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
      assert.equal(result.report.schemaVersion, 1);
    });
  }

  it('passes hostile strings through untouched, as strings', () => {
    const result = parseReportText(fixtureText('hostile'));
    assert.ok(result.ok);
    assert.equal(result.report.function.name, '<script>alert(1)</script><img src=x onerror=alert(2)>');
    assert.equal(result.report.modes[0].failedTasks?.[0].message, "=cmd|' /C calc'!A0 <script>alert(1)</script>");
    // JSON.parse keeps "__proto__" as an own data property; nothing reached Object.prototype.
    const data = result.report.verdict.findings[2].data as Record<string, unknown>;
    assert.equal(Object.getOwnPropertyDescriptor(data, '__proto__')?.value, 'polluted');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });

  it('accepts a report with rounds and a load-aware estimate', () => {
    assert.deepEqual(errorsAfter((r) => {
      r.rounds = rounds();
      r.modes[0].loadAware = { speedup: 1.9, speedupCi: { low: 1.8, high: 2, level: 'range' }, wallMs: 50, waitShare: 0.3 };
      r.settings.interleave = true;
      r.settings.precision = 0.05;
    }), []);
  });

  it('accepts extra fields the schema may grow', () => {
    assert.deepEqual(errorsAfter((r) => { r.future = { anything: [1, 'x'] }; r.modes[0].newField = true; }), []);
  });

  it('returns a copy rebuilt from the known fields: every known field kept, nothing else', () => {
    for (const name of ['complete', 'failed', 'hostile']) {
      const result = validateReport(fixture(name));
      assert.ok(result.ok);
      assert.deepEqual(result.report, fixture(name), `${name}: the rebuilt report equals the original`);
    }
    const r = fixture('complete');
    r.future = { anything: [1, 'x'] };
    r.modes[0].newField = true;
    r.modes[0].tasks[0].extra = 'x';
    r.verdict.findings[0].more = {};
    r.settings.__proto__x = 1;
    const result = validateReport(r);
    assert.ok(result.ok);
    assert.deepEqual(result.report, fixture('complete'));
    assert.notEqual(result.report, r, 'a copy, not the value given');
  });

  it('drops a 200,000-deep unknown field, so the report can be serialised and cloned', () => {
    const r = fixture('complete');
    let deep: Json = {};
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    r.modes[1].deep = deep;
    r.deepArray = [deep];
    const result = validateReport(r);
    assert.ok(result.ok);
    assert.equal(JSON.stringify(result.report), JSON.stringify(fixture('complete')));
    assert.deepEqual(structuredClone(result.report), fixture('complete'));
  });

  it('accepts absent optional fields and a failed mode without timings', () => {
    assert.deepEqual(errorsAfter((r) => {
      delete r.sweep; delete r.sweepFit; delete r.bundle; delete r.moduleLoadOutput;
      r.modes[2] = { mode: 'workers', status: 'failed', lanes: 2 };
      r.verdict.best = null;
    }), []);
  });

  describe('refuses', () => {
    const cases: Array<[string, (r: Json) => void, string, string?]> = [
      ['a wrong schema version', (r) => { r.schemaVersion = 2; }, 'schemaVersion must be 1 (got 2)'],
      ['a missing schema version', (r) => { delete r.schemaVersion; }, 'schemaVersion must be 1 (got undefined)'],
      ['a foreign tool', (r) => { r.tool.name = 'other'; }, "tool.name must be 'parallelism-profiler' (got a string of 5 characters)"],
      ['NaN as a median', (r) => { r.modes[2].wallMs.median = NaN; }, 'modes[2].wallMs.median must be a finite number ≥ 0 (got NaN)'],
      ['null as a median (what JSON makes of NaN)', (r) => { r.modes[2].wallMs.median = null; }, 'modes[2].wallMs.median must be a finite number ≥ 0 (got null)'],
      ['a string as a number', (r) => { r.modes[0].cpuMs = '478'; }, 'modes[0].cpuMs must be a finite number ≥ 0 (got a string of 3 characters)'],
      ['1e308 ms', (r) => { r.modes[1].wallMs.max = 1e308; }, 'modes[1].wallMs.max must be between 0 and 1000000000 (got 1e+308)'],
      ['a negative duration', (r) => { r.modes[0].startupMs = -5; }, 'modes[0].startupMs must be between 0 and 1000000000 (got -5)'],
      ['a task that ends before it starts', (r) => { r.modes[0].tasks[1].endMs = r.modes[0].tasks[1].startMs - 1; },
        `modes[0].tasks[1] must not end before it starts (startMs ${fixture('complete').modes[0].tasks[1].startMs}, endMs ${fixture('complete').modes[0].tasks[1].startMs - 1})`],
      ['a fractional task index', (r) => { r.modes[0].tasks[0].index = 1.5; }, 'modes[0].tasks[0].index must be an integer (got 1.5)'],
      ['a median outside its range', (r) => { r.modes[0].wallMs.min = 500; }, `modes[0].wallMs must have min ≤ median ≤ max (got 500, ${fixture('complete').modes[0].wallMs.median}, ${fixture('complete').modes[0].wallMs.max})`],
      ['no runs', (r) => { r.modes[0].wallMs.runs = []; }, 'modes[0].wallMs.runs must hold at least one run'],
      ['an outlier index past the runs', (r) => { r.modes[0].wallMs.outliers = [3]; }, 'modes[0].wallMs.outliers[0] must be between 0 and 2 (got 3)'],
      ['an unknown mode', (r) => { r.modes[1].mode = 'gpu'; }, "modes[1].mode must be one of 'sequential', 'async', 'workers', 'processes', 'queue' (got a string of 3 characters)"],
      ['an unknown status', (r) => { r.modes[1].status = 'done'; }, "modes[1].status must be one of 'completed', 'failed', 'timeout', 'skipped', 'cancelled' (got a string of 4 characters)"],
      ['a completed mode without timings', (r) => { delete r.modes[3].wallMs; }, 'modes[3].wallMs is required'],
      ['a repeated mode', (r) => { r.modes[3].mode = 'workers'; }, "modes[3].mode must not repeat an earlier mode ('workers')"],
      ['five modes', (r) => { r.modes.push(r.modes[0]); }, 'modes must hold at most 4 items (got 5)'],
      ['modes that are not an array', (r) => { r.modes = { 0: r.modes[0] }; }, 'modes must be an array (got object)'],
      ['a missing function', (r) => { delete r.function; }, 'function is required'],
      ['a function that is an array', (r) => { r.function = []; }, 'function must be an object (got an array)'],
      ['a missing required string', (r) => { delete r.function.file; }, 'function.file is required'],
      ['a number as a string', (r) => { r.function.name = 42; }, 'function.name must be a string (got 42)'],
      ['a string as a boolean', (r) => { r.function.async = 'false'; }, 'function.async must be true or false (got a string of 5 characters)'],
      ['an absurd string', (r) => { r.verdict.summary = 'x'.repeat(100_001); }, 'verdict.summary must be at most 100000 characters (got 100001)'],
      ['a CPU percentage over 100', (r) => { r.modes[2].cpu.cores[1][0] = 250; }, 'modes[2].cpu.cores[1][0] must be between 0 and 100 (got 250)'],
      ['a CPU series shorter than its times', (r) => { r.modes[2].cpu.cores[0].pop(); },
        `modes[2].cpu.cores[0] must hold one value per sample time (${fixture('complete').modes[2].cpu.t.length}, got ${fixture('complete').modes[2].cpu.t.length - 1})`],
      ['a utilisation share over 1', (r) => { r.modes[2].utilisation.share = 1.5; }, 'modes[2].utilisation.share must be between 0 and 1 (got 1.5)'],
      ['an unknown band', (r) => { r.modes[2].utilisation.band = 'great'; }, "modes[2].utilisation.band must be one of 'idle', 'poor', 'ok', 'ideal' (got a string of 5 characters)"],
      ['an interval upside down', (r) => { r.modes[2].speedupCi = { low: 2, high: 1, level: 0.95 }; }, 'modes[2].speedupCi must have low ≤ high (got 2, 1)'],
      ['a bad verdict bound', (r) => { r.verdict.bound = 'gpu'; }, "verdict.bound must be one of 'cpu', 'io', 'mixed' (got a string of 3 characters)"],
      ['a bad best mode', (r) => { r.verdict.best = 3; }, "verdict.best must be one of 'sequential', 'async', 'workers', 'processes', 'queue' (got 3)"],
      ['a finding of unknown kind', (r) => { r.verdict.findings[0].kind = 'magic'; }, "verdict.findings[0].kind must be one of 'cpu-bound', 'io-bound', 'mixed-bound', 'async-no-await', 'async-overlap', 'too-few-tasks', 'load-imbalance', 'tiny-tasks', 'startup-cost', 'transfer-cost', 'contention', 'processes-escape-contention', 'serial-fraction', 'gc-helper-threads', 'noisy', 'oversubscribed', 'failed', 'timeout', 'libuv-pool', 'slowdown', 'gc-share', 'native-code', 'other', 'superlinear', 'busy-machine', 'disturbed-rounds', 'queue-cost', 'queue-capacity', 'queue-skipped' (got a string of 5 characters)"],
      ['a round with negative outside load', (r) => { r.rounds = rounds(); r.rounds.rounds[0].modes[0].externalLoad = -1; }, 'rounds.rounds[0].modes[0].externalLoad must be between 0 and 1024 (got -1)'],
      ['an unknown stopping reason', (r) => { r.rounds = rounds(); r.rounds.stop.reason = 'bored'; }, "rounds.stop.reason must be one of 'stable', 'time', 'max-rounds', 'fixed', 'decided', 'clustered', 'too-short' (got a string of 5 characters)"],
      ['more rounds than the bound', (r) => { r.rounds = rounds(); r.rounds.rounds = new Array(1001).fill(r.rounds.rounds[0]); }, 'rounds.rounds must hold at most 1000 items (got 1001)'],
      ['a load-aware estimate with a share above 1', (r) => { r.modes[0].loadAware = { speedup: 1, wallMs: 10, waitShare: 2 }; }, 'modes[0].loadAware.waitShare must be between 0 and 1 (got 2)'],
      ['finding data holding an object', (r) => { r.verdict.findings[0].data.nested = { a: 1 }; }, 'verdict.findings[0].data.nested must be a number, string or boolean (got object)'],
      ['a warning of unknown kind', (r) => { r.warnings = [{ kind: 'x', message: 'm' }]; }, "warnings[0].kind must be one of 'noisy', 'outliers', 'slow-first-run', 'module-output', 'module-side-effects', 'truncated', 'tiny-tasks', 'timeout', 'other' (got a string of 1 characters)"],
      ['a console line on an unknown stream', (r) => { r.moduleLoadOutput.lines[0].stream = 'tty'; }, "moduleLoadOutput.lines[0].stream must be one of 'out', 'err' (got a string of 3 characters)"],
      ['a sweep point with zero workers', (r) => { r.sweep[0].workers = 0; }, 'sweep[0].workers must be between 1 and 100000 (got 0)'],
      ['a sweep fit serial fraction over 1', (r) => { r.sweepFit.serialFraction = 1.2; }, 'sweepFit.serialFraction must be between 0 and 1 (got 1.2)'],
      ['settings.tasks of zero', (r) => { r.settings.tasks = 0; }, 'settings.tasks must be between 1 and 100000 (got 0)'],
      ['an unknown mode in settings', (r) => { r.settings.modes = ['sequential', 'threads']; }, "settings.modes[1] must be one of 'sequential', 'async', 'workers', 'processes', 'queue' (got a string of 7 characters)"],
      ['a machine with no cores', (r) => { r.machine.cores = 0; }, 'machine.cores must be between 1 and 4096 (got 0)'],
      ['an error without a message', (r) => { delete r.modes[2].error.message; }, 'modes[2].error.message is required', 'failed'],
      ['a failed task without an index', (r) => { delete r.modes[0].failedTasks[0].index; }, 'modes[0].failedTasks[0].index is required', 'failed'],
      ['a bundle size that is not an integer', (r) => { r.bundle.bytes = 1.5; }, 'bundle.bytes must be an integer (got 1.5)'],
    ];
    for (const [what, change, expected, base] of cases) {
      it(what, () => assertRejected(change, expected, base));
    }

    it('anything that is not an object', () => {
      for (const value of [null, 42, 'report', [], undefined, true]) {
        const result = validateReport(value);
        assert.equal(result.ok, false);
        assert.match(result.ok ? '' : result.errors[0], /^report must be an object \(got /);
      }
    });

    it('more than 100,000 tasks in one mode', () => {
      assertRejected((r) => {
        const t = r.modes[0].tasks[0];
        r.modes[0].tasks = Array.from({ length: 100_001 }, () => t);
      }, 'modes[0].tasks must hold at most 100000 items (got 100001)');
    });

    it('a CPU series past 64 cores × 100,000 samples', () => {
      assertRejected((r) => {
        const t = Array.from({ length: 100_000 }, (_, i) => i);
        const row = new Array(100_000).fill(50);
        r.modes[0].cpu = { intervalMs: 50, t, cores: Array.from({ length: 65 }, () => row) };
      }, 'modes[0].cpu.cores must hold at most 6400000 samples in all (got 65 × 100000)');
    });

    it('keeps the error list short when everything is wrong', () => {
      const big = errorsAfter((r) => {
        const t = { index: -1, lane: -1, startMs: NaN, endMs: NaN };
        r.modes[0].tasks = Array.from({ length: 1000 }, () => t);
      });
      assert.equal(big.length, 101);
      assert.match(big[100], /^… and \d+ more errors$/);
    });
  });
});

describe('parseReportText', () => {
  it('refuses text that is not JSON, without throwing', () => {
    const result = parseReportText('{"schemaVersion": 1, <script>');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.errors[0], /^report is not valid JSON: /);
  });

  it('refuses a 50 MB text before parsing it', () => {
    const huge = `{"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    // Behaviour, not speed: the size check comes first, so JSON.parse is never reached.
    const parse = JSON.parse;
    let parsed = false;
    JSON.parse = ((...a: Parameters<typeof JSON.parse>) => { parsed = true; return parse(...a); }) as typeof JSON.parse;
    let result;
    try {
      result = parseReportText(huge);
    } finally {
      JSON.parse = parse;
    }
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.errors[0], /^report is too large \(\d+ characters; the limit is 20971520 bytes\)$/);
    assert.equal(parsed, false, 'the text was parsed before its size was checked');
  });

  it('parses a report just under the size limit and validates it', () => {
    const r = fixture('complete');
    r.padding = 'x'.repeat(MAX_REPORT_BYTES - JSON.stringify(r).length - 20);
    const text = JSON.stringify(r);
    assert.ok(text.length <= MAX_REPORT_BYTES);
    const result = parseReportText(text);
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  });

  it('survives deeply nested JSON with an error, not a crash', () => {
    const depth = 100_000;
    const result = parseReportText(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    assert.equal(result.ok, false);
  });
});

describe('validateReport: prediction', () => {
  it('bounds every number and list of the prediction', () => {
    assertRejected((r) => { r.prediction.points[0].speedup = -1; }, 'prediction.points[0].speedup must be between 0 and 10000000 (got -1)', 'predicted');
    assertRejected((r) => { r.prediction.points[1].mode = 'async'; }, "prediction.points[1].mode must be one of 'workers', 'processes' (got a string of 5 characters)", 'predicted');
    assertRejected((r) => { r.prediction.chunk.measured = Array.from({ length: 65 }, () => ({ chunk: 1, wallMs: 1 })); }, 'prediction.chunk.measured must hold at most 64 items (got 65)', 'predicted');
    assertRejected((r) => { r.prediction.check[0].errorPct = null; }, 'prediction.check[0].errorPct must be a finite number (got null)', 'predicted');
    assertRejected((r) => { r.prediction.findings = [42]; }, 'prediction.findings[0] must be a string (got 42)', 'predicted');
    assertRejected((r) => { r.settings.chunk = 0; }, 'settings.chunk must be between 1 and 100000 (got 0)', 'predicted');
    assert.deepEqual(errorsAfter((r) => { delete r.prediction.chunk; delete r.prediction.usl; }, 'predicted'), [], 'chunk and usl are optional');
  });

  it("keeps the engine thread's busy time and the per-message thread costs, and bounds them", () => {
    const r = fixture('predicted');
    r.modes[1].engineBusyMs = 12.5;
    Object.assign(r.prediction.inputs.modes[0], { engineMs: 0.03, cpuPerMessageMs: 0.06 });
    const result = validateReport(r);
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    assert.equal(result.report.modes[1].engineBusyMs, 12.5);
    assert.equal(result.report.prediction!.inputs.modes[0].engineMs, 0.03);
    assert.equal(result.report.prediction!.inputs.modes[0].cpuPerMessageMs, 0.06);
    assertRejected((x) => { x.modes[1].engineBusyMs = -1; }, 'modes[1].engineBusyMs must be between 0 and 1000000000 (got -1)', 'predicted');
    assertRejected((x) => { x.prediction.inputs.modes[0].engineMs = 'fast'; }, 'prediction.inputs.modes[0].engineMs must be a finite number ≥ 0 (got a string of 4 characters)', 'predicted');
  });
});
