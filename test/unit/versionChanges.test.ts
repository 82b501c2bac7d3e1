// Where each version's time went, side by side (issue 25): functions matched across versions, the
// biggest change first; the comparison keeps A's CPU samples and profile, and the validator checks them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareReports } from '../../src/engine/compare/compareReports';
import { baseModeDetails } from '../../src/engine/compare/baseModes';
import type { HotFunction, Report } from '../../src/shared/report/report';
import { categoryChanges, functionChanges, sameAcrossVersions } from '../../src/shared/report/versionChanges';
import { validateComparison } from '../../src/shared/validation/comparison';
import { validateReport } from '../../src/shared/validation/validate';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');

function fn(name: string, perTaskMs: number, more: Partial<HotFunction> = {}): HotFunction {
  return { name, category: 'user', file: '/a/work.ts', line: 3, selfMs: perTaskMs * 4, totalMs: perTaskMs * 4, perTaskMs, ...more };
}

describe('versions side by side: functions and categories', () => {
  it('matches a function across versions when only its line or folder moved, not when its name, file or package differ', () => {
    const a = fn('mix', 1);
    assert.ok(sameAcrossVersions(a, { ...a, line: 40, file: '/tmp/checkout-abc/work.ts' }));
    assert.ok(!sameAcrossVersions(a, { ...a, name: 'mix2' }));
    assert.ok(!sameAcrossVersions(a, { ...a, file: '/a/other.ts' }));
    assert.ok(!sameAcrossVersions({ ...a, category: 'library', library: 'x' }, { ...a, category: 'library', library: 'y' }));
  });

  it('lists every function of both, per task, the largest change either way first; a side that lacks one says so', () => {
    const base = [fn('mix', 100), fn('step', 5), fn('gone', 8)];
    const next = [fn('mix', 60, { line: 9 }), fn('step', 5), fn('(garbage collector)', 30, { category: 'gc', file: undefined, line: undefined })];
    const got = functionChanges(base, next);
    assert.deepEqual(got.map((c) => [c.item.name, c.base, c.new, c.deltaMs]), [
      ['mix', 100, 60, -40],
      ['(garbage collector)', undefined, 30, 30],
      ['gone', 8, undefined, -8],
      ['step', 5, 5, 0],
    ]);
  });

  it('gives categories per task (each profile\'s time ÷ the tasks), the largest change first', () => {
    const got = categoryChanges(
      [{ category: 'user', selfMs: 400, share: 1 }],
      [{ category: 'user', selfMs: 280, share: 0.7 }, { category: 'native', selfMs: 120, share: 0.3 }],
      4,
    );
    assert.deepEqual(got.map((c) => [c.item.category, c.base, c.new, c.deltaMs]), [['user', 100, 70, -30], ['native', undefined, 30, 30]]);
  });
});

describe('versions side by side: what the comparison keeps of A', () => {
  const profiled = JSON.parse(readFileSync(path.join(FIXTURES, 'versusProfiled.json'), 'utf8')) as Report;

  it('keeps A\'s CPU samples, utilisation and, with a profile, its functions and categories, from A\'s own modes', () => {
    const details = baseModeDetails(profiled.modes);
    for (const [i, d] of details.entries()) {
      const m = profiled.modes[i];
      assert.equal(d.mode, m.mode);
      assert.deepEqual(d.cpu, m.cpu);
      assert.equal(d.coresBusy, m.coresBusy);
      assert.deepEqual(d.hotFunctions, m.hotFunctions);
      assert.deepEqual(d.profile?.categories, m.cpuProfile!.categories);
      assert.equal(d.profile?.gcShare, m.cpuProfile!.gcShare);
    }
    // compare BASE NEW (and Compare with…): the base report's modes, as the comparison carries them.
    const c = compareReports(profiled, profiled, { baseLabel: 'a', newLabel: 'b', allowDifferentMachine: true });
    assert.deepEqual(c.baseModes, details);
  });

  it('validates A\'s details in the report and in a comparison sent alone; refuses a bad sample and drops unknown fields', () => {
    const ok = validateReport(JSON.parse(JSON.stringify(profiled)));
    assert.ok(ok.ok, ok.ok ? '' : ok.errors.join('; '));
    assert.deepEqual(ok.report.comparison?.baseModes, profiled.comparison!.baseModes);
    const alone = validateComparison({ ...profiled.comparison, baseModes: profiled.comparison!.baseModes!.map((m) => ({ ...m, extra: 1 })) });
    assert.ok(alone.ok && alone.comparison.baseModes!.every((m) => !('extra' in m)));
    const bad = JSON.parse(JSON.stringify(profiled.comparison));
    bad.baseModes[0].cpu.cores[0][0] = 250;
    bad.baseModes[1].profile.gcShare = 2;
    const refused = validateComparison(bad);
    assert.ok(!refused.ok, 'accepted');
    assert.ok(refused.errors.some((e) => /baseModes\[0\]\.cpu\.cores\[0\]\[0\]/.test(e)) && refused.errors.some((e) => /baseModes\[1\]\.profile\.gcShare/.test(e)), refused.errors.join('; '));
  });
});
