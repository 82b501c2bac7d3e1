// The system tests run as three mocha suites (scripts/test-all.mjs): the ones that measure
// (.mocharc.system.json), the ones that check robustness against hostile functions, faults and limits
// (.mocharc.system-robustness.json), and the ones that meet the world outside the engine: the CLI,
// bundling real projects' code, the npm package, a real Redis (.mocharc.system-real-world.json). Each
// lists its files by name, so a new file must land in exactly one list or it would never run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

function specs(config: string): string[] {
  const c = JSON.parse(fs.readFileSync(path.join(REPO, config), 'utf8')) as { spec: string[] };
  return c.spec.map((s) => path.basename(s, '.js'));
}

describe('the three system suites', () => {
  it('list every test/system/*.test.ts exactly once among them', () => {
    const files = fs.readdirSync(path.join(REPO, 'test', 'system')).filter((f) => f.endsWith('.test.ts')).map((f) => path.basename(f, '.ts')).sort();
    const measuring = specs('.mocharc.system.json');
    const robustness = specs('.mocharc.system-robustness.json');
    const realWorld = specs('.mocharc.system-real-world.json');
    assert.deepEqual([...measuring, ...robustness, ...realWorld].sort(), files, 'a system test file missing from every list, or in two');
    assert.ok(measuring.length > 0 && robustness.length > 0 && realWorld.length > 0);
  });
});
