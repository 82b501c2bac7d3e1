import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFromWebview, parseToWebview } from '../../src/shared/panel/messageParse';

const REPORT = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/reports/complete.json'), 'utf8')) as unknown;

describe('panel protocol: one parse per direction', () => {
  it('host to panel: accepts every kind the host sends, field by field', () => {
    const report = parseToWebview({ type: 'report', report: REPORT, history: [{ id: 'a', createdAt: '2026-01-01T00:00:00Z', label: 'x' }, { id: 3 }] });
    assert.ok(report.ok && report.message.type === 'report');
    assert.equal(report.ok && report.message.type === 'report' && report.message.history?.length, 1, 'a malformed history entry is dropped, the report kept');
    assert.ok(parseToWebview({ type: 'compare', report: REPORT }).ok);
    assert.deepEqual(parseToWebview({ type: 'progress', stage: 'mode', detail: 'workers: repetition 1 of 3' }), { ok: true, message: { type: 'progress', stage: 'mode', detail: 'workers: repetition 1 of 3' } });
    const err = { name: 'CompileError', code: 'COMPILE_ERROR', message: 'x', file: '/a.ts', line: 3, column: 1 };
    assert.deepEqual(parseToWebview({ type: 'error', error: err }), { ok: true, message: { type: 'error', error: err } });
  });

  it('host to panel: refuses what a handler could not use, saying why and of which kind', () => {
    const bad = parseToWebview({ type: 'report', report: { schemaVersion: 1 } });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.type, 'report');
    assert.ok(!bad.ok && bad.errors.length > 0);
    assert.match(JSON.stringify(parseToWebview({ type: 'progress', stage: 'whatever' })), /progress\.stage must be one of locate, bundle/);
    assert.match(JSON.stringify(parseToWebview({ type: 'error', error: { name: 'E', code: 'X', message: 7 } })), /message/);
    assert.match(JSON.stringify(parseToWebview({ type: 'nope' })), /unknown message type \\"nope\\"/);
    assert.match(JSON.stringify(parseToWebview(null)), /must be an object/);
    assert.match(JSON.stringify(parseToWebview({ type: '__proto__' })), /unknown message type/);
  });

  it('panel to host: accepts each kind with its fields, and only them', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', extra: 1 }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseFromWebview({ type: 'openLocation', file: '/w/a.ts', line: 3 }), { ok: true, message: { type: 'openLocation', file: '/w/a.ts', line: 3 } });
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'csv' }), { ok: true, message: { type: 'export', format: 'csv' } });
    assert.deepEqual(parseFromWebview({ type: 'pickComparison', id: 'r1' }), { ok: true, message: { type: 'pickComparison', id: 'r1' } });
    assert.deepEqual(parseFromWebview({ type: 'savePng', name: 'cpu', dataUrl: 'data:image/png;base64,AA==' }), { ok: true, message: { type: 'savePng', name: 'cpu', dataUrl: 'data:image/png;base64,AA==' } });
  });

  it('panel to host: refuses malformed fields instead of passing them on', () => {
    for (const m of [
      { type: 'openLocation', file: '/w/a.ts', line: 0 },
      { type: 'openLocation', file: '/w/a.ts', line: 2.5 },
      { type: 'openLocation', file: 7, line: 1 },
      { type: 'openLocation', file: '/w/a.ts', line: 1, column: -1 },
      { type: 'export', format: 'exe' },
      { type: 'savePng', name: 'x' },
      { type: 'pickComparison' },
      { type: 'constructor' },
      [],
    ]) {
      const r = parseFromWebview(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      assert.ok(!r.ok && r.errors.length > 0 && r.errors.every((e) => typeof e === 'string' && e.length > 0));
    }
  });
});
