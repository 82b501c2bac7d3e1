// Fuzzing the report boundary (issue 14 item 18): thousands of seeded mutations of real reports
// through the validator. Nothing throws, an accepted report can be serialised, cloned and
// validated again to the same thing, and every refusal says where and why.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateReport } from '../../src/shared/validation/validate';
import { mutateReports } from '../support/reportMutations';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');
const SEED = 14_18;

describe('fuzz: mutated reports through validateReport', () => {
  for (const name of ['complete', 'failed', 'hostile']) {
    it(`${name}: 700 mutations (seed ${SEED}) — no exception, accepted ones round-trip, refusals say why`, () => {
      const base: unknown = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
      let accepted = 0;
      // In batches, so a few hundred 200,000-deep values are never alive at once.
      for (let batch = 0; batch < 7; batch++) {
        const reports = mutateReports(base, SEED + batch, 100);
        reports.forEach((report, i) => {
          const where = `${name}, seed ${SEED + batch}, report ${i}`;
          let result;
          try {
            result = validateReport(report);
          } catch (err) {
            assert.fail(`${where}: validateReport threw ${(err as Error).message}`);
          }
          if (result.ok) {
            accepted++;
            const text = JSON.stringify(result.report);
            structuredClone(result.report);
            const again = validateReport(JSON.parse(text));
            assert.ok(again.ok, `${where}: accepted, but not after a JSON round trip: ${again.ok ? '' : again.errors.join('; ')}`);
            assert.equal(JSON.stringify(again.report), text, `${where}: validating again changed it`);
          } else {
            assert.ok(result.errors.length > 0, `${where}: refused without a reason`);
            for (const e of result.errors) {
              assert.equal(typeof e, 'string');
              assert.ok(e.length > 0 && e.length < 600, `${where}: an unhelpful or huge reason (${e.length} characters)`);
              assert.match(e, /(must|is required|more errors)/, `${where}: ${e}`);
            }
          }
        });
      }
      assert.ok(accepted > 0, 'some mutations (extra fields, harmless values) should be accepted');
    });
  }
});
