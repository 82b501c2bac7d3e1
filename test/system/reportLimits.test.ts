// The engine's own report stays within the validator's limits whatever the user's code throws:
// a report the panel and the history then refuse would leave the user with nothing.
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { validateReport } from '../../src/shared/validation/validate';
import { E2E, assertValid, quick } from './e2e.harness';

describe("the engine's report within the report limits", function () {
  this.timeout(120_000);

  it('120 tasks throwing 120,000-character messages and stacks: the report validates, failures bounded, texts clipped', async () => {
    const report = await quick({ file: resolve(E2E, 'longErrors.ts'), functionName: 'throwsLong', tasks: 120, args: '[i]', modes: ['sequential', 'processes'] });
    assertValid(report);
    for (const m of report.modes) {
      assert.equal(m.status, 'failed', m.mode);
      assert.match(m.error!.message, /^120 of 120 tasks failed \(task 0, 1, 2/);
      assert.ok(m.failedTasks!.length <= 100, `${m.mode} keeps ${m.failedTasks!.length} failures`);
      assert.match(m.failedTasks![0].message, /more characters cut\)$/);
    }
  });

  it("every field the engine writes survives the validator's rebuild (nothing the panel needs is stripped)", async () => {
    const report = await quick({ functionName: 'noop', tasks: 4, sweep: true });
    const result = validateReport(report);
    assert.ok(result.ok, result.ok ? '' : result.errors.join('; '));
    assert.deepEqual(JSON.parse(JSON.stringify(result.report)), JSON.parse(JSON.stringify(report)));
  });
});
