// The extension's checks that need no VS Code: saved panel state, Open Report's size check, export
// names, the arguments box, qualified names (issue 14 items 5, 7, 11, 15).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateArgsExpression } from '../../src/extension/argsExpression';
import { exportFileName, MAX_PNG_DATA_URL_CHARS, pngBytes, pngFileName } from '../../src/extension/exportNames';
import { ReportHistory } from '../../src/extension/history';
import { reportFromSavedState } from '../../src/extension/panelState';
import { readReportFile } from '../../src/extension/reportFile';
import { qualifiedFunctionName } from '../../src/shared/report/functionName';
import { MAX_REPORT_BYTES } from '../../src/shared/validation/validate';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any => JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

describe('a restored panel (saved webview state)', () => {
  it('keeps a valid report, rebuilt from its known fields', () => {
    const state = { report: { ...fixture('complete'), extra: { deep: true } } };
    const report = reportFromSavedState(state);
    assert.ok(report);
    assert.deepEqual(report, fixture('complete'));
  });

  it('ignores an invalid or missing report', () => {
    const bad = fixture('complete');
    bad.modes = 'not modes';
    assert.equal(reportFromSavedState({ report: bad }), undefined);
    assert.equal(reportFromSavedState({ report: { function: { name: 'x' } } }), undefined);
    assert.equal(reportFromSavedState(undefined), undefined);
    assert.equal(reportFromSavedState('{"report": 1}'), undefined);
  });
});

describe('Open Report reads the file only after its size is checked', () => {
  const text = readFileSync(path.join(FIXTURES, 'complete.json'));

  it('refuses a file over the limit without reading it', async () => {
    let read = false;
    const result = await readReportFile('big.json', {
      stat: async () => ({ size: 3 * 1024 ** 3, type: 1 }),
      readFile: async () => { read = true; throw new Error('read a 3 GB file'); },
    });
    assert.equal(read, false, 'the file was read');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.errors[0], /3072\.0 MB; a report is at most 20 MB/);
  });

  it('refuses a folder, and opens a report under the limit', async () => {
    const folder = await readReportFile('dir', { stat: async () => ({ size: 0, type: 2 }), readFile: async () => new Uint8Array() });
    assert.deepEqual(folder, { ok: false, errors: ['it is not a file'] });
    const ok = await readReportFile('r.json', { stat: async () => ({ size: text.length, type: 1 }), readFile: async () => text });
    assert.ok(ok.ok);
    assert.ok(text.length < MAX_REPORT_BYTES);
  });
});

describe('export names', () => {
  it('never lets a function name choose the folder or hide the file', () => {
    assert.equal(exportFileName('../../.bashrc', 'json'), 'bashrc-parallelism.json');
    assert.equal(exportFileName('a/b\\c', 'csv'), 'a-b-c-parallelism.csv');
    assert.equal(exportFileName('Worker.run', 'trace'), 'Worker.run-parallelism.trace.json');
    assert.equal(exportFileName('...', 'json'), 'function-parallelism.json');
    assert.ok(exportFileName('x'.repeat(5000), 'json').length < 100);
  });

  it('PNG names end in one .png', () => {
    assert.equal(pngFileName('wall-time.png'), 'wall-time.png');
    assert.equal(pngFileName('wall-time'), 'wall-time.png');
    assert.equal(pngFileName('cpu.PNG.png'), 'cpu.png');
    assert.equal(pngFileName('../x'), 'x.png');
  });

  it('a PNG over the size cap is called too large, not "not a PNG"', () => {
    const big = `data:image/png;base64,${'A'.repeat(MAX_PNG_DATA_URL_CHARS)}`;
    const r = pngBytes(big);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /too large/);
    const notPng = pngBytes('data:image/gif;base64,AAAA');
    assert.deepEqual(notPng, { ok: false, reason: 'the chart image was not a PNG' });
    const ok = pngBytes('data:image/png;base64,iVBORw0KGgo=');
    assert.ok(ok.ok && ok.bytes[1] === 0x50);
  });
});

describe('the arguments box', () => {
  it('checks in strict mode, as the evaluator runs: [010] is refused here', () => {
    assert.match(validateArgsExpression('[010]') ?? '', /Not a JavaScript expression: Octal literals are not allowed in strict mode/);
    assert.match(validateArgsExpression('[(function () { with ({}) {} })()]') ?? '', /Strict mode code may not include a with statement/);
    assert.equal(validateArgsExpression('[i * 1000, n]'), undefined);
    assert.match(validateArgsExpression('[i') ?? '', /Not a JavaScript expression/);
  });
});

describe('qualified names as keys', () => {
  it('A.run and B.run have different history keys and labels', () => {
    const a = qualifiedFunctionName({ name: 'run', className: 'A' });
    const b = qualifiedFunctionName({ name: 'run', className: 'B' });
    assert.equal(a, 'A.run');
    assert.equal(qualifiedFunctionName({ name: 'run' }), 'run');
    assert.notEqual(ReportHistory.keyOf('/w/x.ts', a), ReportHistory.keyOf('/w/x.ts', b));
  });
});
