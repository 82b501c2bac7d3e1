// `--baseline BASE.json` and `--versus` on the profile command: the comparison printed and gated.
// The baseline is read and checked before anything runs (a bad file costs a second, not a profile),
// and compared with the new report at the end; --versus comes compared from the engine.
import {
  BadOptionError, compareReports, machineInfo, readReportFile, renderComparison,
} from '../engine';
import type { Comparison } from '../shared/report/comparison';
import type { Report } from '../shared/report/report';
import type { BaselineRequest } from './args';
import { gate, writeComparisonFiles } from './compare';

/** Reads the baseline and refuses one from another machine before the run, unless allowed. */
export function loadBaseline(b: BaselineRequest): Report {
  const report = readReportFile(b.file, '--baseline');
  if (!b.allowDifferentMachine) {
    const here = machineInfo();
    const there = report.machine;
    const diff: string[] = [];
    if (there.cores !== here.cores) diff.push(`cores: ${there.cores} → ${here.cores}`);
    if (there.cpuModel !== here.cpuModel) diff.push(`CPU model: ${JSON.stringify(there.cpuModel)} → ${JSON.stringify(here.cpuModel)}`);
    if (there.node !== here.node) diff.push(`Node: ${JSON.stringify(there.node)} → ${JSON.stringify(here.node)}`);
    if (there.platform !== here.platform) diff.push(`platform: ${there.platform} → ${here.platform}`);
    if (diff.length > 0) {
      throw new BadOptionError(`--baseline ${b.file} comes from a different machine, where the same code runs at a different speed:\n  ${diff.join('\n  ')}\nProfile the baseline on this machine, or pass --allow-different-machine to compare anyway.`);
    }
  }
  return report;
}

export interface BaselineOutcome {
  comparison?: Comparison;
  /** 0 fine, 1 a regression past --fail-on-regression or an unwritten file, 2 the reports cannot be compared. */
  code: 0 | 1 | 2;
}

/** Compares the finished run with the baseline, prints it and writes --markdown. */
export function compareWithBaseline(baseline: Report, report: Report, b: BaselineRequest, io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }): BaselineOutcome {
  let comparison: Comparison;
  try {
    comparison = compareReports(baseline, report, { baseLabel: b.file, newLabel: 'this run', threshold: b.threshold, allowDifferentMachine: b.allowDifferentMachine });
  } catch (err) {
    if (err instanceof BadOptionError) {
      io.err.write(`parallelism-profiler: --baseline: ${err.message}\n`);
      return { code: 2 };
    }
    throw err;
  }
  io.out.write(`\n${renderComparison(comparison)}\n`);
  const verdict = gate(comparison, b.failOnRegression);
  if (verdict.line) io.out.write(verdict.line + '\n');
  const unwritten = writeComparisonFiles(comparison, { markdown: b.markdown }, io.err);
  return { comparison, code: verdict.code === 1 || unwritten > 0 ? 1 : 0 };
}

/** --versus: the engine compared the two versions in the same rounds; print it, gate it, write --markdown. */
export function showVersus(comparison: Comparison, v: { failOnRegression?: number; markdown?: string }, io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }): BaselineOutcome {
  io.out.write(`\n${renderComparison(comparison)}\n`);
  const verdict = gate(comparison, v.failOnRegression);
  if (verdict.line) io.out.write(verdict.line + '\n');
  const unwritten = writeComparisonFiles(comparison, { markdown: v.markdown }, io.err);
  return { comparison, code: verdict.code === 1 || unwritten > 0 ? 1 : 0 };
}
