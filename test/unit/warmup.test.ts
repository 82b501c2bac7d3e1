// Warm-ups by evidence: at least two (a trend needs two points), more while each is clearly faster
// than the one before, never past the cap; a fixed count is kept exactly; the report's words say which.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_AUTO_WARMUPS, MIN_AUTO_WARMUPS_CHECKED_BY_ROUNDS, mayCountRoundAsWarmup, needsAnotherWarmup, roundOneWords, stillWarmingInRoundOne, warmupInfo, warmupInfoCheckedByRounds, type RoundPair } from '../../src/engine/analyse/warmup';
import { renderTable } from '../../src/engine/output';
import { validateReport } from '../../src/shared/validation/validate';
import { warmupCount, warmupLines } from '../../src/shared/wording/warmups';

/** Runs the rule over a sequence of warm-up times: how many it takes. */
function taken(times: number[], warmup: number, auto: boolean): number {
  const walls: number[] = [];
  while (needsAnotherWarmup(walls, { warmup, auto })) walls.push(times[walls.length]);
  return walls.length;
}

describe('warm-ups by evidence', () => {
  it('a cold start (each warm-up 10% faster, then flat) is warmed until flat', () => {
    assert.equal(taken([1000, 900, 810, 805, 806, 804], 1, true), 4);
  });
  it('already steady: two warm-ups, the least that can show it', () => {
    assert.equal(taken([1000, 990, 1000], 1, true), 2);
    assert.equal(taken([1000, 1040, 1000], 1, true), 2, 'slower is not a trend to wait out');
  });
  it('never past the cap, and the report says it was still getting faster', () => {
    const times = [1000, 800, 640, 512, 410, 328, 262];
    assert.equal(taken(times, 1, true), MAX_AUTO_WARMUPS);
    const info = warmupInfo(times.slice(0, MAX_AUTO_WARMUPS), { warmup: 1, auto: true });
    assert.equal(info.reason, 'cap');
    assert.match(info.message, /the most allowed, and still getting faster/);
  });
  it('a no-op\'s sub-millisecond jitter is not a trend', () => {
    assert.equal(taken([0.7, 0.3, 0.25, 0.2], 1, true), 2);
  });
  it('a fixed count (auto off) is kept exactly, and 0 means none even with auto', () => {
    assert.equal(taken([1000, 500, 250, 125], 3, false), 3);
    assert.equal(taken([1000, 500], 0, true), 0);
    assert.equal(taken([1000, 500, 250, 240, 239, 238, 237], 6, true), 6, 'a larger asked count is the least, and the cap rises to it');
  });
  it('the report names how many and why', () => {
    const steady = warmupInfo([1520.4, 1500.2], { warmup: 1, auto: true });
    assert.deepEqual([steady.count, steady.reason, steady.wallMs], [2, 'steady', [1520.4, 1500.2]]);
    assert.match(steady.message, /2 warm-ups: steady once the last was within 5% of the one before \(1\.52 s, 1\.50 s\)/);
    assert.equal(warmupInfo([10], { warmup: 1, auto: false }).reason, 'fixed');
    assert.match(warmupInfo([1.3, 1.9], { warmup: 1, auto: true }).message, /steady once the last was slower than the one before \(1\.3 ms, 1\.9 ms\)/);
  });
});

describe('round 2 judges round 1 (modes warmed once)', () => {
  const plan = { warmup: 1, auto: true, min: MIN_AUTO_WARMUPS_CHECKED_BY_ROUNDS };
  it('one warm-up, whatever its time: the rounds judge it', () => {
    const walls: number[] = [];
    while (needsAnotherWarmup(walls, plan)) walls.push([1000, 900, 800][walls.length]);
    assert.deepEqual(walls, [1000]);
    const info = warmupInfo(walls, plan);
    assert.equal(info.count, 1);
    assert.match(info.message, /1 warm-up \(1\.00 s\); whether it was enough, rounds 1 and 2 tell/);
  });
  it('a round 1 more than 5% slower than round 2 is still warming; within 5%, or slower by under 0.5 ms, it holds', () => {
    const pairs: RoundPair[] = [
      { mode: 'sequential', r1: 3400, r2: 3100 },
      { mode: 'workers', r1: 1700, r2: 1650 },
      { mode: 'async', r1: 3000, r2: 3300 },
      { mode: 'processes', r1: 0.9, r2: 0.5 },
    ];
    assert.deepEqual(stillWarmingInRoundOne(pairs).map((p) => p.mode), ['sequential']);
    assert.equal(roundOneWords(pairs.slice(0, 1)), 'sequential (3.40 s in that round, 3.10 s in the next) was still getting faster');
    assert.equal(roundOneWords(pairs.slice(0, 2)), 'sequential (3.40 s in that round, 3.10 s in the next) and worker threads (1.70 s in that round, 1.65 s in the next) were still getting faster');
  });
  it('no more rounds counted as warm-ups once a mode has had the most allowed (or the larger count asked for)', () => {
    assert.equal(mayCountRoundAsWarmup([1, 2], plan), true);
    assert.equal(mayCountRoundAsWarmup([1, MAX_AUTO_WARMUPS], plan), false);
    assert.equal(mayCountRoundAsWarmup([6], { ...plan, warmup: 7 }), true);
  });
  it('the report says round 1 held, or was counted as a warm-up and why, or could not be judged', () => {
    const held = warmupInfoCheckedByRounds([1000], 0, undefined, { held: { mode: 'sequential', r1: 810, r2: 800 } });
    assert.deepEqual([held.count, held.reason, held.fromRounds], [1, 'steady', undefined]);
    assert.match(held.message, /^1 warm-up \(1\.00 s\): steady, as round 1 \(810 ms\) was within 5% of round 2 \(800 ms\), as in every mode, so round 1 counts\.$/);
    const demoted = warmupInfoCheckedByRounds([1000, 900], 1, 'sequential (900 ms in that round, 800 ms in the next) was still getting faster', { held: { mode: 'sequential', r1: 800, r2: 795 } });
    assert.deepEqual([demoted.count, demoted.reason, demoted.fromRounds], [2, 'steady', 1]);
    assert.match(demoted.message, /2 warm-ups \(1\.00 s, 900 ms\): the last ran as round 1 and was counted as a warm-up, because sequential \(900 ms in that round, 800 ms in the next\) was still getting faster; then round 1 \(800 ms\)/);
    const cap = warmupInfoCheckedByRounds([5, 4, 3, 2, 1], 4, 'worker threads was still getting faster', 'cap');
    assert.deepEqual([cap.reason, cap.fromRounds], ['cap', 4]);
    assert.match(cap.message, /the last 4 ran as round 1 and were counted as warm-ups.*the most allowed/);
    // Steady by the 0.5 ms floor, not by 5%: the words name the bound that held.
    const floor = warmupInfoCheckedByRounds([2.1], 0, undefined, { held: { mode: 'sequential', r1: 1.0, r2: 0.8 } });
    assert.match(floor.message, /round 1 \(1\.0 ms\) was within 0\.5 ms of round 2 \(0\.8 ms\)/);
    assert.doesNotMatch(floor.message, /5%/);
    // Round 2 slower by more than 5%: no trend to wait out, and not "within" anything either.
    const slower = warmupInfoCheckedByRounds([1.9], 0, undefined, { held: { mode: 'sequential', r1: 0.8, r2: 1.0 } });
    assert.match(slower.message, /round 1 \(0\.8 ms\) was faster than round 2 \(1\.0 ms\)/);
    assert.doesNotMatch(slower.message, /within/);
    const unchecked = warmupInfoCheckedByRounds([1000], 0, undefined, 'unchecked');
    assert.match(unchecked.message, /the rounds ended before a round 2 could show whether round 1 was still getting faster/);
  });
});

describe('warm-ups in the report', () => {
  const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');
  function withWarmups(): Record<string, any> {
    const report = JSON.parse(readFileSync(path.join(FIXTURES, 'complete.json'), 'utf8'));
    const times = [[1520.4, 1500.2], [812, 760, 755]];
    report.modes.forEach((m: any, i: number) => { m.warmups = warmupInfo(times[i % 2], { warmup: 1, auto: true }); });
    report.rounds = { interleaved: true, rounds: [], headline: 'measured', stop: { reason: 'stable', message: 'Stopped after 3 rounds.', precision: 0.05, elapsedMs: 900 } };
    return report;
  }

  it('the validator accepts what the engine writes and refuses an unknown reason or a count that is not one', () => {
    const r = validateReport(withWarmups());
    assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
    const bad = withWarmups();
    bad.modes[0].warmups.reason = 'bored';
    assert.equal(validateReport(bad).ok, false);
    const half = withWarmups();
    half.modes[0].warmups.count = 1.5;
    assert.equal(validateReport(half).ok, false);
    const rounds = withWarmups();
    rounds.modes[0].warmups = warmupInfoCheckedByRounds([1000, 900], 1, 'sequential was still getting faster', { held: { mode: 'sequential', r1: 800, r2: 795 } });
    assert.ok(validateReport(rounds).ok, 'a round 1 counted as a warm-up');
    assert.equal(warmupCount(rounds as never), '2–3 warm-ups (until steady, one of them a round 1 still getting faster)');
    const once = withWarmups();
    for (const m of once.modes) m.warmups = warmupInfoCheckedByRounds([900], 0, undefined, { held: { mode: m.mode, r1: 800, r2: 795 } });
    assert.equal(warmupCount(once as never), '1 warm-up (until steady)');
    rounds.modes[0].warmups.fromRounds = 0;
    assert.equal(validateReport(rounds).ok, false, 'fromRounds is absent, not 0, when no round was counted');
  });

  it('the CLI table says per mode how many warm-ups and why; the settings line gives their range', () => {
    const r = validateReport(withWarmups());
    assert.ok(r.ok);
    assert.equal(warmupCount(r.report), '2–3 warm-ups (until steady)');
    const lines = warmupLines(r.report);
    assert.equal(lines.length, r.report.modes.length);
    assert.match(lines[0], /^sequential: 2 warm-ups: steady once the last was within 5% of the one before \(1\.52 s, 1\.50 s\)\.$/);
    assert.match(renderTable(r.report, { color: false }), /Stopped after 3 rounds\.\s+Warm-ups, sequential: 2 warm-ups: steady/);
  });

  it('a round 1 counted as a warm-up: its reason and outcome said once, on a line of their own; each mode\'s line keeps its numbers', () => {
    const why = 'sequential (900 ms in that round, 800 ms in the next) was still getting faster';
    const report = withWarmups();
    for (const m of report.modes) m.warmups = warmupInfoCheckedByRounds([1000, 900], 1, why, { held: { mode: m.mode, r1: 800, r2: 795 } });
    const r = validateReport(report);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
    assert.equal(r.report.modes[0].warmups!.because, why);
    const lines = warmupLines(r.report);
    assert.equal(lines.length, r.report.modes.length + 1);
    assert.equal(lines[0], `round 1 was counted as a warm-up in every mode, because ${why}; then round 1 held against round 2 in every mode, so it counts.`);
    for (const line of lines.slice(1)) {
      assert.match(line, /^[a-z -]+: 2 warm-ups \(1\.00 s, 900 ms\); round 1 \(800 ms\) was within 5% of round 2 \(795 ms\)\.$/);
      assert.doesNotMatch(line, /because|counted|every mode/);
    }
    // Each mode's message still says it whole, for a reader of one mode's record.
    assert.match(r.report.modes[1].warmups!.message, /, because sequential \(900 ms/);
    // Reasons that differ (not written by one engine run) stay in each line.
    r.report.modes[1].warmups!.because = 'another reason';
    assert.equal(warmupLines(r.report).length, r.report.modes.length);
    const bad = withWarmups();
    bad.modes[0].warmups = { ...warmupInfoCheckedByRounds([1000, 900], 1, why, 'cap'), because: 7 };
    assert.equal(validateReport(bad).ok, false, 'because is a string');
  });

  it('the cap reached in every mode is said once, not in ten lines (the panel on a loaded machine)', () => {
    const why = 'worker threads (1.8 ms in that round, 1.3 ms in the next) was still getting faster';
    const report = withWarmups();
    for (const m of report.modes) m.warmups = warmupInfoCheckedByRounds([3, 2.5, 2, 1.9, 1.8], 4, why, 'cap');
    const r = validateReport(report);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
    const lines = warmupLines(r.report);
    assert.equal(lines[0], `round 1 was counted as a warm-up 4 times in every mode, because ${why}; that is the most allowed, so the first rounds may still run slower than the rest.`);
    assert.deepEqual(lines.slice(1).map((l) => l.replace(/^[a-z -]+: /, '')), r.report.modes.map(() => '5 warm-ups (3.0 ms, 2.5 ms, 2.0 ms, 1.9 ms, 1.8 ms).'));
    // The CLI's default text: the shared line alone; --explain adds each mode's.
    const text = renderTable(r.report, { color: false });
    assert.equal(text.split('\n').filter((l) => l.startsWith('Warm-ups, ')).length, 1, text);
    assert.equal(renderTable(r.report, { color: false, explain: true }).split('\n').filter((l) => l.startsWith('Warm-ups, ')).length, 1 + r.report.modes.length);
    // A report written before `own` and `shared` keeps its whole messages, the reason taken out.
    for (const m of r.report.modes) { delete m.warmups!.own; delete m.warmups!.shared; }
    const old = warmupLines(r.report);
    assert.equal(old[0], `round 1 was counted as a warm-up 4 times in every mode, because ${why}.`);
    assert.match(old[1], /: 5 warm-ups \(.+\): the last 4 ran as round 1 and were counted as warm-ups; the most allowed/);
  });

  it('a report without them (older, or a fixed count) says the count asked', () => {
    const report = JSON.parse(readFileSync(path.join(FIXTURES, 'complete.json'), 'utf8'));
    const r = validateReport(report);
    assert.ok(r.ok);
    assert.equal(warmupCount(r.report), `${r.report.settings.warmup} warm-up${r.report.settings.warmup === 1 ? '' : 's'}`);
    assert.deepEqual(warmupLines(r.report), []);
  });
});
