// A saved report read for a comparison: every way it can be wrong is a bad input (exit code 2) that
// names the file and says what is wrong with it.
import * as fs from 'node:fs';
import type { Report } from '../../shared/report/report';
import { MAX_REPORT_BYTES, parseReportText } from '../../shared/validation/validate';
import { BadOptionError } from '../errors';

export function readReportFile(file: string, role: string): Report {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new Error('it is a folder');
    size = stat.size;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new BadOptionError(`${role} ${file}: cannot read it (${reason}). Give a report written by --json.`);
  }
  if (size > MAX_REPORT_BYTES) throw new BadOptionError(`${role} ${file}: ${size} bytes is over the ${MAX_REPORT_BYTES}-byte limit of a report.`);
  const parsed = parseReportText(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 5).join('\n  ');
    const more = parsed.errors.length > 5 ? `\n  … and ${parsed.errors.length - 5} more` : '';
    throw new BadOptionError(`${role} ${file} is not a Parallelism Profiler report:\n  ${shown}${more}\nGive a report written by --json.`);
  }
  return parsed.report;
}
