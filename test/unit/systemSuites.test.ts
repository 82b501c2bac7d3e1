// The system tests run as two mocha suites side by side (scripts/test-all.mjs): the ones that measure
// (.mocharc.system.json) and the ones that check robustness (.mocharc.system-robustness.json). Each
// lists its files by name, so a new file must land in exactly one list or it would never run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

function specs(config: string): string[] {
  const c = JSON.parse(fs.readFileSync(path.join(REPO, config), 'utf8')) as { spec: string[] };
  return c.spec.map((s) => path.basename(s, '.js'));
}

describe('the two system suites', () => {
  it('list every test/system/*.test.ts exactly once between them', () => {
    const files = fs.readdirSync(path.join(REPO, 'test', 'system')).filter((f) => f.endsWith('.test.ts')).map((f) => path.basename(f, '.ts')).sort();
    const measuring = specs('.mocharc.system.json');
    const robustness = specs('.mocharc.system-robustness.json');
    assert.deepEqual([...measuring, ...robustness].sort(), files, 'a system test file missing from both lists, or in both');
    assert.ok(measuring.length > 0 && robustness.length > 0);
  });
});
