// The --json, --csv and --trace files: their folders are made and checked before the profile runs,
// so a mistyped path costs a second, not a whole profile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BadOptionError, makeFolder, renderCsv, renderTrace } from '../engine';
import type { Report } from '../shared/report/report';

export interface OutputPaths {
  json?: string;
  csv?: string;
  trace?: string;
}

const FLAGS = ['json', 'csv', 'trace'] as const;

/**
 * Makes each output's folder and checks the target can be written (not a folder, not a read-only
 * file, no two flags on one file); a BadOptionError (exit 2) names the flag. Nothing has run yet.
 */
export function prepareOutputs(paths: OutputPaths): void {
  const seen = new Map<string, string>();
  for (const flag of FLAGS) {
    const file = paths[flag];
    if (!file) continue;
    const abs = path.resolve(file);
    const other = seen.get(abs);
    if (other) throw new BadOptionError(`--${flag} ${file}: --${other} writes the same file; give each output its own path.`);
    seen.set(abs, flag);
    try {
      if (fs.existsSync(abs)) {
        if (fs.statSync(abs).isDirectory()) throw new Error(`${abs} is a folder`);
        fs.accessSync(abs, fs.constants.W_OK);
      }
      const dir = path.dirname(abs);
      makeFolder(dir);
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      throw new BadOptionError(`--${flag} ${file}: cannot write there (${describe(err)}).`);
    }
  }
}

/**
 * Writes each output on its own: one that fails (a full disk, a file made read-only meanwhile) is
 * reported in a line and the others are still written. Returns how many failed.
 */
export function writeOutputs(report: Report, paths: OutputPaths, log: NodeJS.WritableStream): number {
  const render: Record<(typeof FLAGS)[number], () => string> = {
    json: () => JSON.stringify(report, null, 2),
    csv: () => renderCsv(report),
    trace: () => JSON.stringify(renderTrace(report)),
  };
  let failed = 0;
  for (const flag of FLAGS) {
    const file = paths[flag];
    if (!file) continue;
    try {
      makeFolder(path.dirname(path.resolve(file)));
      fs.writeFileSync(file, render[flag]());
      log.write(`wrote ${file}\n`);
    } catch (err) {
      failed++;
      log.write(`parallelism-profiler: could not write --${flag} ${file}: ${describe(err)}\n`);
    }
  }
  return failed;
}

/** An error in one line, without its stack: the code (EACCES, ENOSPC…) says what happened. */
function describe(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}
