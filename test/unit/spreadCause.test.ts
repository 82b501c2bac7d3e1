// Why runs spread, from the run's own evidence (issue 23): other programs only with their measured
// load (steal time named as the VM host's share), else clusters, a drift, or "unexplained".
import * as assert from 'node:assert/strict';
import { clusters, drift, spreadCause } from '../../src/engine/analyse/spreadCause';
import { parseStealMs } from '../../src/engine/measure/cpuReaders';
import type { ModeName, RoundsInfo } from '../../src/shared/report/report';

function roundsOf(loads: number[], steal?: number[], mode: ModeName = 'sequential'): RoundsInfo {
  return {
    interleaved: true, headline: 'measured',
    stop: { reason: 'fixed', message: 'fixed', precision: 0, elapsedMs: 1 },
    rounds: loads.map((externalLoad, i) => ({ order: [mode], modes: [{ mode, wallMs: 1, externalLoad, ...(steal ? { stealLoad: steal[i] } : {}) }] })),
  } as RoundsInfo;
}

describe('spreadCause: why runs spread, from the evidence', () => {
  it('two clusters of run times with a quiet machine: the function\'s or the runtime\'s own, never other programs', () => {
    const runs = [188, 190, 305, 309, 192, 300];
    const c = spreadCause('workers', runs, roundsOf([0.02, 0.05, 0.03, 0.04, 0.02, 0.05], undefined, 'workers'));
    assert.equal(c.kind, 'clusters');
    assert.match(c.text, /other programs used at most 0\.05 cores in any round, so the spread is the function's or the runtime's own/);
    assert.match(c.text, /two clusters \(188 ms–192 ms and 300 ms–309 ms\)/);
  });

  it('a drift across rounds', () => {
    const runs = [120, 112, 105, 99, 95, 90];
    assert.equal(clusters(runs), undefined);
    assert.deepEqual(drift(runs), { first: 112, last: 95 });
    const c = spreadCause('sequential', runs, roundsOf([0, 0, 0, 0, 0, 0]));
    assert.equal(c.kind, 'drift');
    assert.match(c.text, /faster as the rounds went on/);
  });

  it('neither: unexplained, and said so', () => {
    const runs = [112, 100, 121, 104, 118, 108];
    const c = spreadCause('sequential', runs, roundsOf([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]));
    assert.equal(clusters(runs), undefined);
    assert.equal(drift(runs), undefined);
    assert.equal(c.kind, 'unexplained');
    assert.match(c.text, /the cause is unexplained/);
  });

  it('measured outside load: other programs, with the VM host\'s steal named', () => {
    const c = spreadCause('sequential', [100, 150, 101], roundsOf([0.1, 1.4, 0.1], [0, 0.6, 0]));
    assert.equal(c.kind, 'load');
    assert.match(c.text, /other programs kept up to 1\.40 cores busy/);
    assert.match(c.text, /the VM's host took 0\.60 of them \(steal time\)/);
  });

  it('no per-round load in the report: unexplained, not blamed on anyone', () => {
    const c = spreadCause('sequential', [100, 150, 101], undefined);
    assert.equal(c.kind, 'unexplained');
    assert.doesNotMatch(c.text, /other programs kept/);
    assert.match(c.text, /^other programs' load was not measured run by run \(the modes ran one after another, not in rounds\)/);
  });

  it('rounds too short to hold a sample (a no-op\'s): says why the load is missing', () => {
    const rounds = roundsOf([0, 0, 0]);
    for (const r of rounds.rounds) delete r.modes[0].externalLoad;
    const c = spreadCause('sequential', [0.7, 1.1, 0.71], rounds);
    assert.equal(c.kind, 'unexplained');
    assert.match(c.text, /^no round held a sample of other programs' load \(a round shorter than the CPU sampler's interval holds none\), so the cause is unexplained$/);
  });

  it('reads steal time from /proc/stat\'s aggregate line (8th value, 10 ms ticks)', () => {
    assert.equal(parseStealMs('cpu  100 0 50 1000 5 0 2 37 0 0\ncpu0 50 0 25 500 2 0 1 20 0 0\n'), 370);
    assert.equal(parseStealMs('intr 1 2 3'), undefined);
  });
});
