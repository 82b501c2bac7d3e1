// The review set (issue 23): the CLI's default text for real workloads, committed beside the JSON
// reports it comes from. Rendering a committed report with today's verdict must give the committed
// text: a change to what the tool says fails here until `node out/scripts/review-set.js` rewrites the
// text, and the diff is what a reviewer reads. No profile runs here: the reports are data.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reanalyse, renderTable } from '../../src/engine';
import { validateReport } from '../../src/shared/validation/validate';
import type { Report } from '../../src/shared/report/report';
import { REVIEW_DIR, REVIEW_SET } from '../support/reviewSet';
import { sentences } from './verdictRules.test';

const root = path.resolve(__dirname, '..', '..', '..');

function load(name: string): Report {
  return JSON.parse(fs.readFileSync(path.join(root, REVIEW_DIR, `${name}.report.json`), 'utf8')) as Report;
}

describe('the review set: the default CLI text of real workloads', () => {
  it('holds at least six workloads, each with its committed report and text', () => {
    assert.ok(REVIEW_SET.length >= 6);
    for (const w of REVIEW_SET) {
      assert.ok(fs.existsSync(path.join(root, REVIEW_DIR, `${w.name}.report.json`)), `${w.name}.report.json`);
      assert.ok(fs.existsSync(path.join(root, REVIEW_DIR, `${w.name}.txt`)), `${w.name}.txt`);
    }
  });

  for (const w of REVIEW_SET) {
    it(`${w.name} (${w.about}): today's verdict renders the committed text`, () => {
      const report = reanalyse(load(w.name));
      const text = fs.readFileSync(path.join(root, REVIEW_DIR, `${w.name}.txt`), 'utf8');
      assert.equal(renderTable(report), text, `the text changed: run node out/scripts/review-set.js and read the diff it prints`);
    });

    it(`${w.name}: the recomputed report is valid, its headline two sentences at most, its winner the table's`, () => {
      const report = reanalyse(load(w.name));
      const checked = validateReport(report);
      assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
      // The validated copy keeps the verdict's new fields (the panel reads that copy).
      assert.deepEqual(checked.report.verdict.winner, report.verdict.winner);
      assert.deepEqual(checked.report.verdict.findings.map((f) => [f.group, f.rank, f.effect, f.line]), report.verdict.findings.map((f) => [f.group, f.rank, f.effect, f.line]));
      assert.ok(sentences(report.verdict.summary) <= 2, report.verdict.summary);
      const text = renderTable(report);
      const top = text.split('\n').filter((l) => /^ {2}\d\. /.test(l));
      assert.ok(top.length <= 3, 'at most three reasons by default');
      assert.equal(report.verdict.best, report.verdict.winner?.mode);
    });
  }
});
