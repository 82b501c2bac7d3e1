// Regenerates the review set (test/support/reviewSet.ts): the default CLI text of each workload,
// from its committed JSON report, and says what changed. With --profile [NAME…] it first profiles
// the workloads again through the built CLI (dist/cli.js), as a user would, replacing their reports.
//   node out/scripts/review-set.js               re-render every text from the committed reports
//   node out/scripts/review-set.js --profile     profile every workload again (minutes), then render
//   node out/scripts/review-set.js --profile no-op crypto-hash
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reanalyse, renderTable } from '../src/engine';
import type { Report } from '../src/shared/report/report';
import { REVIEW_DIR, REVIEW_SET } from '../test/support/reviewSet';

const root = path.resolve(__dirname, '..', '..');

function profileAgain(name: string, argv: string[]): void {
  const json = path.join(root, REVIEW_DIR, `${name}.report.json`);
  process.stdout.write(`profiling ${name}: parallelism-profiler ${argv.join(' ')}\n`);
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...argv, '--quiet', '--json', json], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${name}: the CLI exited with ${r.status}`);
  // Paths relative to the repository, so the committed text does not name the machine it ran on.
  fs.writeFileSync(json, fs.readFileSync(json, 'utf8').split(`${root}${path.sep}`).join(''));
}

/** What the CLI prints by default for a saved report, its verdict recomputed by today's rules. */
export function renderReviewText(report: Report): string {
  return renderTable(reanalyse(report));
}

/** Lines only in `before` (-) and only in `after` (+), in order: a longest-common-subsequence diff. */
export function lineDiff(before: string[], after: string[]): string[] {
  const n = before.length;
  const m = after.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) { i++; j++; } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ ${after[j++]}`);
    else out.push(`- ${before[i++]}`);
  }
  return out;
}

function main(argv: string[]): number {
  const profile = argv.includes('--profile');
  const only = argv.filter((a) => !a.startsWith('--'));
  const unknown = only.filter((n) => !REVIEW_SET.some((w) => w.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`review-set: no workload named ${unknown.join(', ')}; the set is ${REVIEW_SET.map((w) => w.name).join(', ')}\n`);
    return 2;
  }
  let changed = 0;
  for (const w of REVIEW_SET) {
    if (only.length > 0 && !only.includes(w.name)) continue;
    if (profile) profileAgain(w.name, w.argv);
    const reportFile = path.join(root, REVIEW_DIR, `${w.name}.report.json`);
    if (!fs.existsSync(reportFile)) {
      process.stderr.write(`${w.name}: no report yet; run with --profile ${w.name}\n`);
      continue;
    }
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report;
    const textFile = path.join(root, REVIEW_DIR, `${w.name}.txt`);
    const before = fs.existsSync(textFile) ? fs.readFileSync(textFile, 'utf8') : '';
    const after = renderReviewText(report);
    if (before === after) {
      process.stdout.write(`${w.name}: unchanged\n`);
      continue;
    }
    changed++;
    fs.writeFileSync(textFile, after);
    process.stdout.write(`${w.name}: changed (${w.about})\n${lineDiff(before.split('\n'), after.split('\n')).map((l) => `  ${l}`).join('\n')}\n`);
  }
  process.stdout.write(`${changed} text${changed === 1 ? '' : 's'} changed\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
