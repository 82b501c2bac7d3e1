// The --json, --csv and --trace files: their folders are made and checked before the profile runs,
// so a mistyped path costs a second, not a whole profile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BadOptionError, renderCsv, renderTrace } from '../engine';
import type { Report } from '../shared/report';

export interface OutputPaths {
  json?: string;
  csv?: string;
  trace?: string;
}

const FLAGS = ['json', 'csv', 'trace'] as const;

/** Makes each output's folder and checks it can be written; a BadOptionError (exit 2) names the flag. */
export function prepareOutputs(paths: OutputPaths): void {
  for (const flag of FLAGS) {
    const file = paths[flag];
    if (!file) continue;
    const abs = path.resolve(file);
    try {
      if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new Error(`${abs} is a folder`);
      const dir = path.dirname(abs);
      makeFolder(dir);
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      throw new BadOptionError(`--${flag} ${file}: cannot write there (${(err as Error).message}).`);
    }
  }
}

export function writeOutputs(report: Report, paths: OutputPaths, log: NodeJS.WritableStream): void {
  const render: Record<(typeof FLAGS)[number], () => string> = {
    json: () => JSON.stringify(report, null, 2),
    csv: () => renderCsv(report),
    trace: () => JSON.stringify(renderTrace(report)),
  };
  for (const flag of FLAGS) {
    const file = paths[flag];
    if (!file) continue;
    makeFolder(path.dirname(path.resolve(file)));
    fs.writeFileSync(file, render[flag]());
    log.write(`wrote ${file}\n`);
  }
}

/** One level at a time: Node 20's `mkdirSync(…, { recursive: true })` never returns for a path under /proc. */
function makeFolder(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
    return;
  }
  const parent = path.dirname(dir);
  if (parent !== dir) makeFolder(parent);
  fs.mkdirSync(dir);
}
