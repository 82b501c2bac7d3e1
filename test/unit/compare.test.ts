// The comparison's statistics and its decisions, on numbers whose answer is known: the rank test
// against published exact values, the false-alarm rate on identical samples at the nominal level and
// the detection rate on a 10% slowdown (seeded simulations), and the refusal of incomparable reports.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../../src/engine/analyse/stats';
import { mannWhitneyP, compareSamples, classifyTime, smallestP } from '../../src/engine/compare/unpaired';
import { compareReports, IncomparableError, regressionsPast } from '../../src/engine/compare/compareReports';
import { comparePaired, signedRankP, smallestPairedP } from '../../src/engine/compare/paired';
import { pairVersusTurns } from '../../src/engine/measure/versus';
import { validateReport } from '../../src/shared/validation/validate';
import { renderComparison, renderComparisonMarkdown } from '../../src/engine/output/comparisonTable';
import type { ModeName, Report, RoundRecord } from '../../src/shared/report/report';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');

/** Normal draws by Box–Muller from a seeded uniform source. */
function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** n wall times around `centre` with multiplicative (log-normal) noise of about `noise`. */
function sample(draw: () => number, n: number, centre: number, noise: number): number[] {
  return Array.from({ length: n }, () => centre * Math.exp(noise * draw()));
}

/** The complete fixture with `n` rounds whose wall times per mode come from `wall(mode, round)`. */
function reportWith(n: number, wall: (mode: ModeName, round: number) => number): Report {
  const r = JSON.parse(readFileSync(path.join(FIXTURES, 'complete.json'), 'utf8')) as Report;
  const rounds: RoundRecord[] = [];
  for (let i = 0; i < n; i++) {
    const order = r.modes.map((m) => m.mode);
    rounds.push({ order, modes: order.map((mode) => ({ mode, wallMs: wall(mode, i) })) });
  }
  r.rounds = { interleaved: true, rounds, stop: { reason: 'fixed', message: 'fixed', precision: 0, elapsedMs: 1 }, headline: 'measured' };
  return r;
}

const LANES: Record<ModeName, number> = { sequential: 1, async: 1, workers: 2, processes: 2, queue: 2 };

describe('compare: the rank test', () => {
  it('gives the exact two-sided p-values of the Mann–Whitney test (values from scipy.stats.mannwhitneyu, method exact)', () => {
    assert.equal(mannWhitneyP([1, 2, 3], [4, 5, 6]), 0.1);
    assert.ok(Math.abs(mannWhitneyP([1.1, 2.3, 3.5, 4.2, 5.9], [2.0, 4.4, 6.1, 7.3, 8.8, 9.0]) - 0.08225108225108226) < 1e-12);
    // Symmetric in which side is which.
    assert.equal(mannWhitneyP([4, 5, 6], [1, 2, 3]), 0.1);
  });

  it('uses the normal approximation with the tie correction when values tie (scipy asymptotic, with continuity: 0.07585)', () => {
    const a = [1, 2, 2, 3, 4, 5, 5, ...Array.from({ length: 36 }, (_, i) => 6 + i)];
    const b = [5, 6, 7, 8, 8, ...Array.from({ length: 38 }, (_, i) => 9 + i)];
    assert.ok(Math.abs(mannWhitneyP(a, b) - 0.07585324028241108) < 1e-6, `got ${mannWhitneyP(a, b)}`);
  });

  it('says when the sample sizes cannot reach significance at all: 3 against 3 rounds never go below p = 0.1', () => {
    assert.equal(smallestP(3, 3), 0.1);
    assert.ok(Math.abs(smallestP(4, 4) - 2 / 70) < 1e-12);
    assert.equal(mannWhitneyP([1, 2, 3, 4], [5, 6, 7, 8]), smallestP(4, 4));
  });

  it('counts the arrangements exactly when small samples tie (constant runs): 3 against 3 tied values is p = 0.1, equal ones p = 1', () => {
    assert.ok(Math.abs(mannWhitneyP([1000, 1000, 1000], [2000, 2000, 2000]) - 0.1) < 1e-12);
    assert.equal(mannWhitneyP([5, 5, 5, 5], [5, 5, 5, 5]), 1);
  });
});

describe('compare: false alarms and detection (seeded simulations)', () => {
  const alpha = 0.05;

  it('calls identical samples different at most at the nominal rate (2000 pairs of 10 rounds, 5% noise)', () => {
    const draw = gaussian(mulberry32(0xc0ffee));
    let alarms = 0;
    let rejected = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const a = sample(draw, 10, 100, 0.05);
      const b = sample(draw, 10, 100, 0.05);
      const c = compareSamples(a, b, alpha);
      if (c.pValue < alpha) rejected++;
      if (classifyTime(c, 0.02) === 'slower' || classifyTime(c, 0.02) === 'faster') alarms++;
    }
    // The rank test itself holds its level (exact at n = 10: 4.3% nominally; binomial sd here ≈ 0.5%)...
    assert.ok(rejected / trials <= alpha + 0.012, `p < ${alpha} in ${rejected} of ${trials}`);
    assert.ok(rejected / trials >= 0.025, `the test should reject near its level, not never: ${rejected} of ${trials}`);
    // ...and the call (the interval must agree, and the change pass the threshold) alarms no more.
    assert.ok(alarms <= rejected, `${alarms} alarms but only ${rejected} rejections`);
    assert.ok(alarms / trials <= alpha, `faster/slower on identical samples in ${alarms} of ${trials}`);
  });

  it('detects a 10% slowdown at least 95% of the time (500 pairs of 12 rounds, 5% noise; 10 rounds find 94.8%)', () => {
    const draw = gaussian(mulberry32(0xbeef));
    let found = 0;
    const trials = 500;
    for (let t = 0; t < trials; t++) {
      const c = compareSamples(sample(draw, 12, 100, 0.05), sample(draw, 12, 110, 0.05), alpha);
      if (classifyTime(c, 0.02) === 'slower') found++;
    }
    assert.ok(found / trials >= 0.95, `10% slower found in ${found} of ${trials}`);
  });

  it('gives a ratio interval that holds the true ratio in about 95% of runs (500 pairs of 10 rounds)', () => {
    const draw = gaussian(mulberry32(0xfeed));
    let held = 0;
    for (let t = 0; t < 500; t++) {
      const c = compareSamples(sample(draw, 10, 100, 0.05), sample(draw, 10, 120, 0.05), alpha);
      if (c.low <= 1.2 && 1.2 <= c.high) held++;
    }
    // A percentile bootstrap of medians from 10 values is a little narrow; below 85% it would mislead.
    assert.ok(held / 500 >= 0.85, `the interval held 1.2 in ${held} of 500`);
  });
});

describe('compare: two reports', () => {
  const noise = (seed: number) => {
    const draw = gaussian(mulberry32(seed));
    return (centre: number) => centre * Math.exp(0.02 * draw());
  };

  it('finds no significant change between two reports of the same code', () => {
    const n1 = noise(1);
    const n2 = noise(2);
    const base = reportWith(10, (m) => n1(1000 / LANES[m]));
    const next = reportWith(10, (m) => n2(1000 / LANES[m]));
    const c = compareReports(base, next, { baseLabel: 'a.json', newLabel: 'b.json' });
    assert.equal(c.outcome, 'no-significant-change', renderComparison(c));
    assert.deepEqual(regressionsPast(c, 0.05), []);
    assert.equal(c.modes.length, 4);
    for (const m of c.modes) assert.ok(m.change === 'no-difference' || m.change === 'within-threshold', `${m.mode}: ${m.change}`);
  });

  it('calls a slower workers mode slower, with its size, and compares the speedup too', () => {
    const n1 = noise(3);
    const n2 = noise(4);
    const base = reportWith(10, (m) => n1(1000 / LANES[m]));
    // Workers 30% slower in B; the others as they were, so the workers' speedup falls from 2× to about 1.54×.
    const next = reportWith(10, (m) => n2((1000 / LANES[m]) * (m === 'workers' ? 1.3 : 1)));
    const c = compareReports(base, next, { baseLabel: 'a.json', newLabel: 'b.json' });
    assert.equal(c.outcome, 'regressed');
    const w = c.modes.find((m) => m.mode === 'workers')!;
    assert.equal(w.change, 'slower');
    assert.ok(w.wall!.ratio > 1.25 && w.wall!.ratio < 1.35, `ratio ${w.wall!.ratio}`);
    assert.ok(w.wall!.low > 1 && w.wall!.significant);
    assert.ok(w.speedup && w.speedup.significant && w.speedup.ratio < 0.8, `speedup change ${JSON.stringify(w.speedup)}`);
    assert.equal(regressionsPast(c, 0.05).map((m) => m.mode).join(), 'workers');
    assert.deepEqual(regressionsPast(c, 0.5), [], 'a 30% regression is within a 50% gate');
    const text = renderComparison(c);
    assert.match(text, /worker threads: slower: 3\d% slower/);
    assert.match(text, /speedup 2\.\d+× → 1\.\d+×/);
    assert.match(text, /^Regressed: worker threads 3\d% slower\.$/m);
    assert.match(renderComparisonMarkdown(c), /\| worker threads \| 4\d\d ms \| 6\d\d ms \| \+3\d% \[/);
  });

  it('calls an improvement improved, and a gate of any size lets it pass', () => {
    const n1 = noise(5);
    const n2 = noise(6);
    const base = reportWith(8, (m) => n1(1000 / LANES[m]));
    const next = reportWith(8, (m) => n2(700 / LANES[m]));
    const c = compareReports(base, next, { baseLabel: 'a', newLabel: 'b' });
    assert.equal(c.outcome, 'improved');
    assert.ok(c.modes.every((m) => m.change === 'faster'));
    assert.deepEqual(regressionsPast(c, 0), []);
  });

  it('says when too few rounds make any difference undetectable', () => {
    const base = reportWith(3, (m) => 1000 / LANES[m]);
    const next = reportWith(3, (m) => 2000 / LANES[m]);
    const c = compareReports(base, next, { baseLabel: 'a', newLabel: 'b' });
    assert.equal(c.outcome, 'no-significant-change', 'twice as slow, but 3 rounds against 3 cannot show it');
    assert.match(c.notes.join(' '), /With 3 and 3 rounds no difference can reach significance at 5%/);
  });

  it('refuses reports of different runs, naming each field that differs, even with different machines allowed', () => {
    const base = reportWith(5, () => 100);
    const next = reportWith(5, () => 100);
    next.function.name = 'otherFunction';
    next.settings.tasks = 16;
    next.settings.args = '[i]';
    next.settings.workers = 4;
    assert.throws(() => compareReports(base, next, { baseLabel: 'a.json', newLabel: 'b.json', allowDifferentMachine: true }), (err: Error) => {
      assert.ok(err instanceof IncomparableError);
      for (const s of ['function: "hashChunk" → "otherFunction"', 'tasks: 8 → 16', 'arguments: "[i * 50000, (i + 1) * 50000]" → "[i]"', 'workers: 2 → 4']) assert.ok(err.message.includes(s), `${s} in ${err.message}`);
      return true;
    });
  });

  it('refuses reports from different machines unless allowed, and then lists the differences', () => {
    const base = reportWith(5, () => 100);
    const next = reportWith(5, () => 100);
    next.machine.cores = 4;
    next.machine.node = 'v22.1.0';
    next.machine.cpuModel = 'AMD EPYC';
    assert.throws(() => compareReports(base, next, { baseLabel: 'a', newLabel: 'b' }), (err: Error) => err instanceof IncomparableError
      && /cores: 2 → 4/.test(err.message) && /Node: "v20\.18\.1" → "v22\.1\.0"/.test(err.message) && /CPU model: .* → "AMD EPYC"/.test(err.message) && /--allow-different-machine/.test(err.message));
    const c = compareReports(base, next, { baseLabel: 'a', newLabel: 'b', allowDifferentMachine: true });
    assert.equal(c.machineDifferences.length, 3);
    assert.match(renderComparison(c), /Different machines \(allowed\): cores: 2 → 4/);
  });

  it('compares the modes both ran and says why the others were not compared', () => {
    const base = reportWith(5, () => 100);
    const next = reportWith(5, () => 100);
    next.modes = next.modes.filter((m) => m.mode !== 'processes');
    next.modes.find((m) => m.mode === 'async')!.status = 'failed';
    const c = compareReports(base, next, { baseLabel: 'a', newLabel: 'b' });
    assert.equal(c.modes.find((m) => m.mode === 'processes')!.skipped, 'run only in the base');
    assert.equal(c.modes.find((m) => m.mode === 'async')!.skipped, 'failed in the new report');
    assert.match(renderComparison(c), /child processes: not compared: run only in the base/);
  });
});

describe('compare: paired rounds (--versus)', () => {
  it('gives the exact two-sided p-values of the signed-rank test (values from scipy.stats.wilcoxon, method exact)', () => {
    assert.equal(signedRankP([0.1, 0.2, -0.05, 0.3, 0.25, 0.15, 0.4, -0.02]), 0.0390625);
    assert.equal(signedRankP([0.1, 0.2, -0.05, 0.3, 0.25, 0.15]), 0.0625);
    assert.equal(smallestPairedP(5), 0.0625, 'five rounds can never reach 5%');
    assert.equal(signedRankP([0, 0, 0]), 1);
  });

  it('finds a 2x ratio in rounds a busy machine slowed alike, and calls it significant', () => {
    const draw = gaussian(mulberry32(7));
    // Each round's load multiplies both versions' time alike (up to 1.8x); B does twice A's work.
    const load = Array.from({ length: 10 }, () => 1 + 0.8 * Math.abs(draw()));
    const a = load.map((l) => 100 * l * Math.exp(0.02 * draw()));
    const b = load.map((l) => 200 * l * Math.exp(0.02 * draw()));
    const c = comparePaired(a, b, 0.05)!;
    assert.ok(Math.abs(c.ratio - 2) < 0.2, `ratio ${c.ratio}`);
    assert.ok(c.significant && c.low > 1.8 && c.high < 2.2, JSON.stringify(c));
  });

  it('calls identical versions different at most at the nominal rate (2000 runs of 8 paired rounds)', () => {
    const draw = gaussian(mulberry32(11));
    let alarms = 0;
    for (let t = 0; t < 2000; t++) {
      const load = Array.from({ length: 8 }, () => 1 + Math.abs(draw()));
      const c = comparePaired(load.map((l) => 100 * l * Math.exp(0.03 * draw())), load.map((l) => 100 * l * Math.exp(0.03 * draw())), 0.05)!;
      if (c.significant && Math.abs(c.ratio - 1) > 0.02) alarms++;
    }
    assert.ok(alarms / 2000 <= 0.05, `${alarms} false alarms in 2000`);
  });
});

describe('compare: the report\'s comparison field', () => {
  it('validates and is kept by the rebuilt copy; a p-value above 1 is refused', () => {
    const n1 = gaussian(mulberry32(9));
    const base = reportWith(6, (m) => (1000 / LANES[m]) * Math.exp(0.02 * n1()));
    const next = reportWith(6, (m) => (1000 / LANES[m]) * Math.exp(0.02 * n1()));
    next.comparison = compareReports(base, next, { baseLabel: 'a', newLabel: 'b' });
    const ok = validateReport(JSON.parse(JSON.stringify(next)));
    assert.ok(ok.ok, ok.ok ? '' : ok.errors.join('; '));
    assert.deepEqual(ok.report.comparison, JSON.parse(JSON.stringify(next.comparison)));
    const bad = JSON.parse(JSON.stringify(next));
    bad.comparison.modes[0].wall.pValue = 3;
    const refused = validateReport(bad);
    assert.ok(!refused.ok && refused.errors.some((e) => /comparison\.modes\[0\]\.wall\.pValue/.test(e)), refused.ok ? 'accepted' : refused.errors.join('; '));
  });
});

describe('compare: --versus turns in a round', () => {
  it('puts each versus companion right after its own mode in even rounds and right before it in odd ones', () => {
    type T = { mode: ModeName; companion?: { versus: true } };
    const mk = (): T[] => [{ mode: 'workers' }, { mode: 'sequential' }];
    const versus: T[] = [{ mode: 'sequential', companion: { versus: true } }, { mode: 'workers', companion: { versus: true } }];
    const even = mk();
    pairVersusTurns(even, versus, 0);
    assert.deepEqual(even.map((t) => `${t.companion ? 'A' : 'B'}:${t.mode}`), ['B:workers', 'A:workers', 'B:sequential', 'A:sequential']);
    const odd = mk();
    pairVersusTurns(odd, versus, 1);
    assert.deepEqual(odd.map((t) => `${t.companion ? 'A' : 'B'}:${t.mode}`), ['A:workers', 'B:workers', 'A:sequential', 'B:sequential']);
  });
});
