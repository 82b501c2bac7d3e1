// `parallelism-profiler compare BASE.json NEW.json`: did the new version change, with significance,
// and a gate for CI. Exit codes: 0 no significant regression past --fail-on-regression (or no gate
// asked), 1 a mode got significantly slower past it (or an output could not be written), 2 bad input
// (a file that is not a report, reports of different functions or machines).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BadOptionError, compareReports, DEFAULT_THRESHOLD, readReportFile, regressionsPast, renderComparison, renderComparisonMarkdown, type CompareOptions,
} from '../engine';
import type { Comparison } from '../shared/report/comparison';
import { formatPercent } from '../shared/wording/format';
import { percentFlag } from './comparePercent';

export const COMPARE_USAGE = `Usage: parallelism-profiler compare BASE.json NEW.json [options]

Compares two reports of the same function (written by --json), mode by mode: the wall time from each
report's rounds (a bootstrap interval on the ratio of medians and a Mann–Whitney rank test), and for
the parallel modes the speedup over sequential. One line per mode says faster, slower or no
difference we can detect, with the size. Profile with --repeat 8 or more: with 3 rounds a side no
difference can reach significance.

Options:
  --threshold PCT             changes smaller than this are not called faster or slower (default ${DEFAULT_THRESHOLD * 100})
  --fail-on-regression PCT    exit 1 when a mode got significantly slower by more than PCT percent
  --allow-different-machine   compare reports from different machines (cores, CPU model, Node) anyway
  --markdown PATH             write the comparison as a markdown table (a CI summary, a PR comment)
  --json PATH                 write the comparison as JSON
  -h, --help                  this text

Exit codes: 0 no regression past --fail-on-regression (or none asked), 1 a significant regression past
it, 2 bad input (a file that is not a report; reports of different functions, tasks, arguments,
workers, or, without --allow-different-machine, machines).`;

export interface CompareRequest {
  base: string;
  next: string;
  threshold: number;
  failOnRegression?: number;
  allowDifferentMachine: boolean;
  markdown?: string;
  json?: string;
}

export function parseCompare(argv: string[]): CompareRequest | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        threshold: { type: 'string' },
        'fail-on-regression': { type: 'string' },
        'allow-different-machine': { type: 'boolean' },
        markdown: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new BadOptionError(`${(err as Error).message}\n\n${COMPARE_USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 2) throw new BadOptionError(`Give two reports, BASE.json and NEW.json (got ${parsed.positionals.length}).\n\n${COMPARE_USAGE}`);
  if (v.markdown !== undefined && v.json !== undefined && path.resolve(v.markdown) === path.resolve(v.json)) {
    throw new BadOptionError(`--markdown and --json both write ${v.markdown}: give each its own path.`);
  }
  const fail = percentFlag('--fail-on-regression', v['fail-on-regression']);
  return {
    base: parsed.positionals[0],
    next: parsed.positionals[1],
    threshold: percentFlag('--threshold', v.threshold) ?? DEFAULT_THRESHOLD,
    ...(fail !== undefined ? { failOnRegression: fail } : {}),
    allowDifferentMachine: v['allow-different-machine'] === true,
    ...(v.markdown !== undefined ? { markdown: v.markdown } : {}),
    ...(v.json !== undefined ? { json: v.json } : {}),
  };
}

export interface GateResult {
  code: 0 | 1;
  /** The last line: what the gate decided, and why. */
  line: string;
}

/** What --fail-on-regression decides; without it the comparison never fails the build. */
export function gate(c: Comparison, failOnRegression: number | undefined): GateResult {
  if (failOnRegression === undefined) return { code: 0, line: '' };
  const past = regressionsPast(c, failOnRegression);
  if (past.length > 0) {
    const which = past.map((m) => `${m.mode} +${formatPercent(m.wall!.ratio - 1)}`).join(', ');
    return { code: 1, line: `FAIL: significantly slower by more than ${formatPercent(failOnRegression)} (--fail-on-regression): ${which}.` };
  }
  const word = c.outcome === 'improved' ? 'improved' : c.outcome === 'regressed' ? `slower, but within --fail-on-regression ${formatPercent(failOnRegression)}` : 'no significant change';
  return { code: 0, line: `PASS: ${word}.` };
}

/** Writes the --markdown and --json files; each failure is said on `err` and counted. */
export function writeComparisonFiles(c: Comparison, files: { markdown?: string; json?: string }, err: NodeJS.WritableStream): number {
  let failed = 0;
  const write = (flag: string, file: string | undefined, text: () => string) => {
    if (!file) return;
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, text());
    } catch (e) {
      failed++;
      err.write(`parallelism-profiler: ${flag} ${file}: cannot write it (${(e as Error).message}).\n`);
    }
  };
  write('--markdown', files.markdown, () => renderComparisonMarkdown(c));
  write('--json', files.json, () => JSON.stringify(c, null, 2) + '\n');
  return failed;
}

export function compareMain(argv: string[], io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }): number {
  let request: CompareRequest | 'help';
  let comparison: Comparison;
  try {
    request = parseCompare(argv);
    if (request === 'help') {
      io.out.write(COMPARE_USAGE + '\n');
      return 0;
    }
    const base = readReportFile(request.base, 'BASE');
    const next = readReportFile(request.next, 'NEW');
    const options: CompareOptions = { baseLabel: request.base, newLabel: request.next, threshold: request.threshold, allowDifferentMachine: request.allowDifferentMachine };
    comparison = compareReports(base, next, options);
  } catch (err) {
    if (err instanceof BadOptionError) {
      io.err.write(`parallelism-profiler compare: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  io.out.write(renderComparison(comparison) + '\n');
  const verdict = gate(comparison, request.failOnRegression);
  if (verdict.line) io.out.write(verdict.line + '\n');
  const unwritten = writeComparisonFiles(comparison, request, io.err);
  return verdict.code === 1 || unwritten > 0 ? 1 : 0;
}
